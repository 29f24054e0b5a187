import type { Connection } from "../bindings/Connection";
import type { OpenshiftVersion } from "../bindings/OpenshiftVersion";
import { openshiftVersionOf } from "../connections/labels";

/**
 * The service host names the OpenShift integrated registry is reached by inside the cluster:
 * its certificate must name both. 3.x: the `docker-registry` service of `default` (registry
 * documents, 3.2.6.2); 4.x: the `image-registry` service of `openshift-image-registry`.
 */
export const OPENSHIFT_SERVICE_HOSTS: Record<OpenshiftVersion, readonly string[]> = {
  v3: ["docker-registry.default.svc", "docker-registry.default.svc.cluster.local"],
  v4: ["image-registry.openshift-image-registry.svc", "image-registry.openshift-image-registry.svc.cluster.local"],
};

/**
 * OpenShift 4.x's registry route when `defaultRoute` is on: `default-route-openshift-image-registry`
 * under the cluster's apps domain, which sits beside the API server's `api.` name. Null when the
 * API host does not start with `api.`.
 */
export function defaultRouteHost(apiUrl: string): string | null {
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(apiUrl) ? apiUrl : `https://${apiUrl}`).hostname;
    return host.startsWith("api.") ? `default-route-openshift-image-registry.apps.${host.slice(4)}` : null;
  } catch {
    return null;
  }
}

/** `host[:port]` of a connection's URL (the port only when the URL names one). */
export function connectionHost(connection: Connection): string | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(connection.url) ? connection.url : `https://${connection.url}`);
    return url.host || null;
  } catch {
    return null;
  }
}

/** The names a connection's registry is reached by, before the user adds any. */
export function presetHosts(connection: Connection | null): string[] {
  if (!connection) return [];
  const version = openshiftVersionOf(connection);
  // An OpenShift connection's URL is its API server, not the registry: the registry's own names.
  if (version === "v4") {
    const route = defaultRouteHost(connection.url);
    return [...(route ? [route] : []), ...OPENSHIFT_SERVICE_HOSTS.v4];
  }
  if (version === "v3") return [...OPENSHIFT_SERVICE_HOSTS.v3];
  const own = connectionHost(connection);
  return own ? [own] : [];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Whether a name is an IP address (v4 dotted, or v6 with colons, brackets allowed). */
export function isIpAddress(name: string): boolean {
  const bare = name.replace(/^\[(.*)\]$/, "$1");
  if (IPV4.test(bare)) return true;
  return bare.includes(":") && /^[0-9a-f:.]+$/i.test(bare) && bare.split(":").length >= 3;
}

/**
 * Host names typed as one text (commas, spaces or new lines between them), trimmed, without
 * duplicates, in the order typed.
 */
export function parseHostList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\s,]+/)) {
    const name = part.trim();
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}

/** How host names become SANs: IP addresses as `IP Address:`, everything else as `DNS:`. */
export function splitSans(hosts: string[]): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const h of hosts) (isIpAddress(h) ? ip : dns).push(h.replace(/^\[(.*)\]$/, "$1"));
  return { dns, ip };
}

/** Adds names to a list, skipping ones already there (case-insensitive). */
export function addHosts(list: string[], names: string[]): string[] {
  const have = new Set(list.map((h) => h.toLowerCase()));
  const out = [...list];
  for (const name of names) {
    if (!have.has(name.toLowerCase())) {
      have.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}
