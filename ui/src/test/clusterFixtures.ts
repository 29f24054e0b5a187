import type { CommandError } from "../bindings/CommandError";
import type { AccessCheck } from "../bindings/AccessCheck";
import type { AccessGrant } from "../bindings/AccessGrant";
import type { ImageStream } from "../bindings/ImageStream";
import type { RoleBindingRow } from "../bindings/RoleBindingRow";
import type { ServiceAccount } from "../bindings/ServiceAccount";
import type { Subject } from "../bindings/Subject";

/** A small cluster the fake backend answers the Access page's commands from. */
export interface FakeCluster {
  user: string;
  projects: string[];
  bindings: Record<string, RoleBindingRow[]>;
  accounts: Record<string, ServiceAccount[]>;
  streams: Record<string, ImageStream[]>;
  /** Secrets created, by `project/name`, with the YAML-free registry list. */
  secrets: Record<string, unknown>;
  /** The roles that allow pulling / pushing, for the effective-access answer. */
  pullRoles: string[];
  pushRoles: string[];
  /** Actions the signed-in user may not do, for the SelfSubjectAccessReview answers. */
  deniedActions: string[];
  tokensIssued: number;
  /** The user may not list namespaces (a cluster without the projects API). */
  listingRefused?: boolean;
  /** The roles the user may not read, for the effective-access answer. */
  unreadableRoles?: string[];
  /** Cluster role bindings (`oc adm policy add-cluster-role-to-user`); the user may make them
   * unless `deniedActions` has `grantClusterRoles`. */
  clusterBindings?: RoleBindingRow[];
}

const sa = (namespace: string, name: string, extra: Partial<ServiceAccount> = {}): ServiceAccount => ({
  namespace,
  name,
  userName: `system:serviceaccount:${namespace}:${name}`,
  secrets: [],
  imagePullSecrets: [],
  created: "2026-11-20T10:00:00Z",
  ...extra,
});

export const sampleCluster = (): FakeCluster => ({
  user: "alice",
  projects: ["team-a", "team-b", "shared-images"],
  bindings: {
    "team-a": [
      { role: "admin", roleKind: "ClusterRole", subject: { kind: "User", name: "alice", namespace: null }, binding: "admin", created: "2026-11-30T09:15:00Z" },
      {
        role: "system:image-builder",
        roleKind: "ClusterRole",
        subject: { kind: "ServiceAccount", name: "builder", namespace: "team-a" },
        binding: "system:image-builders",
      },
      {
        role: "system:image-puller",
        roleKind: "ClusterRole",
        subject: { kind: "Group", name: "system:serviceaccounts:team-a", namespace: null },
        binding: "system:image-pullers",
      },
    ],
    "team-b": [],
    "shared-images": [],
  },
  accounts: {
    "team-a": [sa("team-a", "builder"), sa("team-a", "default"), sa("team-a", "deployer")],
    "team-b": [sa("team-b", "builder"), sa("team-b", "default"), sa("team-b", "deployer"), sa("team-b", "puller")],
    "shared-images": [sa("shared-images", "default")],
  },
  streams: {
    "team-a": [
      {
        namespace: "team-a",
        name: "web",
        internalRepository: "image-registry.openshift-image-registry.svc:5000/team-a/web",
        publicRepository: "default-route-openshift-image-registry.apps.sim.example/team-a/web",
        tags: [
          {
            tag: "1.0",
            image: "sha256:1111111111111111111111111111111111111111111111111111111111111111",
            created: "2026-11-20T10:00:00Z",
            internalPullSpec: "image-registry.openshift-image-registry.svc:5000/team-a/web:1.0",
            externalPullSpec: "default-route-openshift-image-registry.apps.sim.example/team-a/web:1.0",
          },
          {
            tag: "latest",
            image: "sha256:2222222222222222222222222222222222222222222222222222222222222222",
            created: "2026-11-21T10:00:00Z",
            internalPullSpec: "image-registry.openshift-image-registry.svc:5000/team-a/web:latest",
            externalPullSpec: null,
          },
        ],
      },
    ],
  },
  secrets: {},
  pullRoles: ["registry-viewer", "registry-editor", "registry-admin", "system:image-puller", "view", "edit", "admin"],
  pushRoles: ["registry-editor", "registry-admin", "system:image-builder", "edit", "admin"],
  deniedActions: [],
  tokensIssued: 0,
});

const SELF_CHECKS: [string, string, string, string][] = [
  ["pull", "get", "image.openshift.io", "imagestreams/layers"],
  ["push", "update", "image.openshift.io", "imagestreams/layers"],
  ["listRoleBindings", "list", "rbac.authorization.k8s.io", "rolebindings"],
  ["grantRoles", "create", "rbac.authorization.k8s.io", "rolebindings"],
  ["requestTokens", "create", "", "serviceaccounts/token"],
];

const same = (a: Subject, b: Subject) => a.kind === b.kind && a.name === b.name && (a.namespace ?? null) === (b.namespace ?? null);

const notFound = (what: string): CommandError => ({ code: "notFound", message: `${what} not found.`, detail: null });

/** Answers one `cluster_*` command the way the backend would, changing `c` as the cluster does. */
export function handleCluster(c: FakeCluster, cmd: string, args: Record<string, unknown> | undefined): unknown {
  const ns = String(args?.namespace ?? "");
  const known = (p: string) => {
    if (!c.projects.includes(p)) throw notFound(`Project ${p}`);
  };
  switch (cmd) {
    case "cluster_whoami":
      return { name: c.user || null, groups: c.user ? ["system:authenticated"] : [] };
    case "cluster_projects":
      if (c.listingRefused) return { source: "namespaces", projects: [], listingRefused: true };
      return {
        source: "projects",
        projects: [...c.projects].sort().map((name) => ({ name, displayName: null, description: null, requester: null, phase: "Active" })),
        listingRefused: false,
      };
    case "cluster_role_bindings":
      known(ns);
      return structuredClone(c.bindings[ns] ?? []);
    case "cluster_image_streams":
      known(ns);
      return structuredClone(c.streams[ns] ?? []);
    case "cluster_grant_role":
    case "cluster_cross_project_pull": {
      const to = cmd === "cluster_grant_role" ? ns : String(args?.to);
      known(to);
      const role = cmd === "cluster_grant_role" ? String(args?.role) : "system:image-puller";
      const subject: Subject =
        cmd === "cluster_grant_role"
          ? (args?.subject as Subject)
          : args?.serviceAccount
            ? { kind: "ServiceAccount", name: String(args.serviceAccount), namespace: String(args.from) }
            : { kind: "Group", name: `system:serviceaccounts:${String(args?.from)}`, namespace: null };
      const rows = (c.bindings[to] ??= []);
      const held = rows.find((r) => r.role === role && same(r.subject, subject));
      if (held) return { binding: held.binding, created: false };
      const taken = new Set(rows.map((r) => r.binding));
      let binding = role;
      for (let i = 0; taken.has(binding); i++) binding = `${role}-${i}`;
      rows.push({ role, roleKind: "ClusterRole", subject, binding });
      return { binding, created: true };
    }
    case "cluster_grant_cluster_role": {
      if (c.deniedActions.includes("grantClusterRoles")) {
        throw {
          code: "accessDenied",
          message: `${c.user} may not create cluster role bindings.`,
          detail: "clusterrolebindings.rbac.authorization.k8s.io is forbidden",
        } satisfies CommandError;
      }
      const role = String(args?.role);
      const subject = args?.subject as Subject;
      const rows = (c.clusterBindings ??= []);
      const held = rows.find((r) => r.role === role && same(r.subject, subject));
      if (held) return { binding: held.binding, created: false };
      const binding = `${role}-${rows.length}`;
      rows.push({ role, roleKind: "ClusterRole", subject, binding });
      return { binding, created: true };
    }
    case "cluster_revoke_role": {
      known(ns);
      const subject = args?.subject as Subject;
      const rows = c.bindings[ns] ?? [];
      const gone = rows.filter((r) => r.role === args?.role && same(r.subject, subject));
      if (!gone.length) throw notFound(`A binding of ${String(args?.role)}`);
      c.bindings[ns] = rows.filter((r) => !gone.includes(r));
      const left = new Set(c.bindings[ns]!.map((r) => r.binding));
      return {
        updated: gone.filter((r) => left.has(r.binding)).map((r) => r.binding),
        deleted: gone.filter((r) => !left.has(r.binding)).map((r) => r.binding),
      };
    }
    case "cluster_effective_access": {
      known(ns);
      const grant = (r: RoleBindingRow): AccessGrant => ({
        subject: r.subject,
        role: r.role,
        roleKind: r.roleKind,
        binding: r.binding,
        bindingKind: "RoleBinding",
      });
      const rows = c.bindings[ns] ?? [];
      return {
        namespace: ns,
        pull: rows.filter((r) => c.pullRoles.includes(r.role)).map(grant),
        push: rows.filter((r) => c.pushRoles.includes(r.role)).map(grant),
        clusterBindingsIncluded: !c.unreadableRoles?.length,
        unreadableRoles: c.unreadableRoles ?? [],
      };
    }
    case "cluster_self_access":
      known(ns);
      return SELF_CHECKS.map(
        ([action, verb, group, resource]): AccessCheck => ({
          action,
          verb,
          group,
          resource,
          allowed: !c.deniedActions.includes(action),
          reason: null,
        }),
      );
    case "cluster_service_accounts":
      known(ns);
      return structuredClone(c.accounts[ns] ?? []);
    case "cluster_create_service_account": {
      known(ns);
      const name = String(args?.name).trim();
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
        throw { code: "invalidInput", message: `"${name}" is not a valid service account name.`, detail: null } satisfies CommandError;
      }
      const list = (c.accounts[ns] ??= []);
      if (list.some((a) => a.name === name)) {
        throw { code: "conflict", message: `serviceaccounts "${name}" already exists.`, detail: null } satisfies CommandError;
      }
      const created = sa(ns, name);
      list.push(created);
      list.sort((a, b) => a.name.localeCompare(b.name));
      return created;
    }
    case "cluster_request_token":
      c.tokensIssued += 1;
      return {
        token: `eyJhbGciOiJSUzI1NiJ9.fake-${c.tokensIssued}.sig`,
        expiresAt: new Date(Date.parse("2026-11-23T12:00:00Z") + Number(args?.lifetimeSeconds) * 1000).toISOString(),
        secretName: null,
      };
    case "cluster_long_lived_token":
      c.tokensIssued += 1;
      return { token: `eyJhbGciOiJSUzI1NiJ9.long-${c.tokensIssued}.sig`, expiresAt: null, secretName: `${String(args?.serviceAccount)}-token-x7k2p` };
    case "cluster_pull_secret_yaml": {
      const regs = args?.registries as { registry: string; username: string; password: string }[];
      const auths = Object.fromEntries(
        regs.map((r) => [r.registry, { username: r.username, password: r.password, auth: btoa(`${r.username}:${r.password}`) }]),
      );
      return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${String(args?.name)}\n  namespace: ${ns}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${btoa(JSON.stringify({ auths }))}\n`;
    }
    case "cluster_create_pull_secret":
      known(ns);
      c.secrets[`${ns}/${String(args?.name)}`] = args?.registries;
      return null;
    case "cluster_link_secret": {
      known(ns);
      const account = (c.accounts[ns] ?? []).find((a) => a.name === args?.serviceAccount);
      if (!account) throw notFound(`Service account ${String(args?.serviceAccount)}`);
      const link = args?.link as { pull: boolean; mount: boolean };
      const secret = String(args?.secret);
      if (link.pull && !account.imagePullSecrets.includes(secret)) account.imagePullSecrets.push(secret);
      if (link.mount && !account.secrets.includes(secret)) account.secrets.push(secret);
      return structuredClone(account);
    }
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}
