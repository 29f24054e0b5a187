import type { Connection } from "../bindings/Connection";

/**
 * The service host names every OpenShift integrated registry is reached by inside the cluster
 * (registry documents, 3.2.6.2): its certificate must name both.
 */
export const OPENSHIFT_SERVICE_HOSTS = [
  "docker-registry.default.svc",
  "docker-registry.default.svc.cluster.local",
] as const;

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
  const own = connectionHost(connection);
  const hosts = own ? [own] : [];
  if (connection.kind === "openshift") hosts.push(...OPENSHIFT_SERVICE_HOSTS);
  return hosts;
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
