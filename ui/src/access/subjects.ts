import type { Subject } from "../bindings/Subject";

/** The roles the registry documents grant, in the order the Grant dialog offers them. */
export const GRANTABLE_ROLES = [
  "registry-viewer",
  "registry-editor",
  "registry-admin",
  "system:image-puller",
  "system:image-builder",
  "view",
  "edit",
  "admin",
] as const;

/** The subject as `oc` writes it: `alice`, `group developers`, `system:serviceaccount:p:robot`. */
export function subjectText(s: Subject): string {
  if (s.kind === "ServiceAccount") return `system:serviceaccount:${s.namespace ?? ""}:${s.name}`;
  if (s.kind === "Group") return `group ${s.name}`;
  return s.name;
}

export const sameSubject = (a: Subject, b: Subject) =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? null) === (b.namespace ?? null);
