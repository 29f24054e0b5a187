import type { CommandError } from "../bindings/CommandError";
import type { Connection } from "../bindings/Connection";
import type { OpenedClusterRegistry } from "../bindings/OpenedClusterRegistry";
import type { RegistryInfo } from "../bindings/RegistryInfo";
import type { RegistryTls } from "../bindings/RegistryTls";
import type { SettingsState } from "../bindings/SettingsState";
import type { FakeAuth } from "./authFixtures";
import type { FakeRegistry } from "./registryFixtures";

/** What "Open the cluster's registry" finds and does in the fake backend. */
export interface FakeClusterRegistry {
  /** What `cluster_registry_info` answers. */
  info: RegistryInfo;
  /** How the linked connection checks TLS when it is added. */
  tls: RegistryTls;
  /** Image stream tags removed through the image API, as `project/stream:tag`. */
  removed: string[];
}

const IMAGES = "GET /apis/config.openshift.io/v1/images/cluster";
const DEFAULT_ROUTE = "GET /apis/route.openshift.io/v1/namespaces/openshift-image-registry/routes/default-route";
const DOCKER_REGISTRY_ROUTE = "GET /apis/route.openshift.io/v1/namespaces/default/routes/docker-registry";
const OPENSHIFT_STREAMS = "GET /apis/image.openshift.io/v1/namespaces/openshift/imagestreams?limit=1";
export const INTERNAL_HOST = "image-registry.openshift-image-registry.svc:5000";
export const ROUTE_HOST = "default-route-openshift-image-registry.apps.prod.example.com";

/** OpenShift 4 with `defaultRoute: true`: the image config names the route's host. */
export const foundOn4x = (): RegistryInfo => ({
  hosts: [
    { host: ROUTE_HOST, source: "imageConfigExternal", external: true, tls: true, object: "images.config.openshift.io/cluster" },
    { host: INTERNAL_HOST, source: "imageConfigInternal", external: false, tls: true, object: "images.config.openshift.io/cluster" },
    { host: ROUTE_HOST, source: "defaultRoute", external: true, tls: true, object: "openshift-image-registry/default-route" },
  ],
  lookups: [
    { request: IMAGES, outcome: "found", message: null },
    { request: DEFAULT_ROUTE, outcome: "found", message: null },
    { request: DOCKER_REGISTRY_ROUTE, outcome: "notFound", message: 'routes.route.openshift.io "docker-registry" not found' },
    { request: OPENSHIFT_STREAMS, outcome: "empty", message: null },
  ],
  chosen: { host: ROUTE_HOST, source: "imageConfigExternal", external: true, tls: true, object: "images.config.openshift.io/cluster" },
  choice: "external",
});

/** Only the internal Service name: a fresh 4.x cluster without the default route. */
export const internalOnly = (): RegistryInfo => ({
  hosts: [{ host: INTERNAL_HOST, source: "imageConfigInternal", external: false, tls: true, object: "images.config.openshift.io/cluster" }],
  lookups: [
    { request: IMAGES, outcome: "found", message: null },
    { request: DEFAULT_ROUTE, outcome: "notFound", message: 'routes.route.openshift.io "default-route" not found' },
    { request: DOCKER_REGISTRY_ROUTE, outcome: "notFound", message: 'routes.route.openshift.io "docker-registry" not found' },
    { request: OPENSHIFT_STREAMS, outcome: "empty", message: null },
  ],
  chosen: null,
  choice: "internalOnly",
});

/** 3.x's `oc expose svc docker-registry`: a plain-http route, for a user refused the image config. */
export const plainHttpOnly = (): RegistryInfo => ({
  hosts: [{ host: "docker-registry-default.apps.example.com", source: "dockerRegistryRoute", external: true, tls: false, object: "default/docker-registry" }],
  lookups: [
    {
      request: IMAGES,
      outcome: "forbidden",
      message: 'images.config.openshift.io "cluster" is forbidden: User "alice" cannot get resource "images" in API group "config.openshift.io" at the cluster scope',
    },
    { request: DEFAULT_ROUTE, outcome: "notFound", message: "404" },
    { request: DOCKER_REGISTRY_ROUTE, outcome: "found", message: null },
    { request: OPENSHIFT_STREAMS, outcome: "empty", message: null },
  ],
  chosen: null,
  choice: "plainHttpOnly",
});

export const sampleClusterRegistry = (): FakeClusterRegistry => ({ info: foundOn4x(), tls: "clusterCa", removed: [] });

/** Not a command of this area (or a linked connection's call that may go on). */
export const PASS = Symbol("pass");

const signInRequired = (cluster: string): CommandError => ({
  code: "signInRequired",
  message: `You are not signed in to ${cluster}: sign in first.`,
  detail: null,
});

/**
 * The cluster's registry in the fake backend, as the console answers it: discovery, the linked
 * connection added (or reused), image stream tags removed through the image API (the registry
 * then lists the stream's tags without it, as the OpenShift registry does); a linked
 * connection's registry calls need the cluster's sign-in, and its manifest delete is refused.
 */
export function handleClusterRegistry(
  fake: FakeClusterRegistry,
  state: SettingsState,
  auth: FakeAuth,
  registry: FakeRegistry,
  cmd: string,
  args: Record<string, unknown> | undefined,
): unknown {
  const connections = state.settings.connections;
  const byId = (id: unknown) => connections.find((c) => c.id === id);
  const clusterOf = (id: unknown): Connection => {
    const cluster = byId(id);
    if (!cluster || cluster.kind !== "openshift") {
      throw { code: "invalidInput", message: "Not an OpenShift connection.", detail: null } satisfies CommandError;
    }
    if (!auth.statuses[cluster.id]) throw signInRequired(cluster.name);
    return cluster;
  };
  if (cmd === "cluster_registry_info") {
    clusterOf(args?.connectionId);
    return structuredClone(fake.info);
  }
  if (cmd === "cluster_registry_open") {
    const cluster = clusterOf(args?.connectionId);
    const host = fake.info.hosts.find((h) => h.host === args?.host && h.external && h.tls);
    if (!host) {
      throw { code: "invalidInput", message: `${String(args?.host)} is not an external registry host name that ${cluster.name} gives.`, detail: null } satisfies CommandError;
    }
    const url = `https://${host.host}`;
    const existing = connections.find((c) => c.linkedCluster === cluster.id && c.url === url);
    if (existing) return { connection: existing, reused: true, host, tls: fake.tls } satisfies OpenedClusterRegistry;
    const connection: Connection = {
      id: `linked-${connections.length + 1}`,
      name: `${cluster.name} registry`,
      kind: "registry",
      url,
      tls: fake.tls === "clusterCa" ? cluster.tls : fake.tls === "clusterInsecure" ? { mode: "insecure" } : { mode: "system" },
      linkedCluster: cluster.id,
    };
    connections.push(connection);
    return { connection, reused: false, host, tls: fake.tls } satisfies OpenedClusterRegistry;
  }
  const linked = cmd.startsWith("registry_") || cmd === "cluster_registry_delete_tag" ? byId(args?.connectionId) : undefined;
  if (!linked?.linkedCluster) {
    if (cmd === "cluster_registry_delete_tag") {
      throw { code: "invalidInput", message: `${linked?.name ?? "?"} is not linked to an OpenShift connection.`, detail: null } satisfies CommandError;
    }
    return PASS;
  }
  if (cmd === "registry_sign_in") {
    throw { code: "invalidInput", message: `${linked.name} signs in with its cluster's login: sign in to the OpenShift connection instead.`, detail: null } satisfies CommandError;
  }
  // No sign-in of its own; cancelling a listing needs none.
  if (cmd === "registry_signed_in") return null;
  if (cmd.endsWith("_cancel")) return PASS;
  const cluster = byId(linked.linkedCluster);
  if (!cluster || !auth.statuses[cluster.id]) throw signInRequired(cluster?.name ?? "the cluster");
  if (cmd === "registry_delete" || cmd === "registry_delete_plan") {
    throw {
      code: "deleteDisabled",
      message: `On ${linked.name}, tags are removed through the image API (as oc tag -d does): deleting the manifest in the registry would leave the image stream pointing at it. OpenShift removes unused images with oc adm prune images.`,
      detail: null,
    } satisfies CommandError;
  }
  if (cmd === "cluster_registry_delete_tag") {
    const repository = String(args?.repository);
    const tag = String(args?.tag);
    const tags = registry.tags[repository] ?? [];
    if (!/^[^/]+\/[^/]+$/.test(repository)) {
      throw { code: "invalidInput", message: `${repository} is not a repository of the cluster's registry (<project>/<image stream>).`, detail: null } satisfies CommandError;
    }
    if (!tags.includes(tag)) {
      const [, stream] = repository.split("/");
      throw { code: "notFound", message: `imagestreamtags.image.openshift.io "${stream}:${tag}" not found`, detail: null } satisfies CommandError;
    }
    registry.tags[repository] = tags.filter((x) => x !== tag);
    delete registry.summaries[`${repository}:${tag}`];
    fake.removed.push(`${repository}:${tag}`);
    return null;
  }
  return PASS;
}
