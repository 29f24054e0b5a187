import type { Denial } from "../bindings/Denial";

/**
 * Reads the apiserver's standard RBAC refusal (`User "bob" cannot create resource
 * "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "p"`), which the
 * backend puts in a `forbidden` error's detail, into its parts; null for any other text.
 * The same reading as the cluster crate's `Denial::parse`.
 */
export function parseDenial(message: string | null | undefined): Denial | null {
  if (!message) return null;
  const m = /User "([^"]*)" cannot (\S+) resource "([^"]*)" in API group "([^"]*)"\s*(?:in the namespace "([^"]*)"|(at the cluster scope))/.exec(
    message,
  );
  if (!m) return null;
  return {
    user: m[1] ?? "",
    verb: m[2] ?? "",
    resource: m[3] ?? "",
    group: m[4] ?? "",
    namespace: m[6] ? null : (m[5] ?? null),
  };
}
