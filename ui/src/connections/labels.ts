import type { ConnectionKind } from "../bindings/ConnectionKind";
import type { MessageKey } from "../i18n/en";

export const KINDS: ConnectionKind[] = ["registry", "openshift", "quay"];

export const KIND_LABEL: Record<ConnectionKind, MessageKey> = {
  registry: "kind.registry",
  openshift: "kind.openshift",
  quay: "kind.quay",
};

export const URL_PLACEHOLDER: Record<ConnectionKind, MessageKey> = {
  registry: "form.urlPlaceholder.registry",
  openshift: "form.urlPlaceholder.openshift",
  quay: "form.urlPlaceholder.quay",
};
