import type { Connection } from "../bindings/Connection";
import type { ConnectionKind } from "../bindings/ConnectionKind";
import type { OpenshiftVersion } from "../bindings/OpenshiftVersion";
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

export const OPENSHIFT_VERSIONS: OpenshiftVersion[] = ["v4", "v3"];

export const OPENSHIFT_VERSION_LABEL: Record<OpenshiftVersion, MessageKey> = {
  v4: "platform.v4",
  v3: "platform.v3",
};

/** The OpenShift version of an OpenShift connection (4.x when never picked); null for the other kinds. */
export function openshiftVersionOf(connection: Connection | null | undefined): OpenshiftVersion | null {
  if (!connection || connection.kind !== "openshift") return null;
  return connection.openshiftVersion ?? "v4";
}

/**
 * The integrated registry's host:port inside the cluster, as each OpenShift names it (3.x: the
 * `docker-registry` service of `default`; 4.x: `image-registry` of `openshift-image-registry`).
 */
export const INTERNAL_REGISTRY: Record<OpenshiftVersion, string> = {
  v3: "docker-registry.default.svc:5000",
  v4: "image-registry.openshift-image-registry.svc:5000",
};

/** A connection's kind in words, with its OpenShift version ("OpenShift 4.x cluster"). */
export function kindLabel(connection: Connection, t: (key: MessageKey) => string): string {
  const version = openshiftVersionOf(connection);
  return t(version === "v3" ? "kind.openshiftV3" : version === "v4" ? "kind.openshiftV4" : KIND_LABEL[connection.kind]);
}
