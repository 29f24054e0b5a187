import type { Application } from "../bindings/Application";
import type { CommandError } from "../bindings/CommandError";
import type { GeneratedToken } from "../bindings/GeneratedToken";
import type { NamespaceSync } from "../bindings/NamespaceSync";
import type { OAuthScope } from "../bindings/OAuthScope";
import type { QuayIntegration } from "../bindings/QuayIntegration";
import type { ScopeInfo } from "../bindings/ScopeInfo";
import type { SyncReport } from "../bindings/SyncReport";
import type { FakeCluster } from "./clusterFixtures";
import type { FakeQuay } from "./quayFixtures";

/** Quay's scopes as the backend answers them (Quay's order and words). */
export const SCOPES: ScopeInfo[] = [
  { scope: "repo:read", title: "View all visible repositories", description: "This application will be able to view and pull all repositories visible to the granting user", dangerous: false },
  { scope: "repo:write", title: "Read/Write to any accessible repositories", description: "This application will be able to view, push and pull to all repositories to which the granting user has write access", dangerous: false },
  { scope: "repo:admin", title: "Administer Repositories", description: "This application will have administrator access to all repositories to which the granting user has access", dangerous: false },
  { scope: "repo:create", title: "Create Repositories", description: "This application will be able to create repositories in all namespaces that the granting user is allowed to create repositories", dangerous: false },
  { scope: "user:read", title: "Read User Information", description: "This application will be able to read user information such as username and email address.", dangerous: false },
  { scope: "org:admin", title: "Administer Organization", description: "This application will be able to administer your organizations.", dangerous: true },
  { scope: "super:user", title: "Super User Access", description: "This application will be able to administer your installation.", dangerous: true },
  { scope: "user:admin", title: "Administer User", description: "This application will be able to administer your account.", dangerous: true },
];

/** The applications, tokens, secret and resources the fake backend keeps for these tabs. */
export interface FakeBridge {
  applications: Record<string, Application[]>;
  /** Tokens generated, in order, with their scopes. */
  tokens: { token: string; scopes: OAuthScope[]; way: "api" | "browser" }[];
  /** The scopes the signed-in token holds: asking for another is refused (403), as Quay does. */
  signedInScopes: OAuthScope[];
  /** Browser flows waiting for "Authorize Application", by request id: resolve or cancel. */
  waiting: Map<string, { resolve: () => void; cancel: () => void }>;
  /** Secrets written, by `namespace/name`, with their data. */
  secrets: Record<string, Record<string, string>>;
  /** QuayIntegrations applied, by name. */
  integrations: Record<string, QuayIntegration>;
}

export const sampleBridge = (): FakeBridge => ({
  applications: {
    team: [{ name: "openshift", clientId: "ABCDEFGHIJ0123456789", redirectUri: "http://127.0.0.1/callback", applicationUri: null, description: "Quay Bridge Operator", avatarEmail: null }],
  },
  tokens: [],
  signedInScopes: SCOPES.map((s) => s.scope),
  waiting: new Map(),
  secrets: {},
  integrations: {},
});

const refused = (code: CommandError["code"], message: string): CommandError => ({ code, message, detail: null });

/** The commands of these tabs that need no Quay sign-in. */
export const BRIDGE_COMMANDS_WITHOUT_QUAY = new Set(["quay_oauth_scopes", "quay_bridge_manifests", "quay_bridge_defaults", "quay_bridge_create_secret", "quay_bridge_apply"]);

export function isBridgeCommand(cmd: string): boolean {
  return cmd === "quay_oauth_scopes" || cmd.startsWith("quay_application") || cmd.startsWith("quay_bridge_");
}

const K8S_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const DENIED = ["default", "openshift", "management-infra"];

function syncs(spec: QuayIntegration, ns: string): boolean {
  if (spec.denylistNamespaces.includes(ns)) return false;
  if (spec.allowlistNamespaces.includes(ns)) return true;
  if (DENIED.includes(ns) || ns.startsWith("openshift-") || ns.startsWith("kube-")) return false;
  return spec.allowlistNamespaces.length === 0;
}

function validate(spec: QuayIntegration) {
  if (!/^[a-z0-9][a-z0-9_.-]*$/.test(spec.clusterId.toLowerCase())) throw refused("invalidName", `"${spec.clusterId}" is not a valid cluster ID.`);
  if (!K8S_NAME.test(spec.credentialsSecret.namespace)) throw refused("invalidName", `"${spec.credentialsSecret.namespace}" is not a valid namespace.`);
  for (const ns of spec.allowlistNamespaces) if (!K8S_NAME.test(ns)) throw refused("invalidName", `"${ns}" is not a valid namespace.`);
  if (!/^https?:\/\/[^/]+/.test(spec.quayHostname)) throw refused("invalidUrl", `${spec.quayHostname}: quayHostname must be Quay's http:// or https:// URL.`);
}

const yamlOf = (s: QuayIntegration) =>
  `apiVersion: quay.redhat.com/v1\nkind: QuayIntegration\nmetadata:\n  name: "${s.name}"\nspec:\n  clusterID: "${s.clusterId}"\n  credentialsSecret:\n    namespace: "${s.credentialsSecret.namespace}"\n    name: "${s.credentialsSecret.name}"\n    key: "${s.credentialsSecret.key}"\n  quayHostname: "${s.quayHostname}"\n` +
  (s.allowlistNamespaces.length ? `  allowlistNamespaces:\n${s.allowlistNamespaces.map((n) => `    - "${n}"\n`).join("")}` : "") +
  (s.insecureRegistry ? "  insecureRegistry: true\n" : "");

const secretLine = (s: QuayIntegration, token: string) =>
  `oc create secret generic ${s.credentialsSecret.name} --from-literal=${s.credentialsSecret.key}=${token} -n ${s.credentialsSecret.namespace}`;

/**
 * The Applications and Bridge Operator commands against `b`, the Quay `q` (its organizations
 * and robots are what the sync check finds) and the cluster `c` (its projects).
 */
export function handleQuayBridge(
  b: FakeBridge,
  q: FakeQuay,
  c: FakeCluster,
  connections: { id: string; url: string; kind: string; tls: unknown }[],
  cmd: string,
  args: Record<string, unknown> | undefined,
): unknown {
  const org = String(args?.organization ?? "");
  const apps = (b.applications[org] ??= []);
  const app = () => {
    const found = apps.find((a) => a.clientId === args?.clientId);
    if (!found) throw refused("notFound", `GET /organization/${org}/applications/${String(args?.clientId)}: not found (HTTP 404).`);
    return found;
  };
  const mint = (scopes: OAuthScope[], way: "api" | "browser"): string => {
    const token = `GENERATED-TOKEN-${b.tokens.length + 1}`;
    b.tokens.push({ token, scopes, way });
    // Quay takes the new token from now on (the fake Quay knows one valid sign-in token).
    q.token = token;
    return token;
  };
  switch (cmd) {
    case "quay_oauth_scopes":
      return SCOPES;
    case "quay_applications":
      return apps;
    case "quay_application_create": {
      const name = String(args?.name ?? "").trim();
      if (!name) throw refused("invalidInput", "POST /organization/team/applications: Quay refused it (HTTP 400): Missing name.");
      const made: Application = {
        name,
        clientId: `CLIENT${String(apps.length + 1).padStart(14, "0")}`,
        redirectUri: "http://127.0.0.1/callback",
        applicationUri: null,
        description: String(args?.description ?? "") || null,
        avatarEmail: null,
      };
      apps.push(made);
      apps.sort((x, y) => x.name.localeCompare(y.name));
      return made;
    }
    case "quay_application_delete":
      app();
      b.applications[org] = apps.filter((a) => a.clientId !== args?.clientId);
      return null;
    case "quay_application_token": {
      app();
      const scopes = args?.scopes as OAuthScope[];
      if (scopes.some((s) => !b.signedInScopes.includes(s))) {
        throw refused("accessDenied", `POST /organization/${org}/applications/${String(args?.clientId)}/tokens: Quay refused (HTTP 403): Unauthorized.`);
      }
      const token = mint(scopes, "api");
      return {
        token,
        info: { uuid: `uuid-${b.tokens.length}`, name: String(args?.name), scope: scopes.join(" "), expiresAt: "2036-12-01T10:00:00Z", created: "2026-12-01T10:00:00Z", createdBy: q.username },
      } satisfies GeneratedToken;
    }
    case "quay_application_token_browser": {
      app();
      const scopes = args?.scopes as OAuthScope[];
      return new Promise<GeneratedToken>((resolve, reject) => {
        b.waiting.set(String(args?.requestId), {
          resolve: () => resolve({ token: mint(scopes, "browser"), info: null }),
          cancel: () => reject(refused("cancelled", "The sign-in was cancelled.")),
        });
      });
    }
    case "quay_bridge_defaults": {
      const quay = connections.find((x) => x.id === args?.quayConnectionId);
      if (!quay || quay.kind !== "quay") throw refused("invalidInput", "Not a Quay.");
      return {
        name: "quay",
        clusterId: "openshift",
        credentialsSecret: { namespace: String(args?.secretNamespace), name: "quay-integration", key: "token" },
        quayHostname: quay.url.replace(/\/+$/, ""),
        allowlistNamespaces: [],
        denylistNamespaces: [],
        insecureRegistry: (quay.tls as { mode: string }).mode !== "system",
      } satisfies QuayIntegration;
    }
    case "quay_bridge_manifests": {
      const spec = args?.integration as QuayIntegration;
      validate(spec);
      const token = (args?.token as string | null)?.trim() || null;
      return {
        yaml: yamlOf(spec),
        secretCommand: secretLine(spec, token ?? "'<access_token>'"),
        secretCommandMasked: secretLine(spec, token ? "'••••••••'" : "'<access_token>'"),
      };
    }
    case "quay_bridge_create_secret": {
      const spec = args?.integration as QuayIntegration;
      validate(spec);
      const key = `${spec.credentialsSecret.namespace}/${spec.credentialsSecret.name}`;
      const existed = key in b.secrets;
      b.secrets[key] = { ...b.secrets[key], [spec.credentialsSecret.key]: String(args?.token) };
      return existed ? "updated" : "created";
    }
    case "quay_bridge_apply": {
      const spec = args?.integration as QuayIntegration;
      validate(spec);
      const existed = spec.name in b.integrations;
      b.integrations[spec.name] = spec;
      return existed ? "updated" : "created";
    }
    case "quay_bridge_sync_check": {
      const spec = args?.integration as QuayIntegration;
      validate(spec);
      const all = [...new Set([...(args?.clusterConnectionId ? c.projects : []), ...spec.allowlistNamespaces])].sort();
      const synced = all.filter((n) => syncs(spec, n));
      const namespaces: NamespaceSync[] = synced.map((ns) => {
        const organization = `${spec.clusterId.toLowerCase()}_${ns}`;
        const exists = q.organizations.some((o) => o.name === organization);
        const robots = ["builder", "default", "deployer"].map((sa) => {
          const robot = `${organization}+${sa}`;
          return { serviceAccount: sa, robot, exists: exists && (q.robots[organization] ?? []).some((r) => r.robot.name === robot) };
        });
        const missing = [...(exists ? [] : [organization]), ...robots.filter((r) => !r.exists).map((r) => r.robot)];
        return { namespace: ns, organization, organizationExists: exists, robots, missing, error: null };
      });
      return {
        namespaces,
        notSynced: all.filter((n) => !syncs(spec, n)),
        inSync: namespaces.every((n) => n.missing.length === 0),
      } satisfies SyncReport;
    }
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}
