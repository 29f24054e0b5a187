import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandError } from "../bindings/CommandError";
import type { Connection } from "../bindings/Connection";
import type { ConnectionDraft } from "../bindings/ConnectionDraft";
import type { Preferences } from "../bindings/Preferences";
import type { SettingsState } from "../bindings/SettingsState";
import type { CatalogEvent } from "../bindings/CatalogEvent";
import type { DeletePlan } from "../bindings/DeletePlan";
import type { AuthFileKind } from "../bindings/AuthFileKind";
import type { AuthFilePreview } from "../bindings/AuthFilePreview";
import type { LoginLines } from "../bindings/LoginLines";
import { bytesToBase64 } from "../certificates/files";
import type { LastView } from "../bindings/LastView";
import type { SecretCopied } from "../bindings/SecretCopied";
import type { SecretRef } from "../bindings/SecretRef";
import type { PullSecretRequest } from "../bindings/PullSecretRequest";
import { appInfo, settingsState } from "./fixtures";
import { sampleRegistry, type FakeRegistry } from "./registryFixtures";
import { handleCluster, sampleCluster, type FakeCluster } from "./clusterFixtures";
import { handleQuay, sampleQuay, type FakeQuay } from "./quayFixtures";
import { handleQuayTeams, QUAY_TEAMS_COMMANDS } from "./quayTeamsFixtures";
import { BRIDGE_COMMANDS_WITHOUT_QUAY, handleQuayBridge, isBridgeCommand, sampleBridge, type FakeBridge } from "./quayBridgeFixtures";
import { handleQuayRepos, QUAY_REPOS_COMMANDS } from "./quayReposFixtures";
import { handleRecentRepos, RECENT_REPOS_COMMANDS } from "./recentReposFixtures";
import type { SignInStatus } from "../bindings/SignInStatus";
import { signInGivenTo } from "../connections/ConnectionFormModal";
import { OAUTH_URL, sampleAuth, signedIn as signedInStatus, type FakeAuth } from "./authFixtures";
import type { BundleInput } from "../bindings/BundleInput";
import type { DirectoryInput } from "../bindings/DirectoryInput";
import type { BundleReport } from "../bindings/BundleReport";
import type { EndpointInput } from "../bindings/EndpointInput";
import type { EndpointReport } from "../bindings/EndpointReport";
import type { GenerateRequest } from "../bindings/GenerateRequest";
import type { SavedFile } from "../bindings/SavedFile";
import { sampleKubeconfig, type FakeKubeconfig } from "./kubeconfigFixtures";
import type { KubeconfigListing } from "../bindings/KubeconfigListing";
import type { ImportedSignIn } from "../bindings/ImportedSignIn";
import { handleClusterRegistry, PASS, sampleClusterRegistry, type FakeClusterRegistry } from "./clusterRegistryFixtures";
import { generatedSelfSigned, reversedBundleReport, untrustedEndpointReport } from "./certFixtures";
import { handlePullSecretImport, samplePullSecretImports } from "./pullSecretImportFixtures";
import { handleActivity, sampleActivity, type FakeActivity } from "./activityFixtures";
import { handleHealth, sampleHealth, type FakeHealth } from "./healthFixtures";

/** What the certificate commands answer. */
export interface FakeCerts {
  /** The doctor's report for any input (its `hosts` follow the hosts asked for when set). */
  doctor: BundleReport;
  /** The inspection's report for any endpoint. */
  endpoint: EndpointReport;
  /** Paths that exist already: writing there without `overwrite` is refused. */
  existing: Set<string>;
  /** Files written, by path, with the part or bundle written there. */
  written: Map<string, string>;
  /** The home directory Tauri's path API reports. */
  home: string;
  /** Certificates directories that exist: their entry names (the `.cert` ones sorted as the console does). */
  directories: Record<string, string[]>;
}

const sampleCerts = (): FakeCerts => ({
  doctor: reversedBundleReport(),
  endpoint: untrustedEndpointReport(),
  existing: new Set(),
  written: new Map(),
  home: "/home/admin",
  directories: {},
});

/** A catalog listing the fake backend is streaming into the UI's channel. */
export interface Listing {
  listingId: string;
  connectionId: string;
  /** Sends one event into the UI's channel, in order, as the real backend does. */
  emit: (event: CatalogEvent) => void;
  /** Sends the next page of the registry's names; false when there was none left. */
  nextPage: () => boolean;
  /** Sends `done` and resolves the `registry_catalog` call. */
  finish: () => void;
  finished: boolean;
  cancel?: () => void;
}

/** The Channel object the UI passed: with `mockIPC` arguments arrive unserialized. */
type ChannelArg = { id: number };

function sendToChannel(channel: ChannelArg, index: number, message: unknown) {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
  internals.runCallback(channel.id, { index, message });
}

const REGISTRY_COMMANDS_WITHOUT_AUTH = new Set([
  "registry_sign_in",
  "registry_sign_out",
  "registry_signed_in",
  "registry_catalog_cancel",
  "registry_tags_cancel",
  "registry_recent_repositories",
  "registry_forget_recent_repository",
]);

/** How the fake OS keyring behaves: works, or refuses the way the vault reports it. */
export type FakeKeyring = "ok" | "locked" | "unavailable";

const KEYRING_ERRORS: Record<Exclude<FakeKeyring, "ok">, CommandError> = {
  locked: {
    code: "keyringUnavailable",
    message: "The OS keyring is locked. Unlock it and try again.",
    detail: "the OS keyring is locked: prompt dismissed",
  },
  unavailable: {
    code: "keyringUnavailable",
    message: "The OS keyring is not available on this desktop.",
    detail: "the OS keyring is not available: no default credential store",
  },
};

/** What the backend answers when the cluster or registry refuses the stored sign-in (401). */
export const SESSION_ENDED: CommandError = {
  code: "signInRequired",
  message: "The cluster did not accept the token (HTTP 401): sign in again.",
  detail: null,
};

/** An auth file as the fake backend keeps it: entries by key (the `auth` value). */
export interface FakeAuthFile {
  path: string;
  reason: string;
  exists: boolean;
  entries: Record<string, string>;
  helper: string | null;
  /** When set, the file does not parse: preview and write fail with this reason. */
  malformed: string | null;
}

const MASK = "••••••••";
const quote = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

export interface Call {
  cmd: string;
  args: Record<string, unknown> | undefined;
}

/**
 * An in-memory backend behind `mockIPC`: it keeps the settings like the real one does, records
 * every call, and lets a test make one command fail with a `CommandError`.
 */
export function fakeBackend(
  options: {
    state?: SettingsState;
    systemLocale?: string;
    registry?: Partial<FakeRegistry>;
    /** Sign-ins already in the keyring, as after a restart: connection id -> user. */
    keyringSignIns?: Record<string, { username: string; password: string }>;
    keyring?: FakeKeyring;
    auth?: Partial<FakeAuth>;
    certs?: Partial<FakeCerts>;
    cluster?: Partial<FakeCluster>;
    kubeconfig?: Partial<FakeKubeconfig>;
    quay?: Partial<FakeQuay>;
    quayBridge?: Partial<FakeBridge>;
    /** Repositories recently opened by name, per connection id (the settings file's). */
    recentRepositories?: Record<string, string[]>;
    clusterRegistry?: Partial<FakeClusterRegistry>;
    activity?: Partial<FakeActivity>;
    health?: Partial<FakeHealth>;
  } = {},
) {
  const certs: FakeCerts = { ...sampleCerts(), ...options.certs };
  const auth: FakeAuth = { ...sampleAuth(), ...options.auth };
  const kubeconfig: FakeKubeconfig = { ...sampleKubeconfig(), ...options.kubeconfig };
  /** The listing of `path` as the backend reads it: the default lookup, or a typed path. */
  const kubeconfigAt = (path: unknown): KubeconfigListing => {
    if (path === null || path === undefined) {
      const found = kubeconfig.defaultListing;
      if ("code" in found) throw found;
      return found;
    }
    const listing = kubeconfig.files[String(path)];
    if (!listing) {
      throw { code: "invalidInput", message: `No kubeconfig found at ${String(path)}.`, detail: null } satisfies CommandError;
    }
    return listing;
  };
  const pendingSignIns: Record<string, SignInStatus> = {};
  const waitingSignIns = new Map<string, () => void>();
  /** Keeps a new sign-in as the real backend does: the keyring, or pending on its failure. */
  const keepSignIn = (status: SignInStatus): SignInStatus => {
    if (auth.keyring === "unavailable") {
      pendingSignIns[status.connectionId] = status;
      throw {
        code: "keyringUnavailable",
        message: "The sign-in could not be kept in the OS keyring: the OS keyring is not available.",
        detail: "the OS keyring is not available: no default credential store",
      } satisfies CommandError;
    }
    auth.statuses[status.connectionId] = status;
    return status;
  };
  const state: SettingsState = structuredClone(options.state ?? settingsState());
  const registry: FakeRegistry = { ...sampleRegistry(), ...options.registry };
  const cluster: FakeCluster = { ...sampleCluster(), ...options.cluster };
  const quay: FakeQuay = { ...sampleQuay(), ...options.quay };
  const quayBridge: FakeBridge = { ...sampleBridge(), ...options.quayBridge };
  const pullSecretImports = samplePullSecretImports();
  const clusterRegistry: FakeClusterRegistry = { ...sampleClusterRegistry(), ...options.clusterRegistry };
  const health: FakeHealth = { ...sampleHealth(), ...options.health };
  const bridgeCall = (cmd: string, args: Record<string, unknown> | undefined) => handleQuayBridge(quayBridge, quay, cluster, state.settings.connections, cmd, args);
  const recentRepositories: Record<string, string[]> = structuredClone(options.recentRepositories ?? {});
  const activity: FakeActivity = { ...sampleActivity(), ...options.activity };
  const calls: Call[] = [];
  /** Files on the fake machine, by absolute path: what the backend reads when given a path. */
  const disk = new Map<string, string>();
  /** What the next native open/save dialogs answer (a path, several, or `null` for Cancel). */
  const dialogAnswers: (string | string[] | null)[] = [];
  /** What the backend put on the clipboard (secrets copied by the backend), oldest first. */
  const clipboard: string[] = [];
  /** The login lines of a signed-in connection: no secret (the client prompts for it). */
  const loginLines = (id: string): LoginLines => {
    const c = credentialsOf(id);
    const key = keyOf(id);
    return {
      key,
      username: c.username,
      docker: `docker login -u ${quote(c.username)} ${quote(key.split("/")[0] ?? key)}`,
      podman: `podman login -u ${quote(c.username)} ${quote(key)}`,
    };
  };
  const failures = new Map<string, CommandError>();
  /** Commands whose next calls fail once each, in order: `failNext`. */
  const nextFailures = new Map<string, CommandError[]>();
  const listings: Listing[] = [];
  /** Held tag listings (`tagsMode: "manual"`) by listing id: how each is cancelled or finished. */
  const tagListings = new Map<string, () => void>();
  const tagFinishers = new Map<string, () => void>();
  /** The fake OS keyring's entries and this session's, by connection id. */
  const keyringEntries = new Map(Object.entries(options.keyringSignIns ?? {}));
  const sessionEntries = new Map<string, { username: string; password: string }>();
  let keyring: FakeKeyring = options.keyring ?? "ok";
  const authFiles: Record<AuthFileKind, FakeAuthFile> = {
    podman: { path: "/run/user/1000/containers/auth.json", reason: "$XDG_RUNTIME_DIR/containers/auth.json", exists: false, entries: {}, helper: null, malformed: null },
    docker: { path: "/home/me/.docker/config.json", reason: "$HOME/.docker/config.json", exists: true, entries: { "quay.io": "cXVheTpxdWF5" }, helper: null, malformed: null },
  };
  const keyOf = (id: string) => {
    const c = state.settings.connections.find((x) => x.id === id);
    return c ? c.url.replace(/^https?:\/\//, "").replace(/\/+$/, "") : "";
  };
  const credentialsOf = (id: string) => {
    const found = storedFor(id);
    if (!found) {
      throw { code: "signInRequired", message: "Sign in to this connection on the Registries page first.", detail: null } satisfies CommandError;
    }
    if (found.username.includes(":")) {
      throw { code: "invalidInput", message: `The user name "${found.username}" contains a colon (:).`, detail: null } satisfies CommandError;
    }
    return found;
  };
  const fileFor = (kind: AuthFileKind) => {
    const file = authFiles[kind];
    if (file.malformed) {
      throw { code: "other", message: `${file.path} is not a valid auth file (${file.malformed}); it was not changed.`, detail: null } satisfies CommandError;
    }
    return file;
  };
  let signedIn = false;
  const keyringCheck = () => {
    if (keyring !== "ok") throw KEYRING_ERRORS[keyring];
  };
  const storedFor = (id: string) => {
    const session = sessionEntries.get(id);
    if (session) return { ...session, keptIn: "session" as const };
    // As the backend: no keyring on this desktop means nothing saved there, not an error.
    if (keyring === "unavailable") return null;
    keyringCheck();
    const kept = keyringEntries.get(id);
    return kept ? { ...kept, keptIn: "keyring" as const } : null;
  };
  const matches = (c: { username: string; password: string } | null) =>
    !!c && !!registry.credentials && c.username === registry.credentials.username && c.password === registry.credentials.password;
  const summaries = { inFlight: 0, maxInFlight: 0 };
  let nextId = 100;

  const startListing = (connectionId: string, listingId: string, channel: ChannelArg): Promise<null> =>
    new Promise((resolve) => {
      let index = 0;
      let sent = 0;
      const started = Date.now();
      const listing: Listing = {
        listingId,
        connectionId,
        finished: false,
        emit: (event) => sendToChannel(channel, index++, event),
        nextPage: () => {
          if (sent >= registry.repositories.length) return false;
          const page = registry.repositories.slice(sent, sent + registry.pageSize);
          sent += page.length;
          listing.emit({ event: "page", repositories: page, loaded: sent });
          return true;
        },
        finish: () => {
          if (listing.finished) return;
          listing.finished = true;
          listing.emit({ event: "done", total: sent, elapsedMs: Math.max(1, Date.now() - started) });
          resolve(null);
        },
      };
      listing.cancel = () => {
        if (listing.finished) return;
        listing.finished = true;
        listing.emit({ event: "cancelled", loaded: sent });
        resolve(null);
      };
      listings.push(listing);
      if (registry.catalogMode === "auto") {
        // Pages arrive one task apart, as they do over the network.
        const step = () => {
          if (listing.finished) return;
          if (listing.nextPage()) setTimeout(step, 0);
          else listing.finish();
        };
        setTimeout(step, 0);
      }
    });

  const failureFor = (cmd: string, repository: unknown, reference: unknown) =>
    registry.failures[`${cmd} ${String(repository)}:${String(reference)}`];

  const tagsPointingTo = (repository: string, d: string) =>
    (registry.tags[repository] ?? []).filter((tag) => registry.summaries[`${repository}:${tag}`]?.digest === d);

  /** Writes like the backend does: an existing file only with `overwrite`, mode 0600. */
  const writeFile = (path: string, content: string, overwrite: boolean): SavedFile => {
    if (!path.startsWith("/")) {
      throw { code: "invalidInput", message: `${path} is not an absolute path.`, detail: null } satisfies CommandError;
    }
    if (certs.existing.has(path) && !overwrite) {
      throw { code: "fileExists", message: `${path} already exists.`, detail: null } satisfies CommandError;
    }
    certs.existing.add(path);
    certs.written.set(path, content);
    return { path, bytes: content.length, mode: 0o600 };
  };

  const handle = (cmd: string, payload: unknown) => {
    const args = payload as Record<string, unknown> | undefined;
    calls.push({ cmd, args: cmd === "registry_catalog" ? { ...args, onEvent: "<channel>" } : args });
    const failure = failures.get(cmd);
    if (failure) throw failure;
    const next = nextFailures.get(cmd)?.shift();
    if (next) {
      // As the backend does when the cluster refuses the stored token: the session is gone.
      if (next.code === "signInRequired" && cmd.startsWith("cluster_")) delete auth.statuses[String(args?.connectionId)];
      throw next;
    }
    if (cmd.startsWith("activity_")) return handleActivity(activity, cmd, args);
    const linked = handleClusterRegistry(clusterRegistry, state, auth, registry, cmd, args);
    if (linked !== PASS) return linked;
    // Health checks and scrapes ask anonymously (or with the metrics secret), never the sign-in.
    const checked = handleHealth(health, state, cmd, args);
    if (checked !== PASS) return checked;
    if (cmd.startsWith("registry_") && registry.credentials && !signedIn && !REGISTRY_COMMANDS_WITHOUT_AUTH.has(cmd)) {
      // As the backend does on first use: the saved sign-in comes from the keyring.
      if (matches(storedFor(String(args?.connectionId)))) signedIn = true;
    }
    if (cmd.startsWith("registry_") && registry.credentials && !signedIn && !REGISTRY_COMMANDS_WITHOUT_AUTH.has(cmd)) {
      throw {
        code: "signInRequired",
        message: "The registry asks for credentials.",
        detail: 'UNAUTHORIZED: authentication required',
      } satisfies CommandError;
    }
    if (cmd.startsWith("cluster_")) return handleCluster(cluster, cmd, args);
    if (cmd === "pull_secret_import_file") {
      // As the backend does: it reads the file the dialog gave, capped, and parses it.
      const path = String(args?.path);
      const text = disk.get(path);
      if (text === undefined) throw { code: "other", message: `${path} could not be read`, detail: "No such file or directory (os error 2)" } satisfies CommandError;
      const name = path.split("/").pop() ?? path;
      const bytes = new TextEncoder().encode(text);
      if (bytes.length > 1024 * 1024) {
        throw { code: "invalidInput", message: `${name} is ${bytes.length} bytes, larger than the 1048576 bytes a pull secret file may be; it was not read`, detail: null } satisfies CommandError;
      }
      return handlePullSecretImport(pullSecretImports, "pull_secret_import", { fileName: name, contentBase64: bytesToBase64(bytes) });
    }
    if (cmd.startsWith("pull_secret_import")) {
      // The actions on an entry go where the backend sends them: the cluster, the keyring, the auth file.
      const kept = pullSecretImports.imports.get(String(args?.importId));
      const entryOf = () => {
        const registry = String(args?.registry);
        const entry = kept?.view.entries.find((e) => e.registry === registry);
        if (!kept || !entry) return handlePullSecretImport(pullSecretImports, "pull_secret_import_reveal", args) as never;
        return { entry, secret: kept.secrets[registry] ?? "" };
      };
      if (cmd === "pull_secret_import_create") {
        const { entry, secret } = entryOf();
        if (!auth.statuses[String(args?.connectionId)]) throw SESSION_ENDED;
        const ns = String(args?.namespace);
        handleCluster(cluster, "cluster_create_pull_secret", {
          namespace: ns,
          name: args?.secretName,
          registries: [{ registry: entry.registry, username: entry.username, password: secret, email: null }],
        });
        const account = args?.serviceAccount
          ? handleCluster(cluster, "cluster_link_secret", { namespace: ns, serviceAccount: args.serviceAccount, secret: args?.secretName, link: { pull: true, mount: false } })
          : null;
        return { secret: String(args?.secretName), namespace: ns, serviceAccount: account };
      }
      if (cmd === "pull_secret_import_sign_in") {
        const { entry, secret } = entryOf();
        const id = String(args?.connectionId);
        const kept = { username: entry.username, password: secret };
        if (args?.keptIn === "keyring") {
          keyringCheck();
          keyringEntries.set(id, kept);
        } else sessionEntries.set(id, kept);
        return { username: entry.username, keptIn: args?.keptIn };
      }
      if (cmd === "pull_secret_import_auth_file_preview" || cmd === "pull_secret_import_auth_file_write") {
        const { entry, secret } = entryOf();
        const as = cmd.endsWith("preview") ? "credentials_token_auth_file_preview" : "credentials_token_auth_file_write";
        return handle(as, { registry: entry.registryKey, username: entry.username, token: secret, kind: args?.kind });
      }
      return handlePullSecretImport(pullSecretImports, cmd, args);
    }
    if (RECENT_REPOS_COMMANDS.has(cmd)) return handleRecentRepos(registry, recentRepositories, cmd, args);
    if (BRIDGE_COMMANDS_WITHOUT_QUAY.has(cmd)) return bridgeCall(cmd, args);
    if (cmd === "quay_sign_in") {
      // As the backend does: Quay's API must take the token, then it is kept as `$oauthtoken`.
      if (args?.token !== quay.token) {
        throw { code: "signInRequired", message: "Quay did not accept the token (HTTP 401): sign in again.", detail: null } satisfies CommandError;
      }
      const id = String(args?.connectionId);
      const entry = { username: "$oauthtoken", password: String(args?.token) };
      if (args?.keptIn === "keyring") {
        keyringCheck();
        keyringEntries.set(id, entry);
      } else sessionEntries.set(id, entry);
      return { username: quay.username, superUser: quay.superUser };
    }
    if (cmd.startsWith("quay_")) {
      const kept = storedFor(String(args?.connectionId ?? args?.quayConnectionId));
      if (!kept) throw { code: "signInRequired", message: "You are not signed in to lab-quay: sign in first.", detail: null } satisfies CommandError;
      if (kept.username !== "$oauthtoken") {
        throw { code: "signInRequired", message: `lab-quay is signed in as ${kept.username}, for pulling and pushing only: Quay's API needs an OAuth access token. Sign in with a token.`, detail: null } satisfies CommandError;
      }
      if (QUAY_TEAMS_COMMANDS.has(cmd)) return handleQuayTeams(quay, cmd, args);
      if (QUAY_REPOS_COMMANDS.has(cmd)) return handleQuayRepos(quay, cmd, args);
      return isBridgeCommand(cmd) ? bridgeCall(cmd, args) : handleQuay(quay, cmd, args, keyOf);
    }
    const repository = String(args?.repository ?? "");
    switch (cmd) {
      case "app_info":
        return appInfo(options.systemLocale);
      case "app_ready":
        return null;
      case "settings_state":
        return structuredClone(state);
      case "connection_add": {
        const draft = args?.draft as ConnectionDraft;
        const added: Connection = { id: `c${nextId++}`, ...draft };
        state.settings.connections.push(added);
        return added;
      }
      case "connection_update": {
        const draft = args?.draft as ConnectionDraft;
        const i = state.settings.connections.findIndex((c) => c.id === args?.id);
        const updated: Connection = { id: String(args?.id), ...draft };
        const before = state.settings.connections[i];
        if (before && signInGivenTo(before, draft)) {
          // As the backend does: the sign-ins were given to the old origin and TLS mode.
          keyringEntries.delete(updated.id);
          sessionEntries.delete(updated.id);
          delete auth.statuses[updated.id];
        }
        state.settings.connections[i] = updated;
        return updated;
      }
      case "connection_remove":
        state.settings.connections = state.settings.connections.filter((c) => c.id !== args?.id);
        return null;
      case "view_remember":
        state.settings.lastView = args?.view as LastView;
        return null;
      case "preferences_set":
        state.settings.preferences = args?.preferences as Preferences;
        return state.settings.preferences;
      case "registry_sign_in": {
        const c = registry.credentials;
        if (c && (args?.username !== c.username || args?.password !== c.password)) {
          throw { code: "signInRequired", message: "The registry refused these credentials.", detail: null } satisfies CommandError;
        }
        const id = String(args?.connectionId);
        const entry = { username: String(args?.username), password: String(args?.password) };
        if (args?.keptIn === "keyring") {
          keyringCheck();
          keyringEntries.set(id, entry);
          sessionEntries.delete(id);
        } else {
          sessionEntries.set(id, entry);
          if (keyring === "ok") keyringEntries.delete(id);
        }
        signedIn = true;
        return { username: entry.username, keptIn: args?.keptIn };
      }
      case "registry_sign_out": {
        const id = String(args?.connectionId);
        sessionEntries.delete(id);
        signedIn = false;
        if (keyring === "unavailable") return null;
        keyringCheck();
        keyringEntries.delete(id);
        return null;
      }
      case "registry_signed_in": {
        const found = storedFor(String(args?.connectionId));
        return found ? { username: found.username, keptIn: found.keptIn } : null;
      }
      case "registry_catalog":
        return startListing(String(args?.connectionId), String(args?.listingId), args?.onEvent as ChannelArg);
      case "registry_catalog_cancel":
        listings.find((l) => l.listingId === args?.listingId)?.cancel?.();
        return null;
      case "registry_tags_cancel": {
        const waiting = tagListings.get(String(args?.listingId));
        tagListings.delete(String(args?.listingId));
        waiting?.();
        return null;
      }
      case "registry_tags": {
        if (registry.tagsMode === "manual") {
          // Waits for `finishTags` or a cancel, as a long paging listing does.
          const listingId = String(args?.listingId);
          return new Promise((resolve, reject) => {
            tagListings.set(listingId, () =>
              reject({ code: "cancelled", message: `The listing of the tag list of ${repository} was cancelled.`, detail: null } satisfies CommandError),
            );
            tagFinishers.set(listingId, () => resolve([...(registry.tags[repository] ?? [])]));
          });
        }
        const tags = registry.tags[repository];
        if (!tags) {
          throw { code: "notFound", message: `The repository ${repository} has no tags.`, detail: "NAME_UNKNOWN: repository name not known to registry" } satisfies CommandError;
        }
        return [...tags];
      }
      case "registry_tag_summary": {
        // Answers a task later, so a test can see how many summaries are asked for at once.
        summaries.inFlight += 1;
        summaries.maxInFlight = Math.max(summaries.maxInFlight, summaries.inFlight);
        const failed = failureFor(cmd, repository, args?.tag);
        const found = registry.summaries[`${repository}:${String(args?.tag)}`];
        return new Promise((resolve, reject) =>
          setTimeout(() => {
            summaries.inFlight -= 1;
            if (failed) reject(failed);
            else if (!found) reject({ code: "notFound", message: "No such tag.", detail: null } satisfies CommandError);
            else resolve(structuredClone(found));
          }, 1),
        );
      }
      case "registry_manifest": {
        const failed = failureFor(cmd, repository, args?.reference);
        if (failed) throw failed;
        const found = registry.manifests[`${repository}@${String(args?.reference)}`];
        if (!found) throw { code: "notFound", message: "No such manifest.", detail: "MANIFEST_UNKNOWN" } satisfies CommandError;
        return structuredClone(found);
      }
      case "registry_delete_plan": {
        const d = registry.summaries[`${repository}:${String(args?.tag)}`]?.digest;
        if (!d) throw { code: "notFound", message: "No such tag.", detail: null } satisfies CommandError;
        return { repository, digest: d, tags: tagsPointingTo(repository, d) } satisfies DeletePlan;
      }
      case "registry_delete": {
        if (!registry.deleteEnabled) {
          throw {
            code: "deleteDisabled",
            message:
              "This registry does not allow deletes. Set REGISTRY_STORAGE_DELETE_ENABLED=true (storage.delete.enabled in config.yml) and restart it.",
            detail: "UNSUPPORTED: The operation is unsupported.",
          } satisfies CommandError;
        }
        const d = String(args?.digest);
        const gone = tagsPointingTo(repository, d);
        registry.tags[repository] = (registry.tags[repository] ?? []).filter((tag) => !gone.includes(tag));
        for (const tag of gone) delete registry.summaries[`${repository}:${tag}`];
        return null;
      }
      case "credentials_login_lines": {
        return loginLines(String(args?.connectionId));
      }
      case "secret_reveal":
      case "secret_copy": {
        const reference = args?.reference as SecretRef;
        const secret = credentialsOf(reference.connectionId).password;
        if (cmd === "secret_reveal") return secret;
        clipboard.push(secret);
        return { clearsInSeconds: 45 } satisfies SecretCopied;
      }
      case "copy_secret":
        clipboard.push(String(args?.text));
        return { clearsInSeconds: 45 } satisfies SecretCopied;
      case "credentials_auth_file_preview": {
        const id = String(args?.connectionId);
        const c = credentialsOf(id);
        const kind = args?.kind as AuthFileKind;
        const file = fileFor(kind);
        const key = keyOf(id);
        const auth = btoa(`${c.username}:${c.password}`);
        return {
          kind,
          path: file.path,
          pathReason: file.reason,
          exists: file.exists,
          key,
          entryMasked: JSON.stringify({ [key]: { auth: MASK } }, null, 2),
          change: !(key in file.entries) ? "add" : file.entries[key] === auth ? "unchanged" : "update",
          otherKeys: Object.keys(file.entries).filter((k) => k !== key),
          helper: file.helper,
        } satisfies AuthFilePreview;
      }
      case "credentials_auth_file_write": {
        const id = String(args?.connectionId);
        const c = credentialsOf(id);
        const kind = args?.kind as AuthFileKind;
        const file = fileFor(kind);
        const key = keyOf(id);
        if (file.helper) {
          throw { code: "other", message: `${file.path} hands the credentials of ${key} to docker-credential-${file.helper}.`, detail: null } satisfies CommandError;
        }
        const auth = btoa(`${c.username}:${c.password}`);
        const change = !(key in file.entries) ? "add" : file.entries[key] === auth ? "unchanged" : "update";
        const backup = file.exists && change !== "unchanged" ? `${file.path}.bak-1763900000` : null;
        file.entries[key] = auth;
        file.exists = true;
        return { path: file.path, backup, change };
      }
      case "credentials_token_auth_file_preview":
      case "credentials_token_auth_file_write": {
        const kind = args?.kind as AuthFileKind;
        const file = fileFor(kind);
        const key = String(args?.registry).trim().replace(/^https?:\/\//, "").replace(/\/+$/, "");
        if (String(args?.username).includes(":")) {
          throw { code: "invalidInput", message: "The user name contains a colon (:).", detail: null } satisfies CommandError;
        }
        const auth = btoa(`${String(args?.username)}:${String(args?.token)}`);
        const change = !(key in file.entries) ? "add" : file.entries[key] === auth ? "unchanged" : "update";
        if (cmd === "credentials_token_auth_file_preview") {
          return {
            kind,
            path: file.path,
            pathReason: file.reason,
            exists: file.exists,
            key,
            entryMasked: JSON.stringify({ [key]: { auth: MASK } }, null, 2),
            change,
            otherKeys: Object.keys(file.entries).filter((k) => k !== key),
            helper: file.helper,
          } satisfies AuthFilePreview;
        }
        const backup = file.exists && change !== "unchanged" ? `${file.path}.bak-1763900000` : null;
        file.entries[key] = auth;
        file.exists = true;
        return { path: file.path, backup, change };
      }
      case "credentials_pull_secret": {
        const id = String(args?.connectionId);
        const c = credentialsOf(id);
        const request = args?.request as PullSecretRequest;
        if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(request.name)) {
          throw { code: "invalidInput", message: `"${request.name}" is not a valid secret name.`, detail: null } satisfies CommandError;
        }
        const keys = [keyOf(id), ...(request.authServer ? [request.authServer] : [])];
        const auth = btoa(`${c.username}:${c.password}`);
        const data = btoa(JSON.stringify({ auths: Object.fromEntries(keys.map((k) => [k, { auth }])) }));
        const yaml = (d: string) =>
          `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${request.name}\n${request.namespace ? `  namespace: ${request.namespace}\n` : ""}type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${d}\n`;
        return { yaml: yaml(data), yamlMasked: yaml(MASK), keys };
      }
      case "auth_status":
        return auth.statuses[String(args?.connectionId)] ?? null;
      case "auth_openshift_discover":
        return {
          issuer: OAUTH_URL,
          tokenRequestUrl: `${OAUTH_URL}/oauth/token/request`,
          defaultBrowserClient: "openshift-cli-client",
        };
      case "auth_openshift_password": {
        const user = auth.users[String(args?.username)];
        if (!user || user.password !== args?.password) {
          throw {
            code: "other",
            message: `The user name or password was not accepted by ${OAUTH_URL}/oauth/authorize.`,
            detail: null,
          } satisfies CommandError;
        }
        const id = String(args?.connectionId);
        return keepSignIn(
          signedInStatus(id, String(args?.username), {
            identity: { user: String(args?.username), groups: user.groups, subject: null, email: null, name: null },
          }),
        );
      }
      case "auth_openshift_token": {
        const user = auth.tokens[String(args?.token).trim()];
        if (!user) {
          throw {
            code: "signInRequired",
            message: "The token was not accepted by https://api.prod.example.com:6443/apis/user.openshift.io/v1/users/~ (HTTP 401); sign in again.",
            detail: "Unauthorized",
          } satisfies CommandError;
        }
        return keepSignIn(
          signedInStatus(String(args?.connectionId), user, { method: "openshiftToken", clientId: null, expiresAt: null }),
        );
      }
      case "auth_openshift_browser":
      case "auth_oidc_browser": {
        const id = String(args?.connectionId);
        const oidc = cmd === "auth_oidc_browser";
        const done = () =>
          keepSignIn(
            signedInStatus(id, oidc ? "tester" : "alice", {
              method: oidc ? "oidc" : "openshiftBrowser",
              clientId: String(args?.clientId),
              server: oidc ? String(args?.issuer) : "https://api.prod.example.com:6443",
              refreshable: oidc,
              identity: oidc
                ? { user: "tester", groups: [], subject: "tester", email: "tester@example.test", name: "Test user" }
                : { user: "alice", groups: ["registry-admins"], subject: null, email: null, name: null },
            }),
          );
        if (auth.browser === "signedIn") return done();
        return new Promise((_resolve, reject) => {
          waitingSignIns.set(String(args?.signInId), () =>
            reject({ code: "cancelled", message: "The sign-in was cancelled.", detail: null } satisfies CommandError),
          );
        });
      }
      case "auth_cancel":
        waitingSignIns.get(String(args?.signInId))?.();
        waitingSignIns.delete(String(args?.signInId));
        quayBridge.waiting.get(String(args?.signInId))?.cancel();
        return null;
      case "auth_keep_for_session": {
        const id = String(args?.connectionId);
        const pending = pendingSignIns[id];
        if (!pending) throw { code: "notFound", message: "Nothing is waiting.", detail: null } satisfies CommandError;
        delete pendingSignIns[id];
        auth.statuses[id] = { ...pending, keptIn: "session" };
        return auth.statuses[id];
      }
      case "auth_sign_out":
        delete auth.statuses[String(args?.connectionId)];
        return null;
      case "kubeconfig_contexts":
        return structuredClone(kubeconfigAt(args?.path));
      case "kubeconfig_import": {
        const listing = kubeconfigAt(args?.path);
        const context = listing.contexts.find((c) => c.name === args?.context);
        if (!context) {
          throw { code: "notFound", message: `The kubeconfig has no context "${String(args?.context)}".`, detail: null } satisfies CommandError;
        }
        if (context.problem) {
          throw { code: "invalidInput", message: `The context "${context.name}" cannot be imported.`, detail: null } satisfies CommandError;
        }
        const name = String(args?.name).trim();
        if (!name) throw { code: "invalidName", message: "a connection needs a name", detail: null } satisfies CommandError;
        if (state.settings.connections.some((c) => c.name === name)) {
          throw { code: "invalidName", message: `a connection named "${name}" already exists`, detail: null } satisfies CommandError;
        }
        const id = `c${nextId++}`;
        const tls: Connection["tls"] =
          context.tls.mode === "insecure"
            ? { mode: "insecure" }
            : context.tls.mode === "system"
              ? { mode: "system" }
              : { mode: "caBundle", path: `/home/admin/.config/io.registryconsole.desktop/ca/${id}.pem` };
        const connection: Connection = { id, name, kind: "openshift", url: String(context.server), tls };
        state.settings.connections.push(connection);
        let signIn: ImportedSignIn = { result: "noToken" };
        if (context.hasToken) {
          const user = kubeconfig.tokenUsers[context.name];
          if (!user) {
            signIn = {
              result: "tokenRefused",
              message: `The token was not accepted by ${connection.url}/apis/user.openshift.io/v1/users/~ (HTTP 401); sign in again.`,
              detail: "Unauthorized",
            };
          } else {
            try {
              signIn = {
                result: "signedIn",
                status: keepSignIn(signedInStatus(id, user, { method: "openshiftToken", clientId: null, expiresAt: null, server: connection.url })),
              };
            } catch (reason) {
              const e = reason as CommandError;
              signIn = { result: "keyringUnavailable", message: e.message, detail: e.detail };
            }
          }
        }
        return { connection, signIn };
      }
      case "plugin:dialog|open":
      case "plugin:dialog|save":
        if (dialogAnswers.length === 0) throw new Error(`${cmd} with no answer queued (answerDialog)`);
        return dialogAnswers.shift() ?? null;
      case "plugin:path|resolve_directory":
        return certs.home;
      case "certs_doctor": {
        const input = args?.input as BundleInput;
        if (input.files.length === 0 && input.pasted.trim() === "") {
          throw { code: "invalidInput", message: "Nothing to check.", detail: null } satisfies CommandError;
        }
        return structuredClone(certs.doctor);
      }
      case "certs_doctor_directory": {
        const input = args?.input as DirectoryInput;
        const entries = certs.directories[input.path];
        if (!entries) {
          throw { code: "invalidInput", message: `cannot read ${input.path}: No such file or directory`, detail: null } satisfies CommandError;
        }
        const certFiles = entries.filter((n) => n.endsWith(".cert")).sort();
        const used = certFiles.at(-1) ?? null;
        return {
          path: input.path,
          certFiles,
          ignored: entries.filter((n) => !n.endsWith(".cert")).sort(),
          used,
          report: used ? structuredClone(certs.doctor) : null,
        };
      }
      case "certs_export_bundle": {
        if (args?.bundleId !== certs.doctor.bundleId) {
          throw { code: "notFound", message: "This bundle is no longer known; check it again.", detail: null } satisfies CommandError;
        }
        return writeFile(String(args?.path), `bundle:${certs.doctor.fixed.order.join("|")}`, Boolean(args?.overwrite));
      }
      case "certs_inspect": {
        const input = args?.input as EndpointInput;
        return { ...structuredClone(certs.endpoint), address: `${input.host}:${input.port}`, serverName: input.serverName ?? input.host };
      }
      case "certs_trust_ca": {
        const i = state.settings.connections.findIndex((c) => c.id === args?.connectionId);
        const found = state.settings.connections[i];
        if (!found) throw { code: "notFound", message: "No such connection.", detail: null } satisfies CommandError;
        const updated: Connection = { ...found, tls: { mode: "caBundle", path: `/home/admin/.config/io.registryconsole.desktop/ca/${found.id}.pem` } };
        state.settings.connections[i] = updated;
        return updated;
      }
      case "certs_generate": {
        const request = args?.request as GenerateRequest;
        return generatedSelfSigned(request.hostnames, request.days);
      }
      case "certs_save_generated":
        return writeFile(String(args?.path), `${String(args?.generatedId)}:${String(args?.part)}`, Boolean(args?.overwrite));
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  };
  /** Commands whose calls wait until released: `hold`. */
  const holds = new Map<string, Promise<void>>();
  mockIPC((cmd, payload) => {
    const gate = holds.get(cmd);
    return gate ? gate.then(() => handle(cmd, payload)) : handle(cmd, payload);
  });

  return {
    state,
    registry,
    certs,
    cluster,
    quay,
    quayBridge,
    pullSecretImports,
    recentRepositories,
    clusterRegistry,
    activity,
    health,
    listings,
    /** The listing started last. */
    lastListing: () => {
      const last = listings[listings.length - 1];
      if (!last) throw new Error("no catalog listing started");
      return last;
    },
    isSignedIn: () => signedIn,
    /** The ids of the tag listings held open (`tagsMode: "manual"`). */
    heldTagListings: () => [...tagFinishers.keys()].filter((id) => tagListings.has(id)),
    /** Answers a held tag listing with the repository's tags. */
    finishTags: (listingId: string) => {
      tagListings.delete(listingId);
      tagFinishers.get(listingId)?.();
    },
    /** The fake auth files the Credentials page reads and writes. */
    authFiles,
    /** The fake keyring's entry for a connection. */
    keyringEntry: (id: string) => keyringEntries.get(id) ?? null,
    sessionEntry: (id: string) => sessionEntries.get(id) ?? null,
    setKeyring: (next: FakeKeyring) => {
      keyring = next;
    },
    auth,
    kubeconfig,
    /** Whether a browser sign-in is waiting (for a Cancel). */
    browserWaiting: () => waitingSignIns.size > 0,
    /** The most `registry_tag_summary` calls that were open at the same time. */
    maxSummariesInFlight: () => summaries.maxInFlight,
    calls,
    /** Files on the fake machine, by absolute path. */
    disk,
    /** Queues what the next native open or save dialog answers (`null`: the user cancelled). */
    answerDialog: (answer: string | string[] | null) => dialogAnswers.push(answer),
    /** What the backend copied to the clipboard (secrets), oldest first. */
    clipboard,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    fail: (cmd: string, error: CommandError) => failures.set(cmd, error),
    /**
     * The next `times` calls of `cmd` fail with `error` (a 401's `signInRequired` unless
     * given), then it answers again: a session that ended, and the sign-in that follows.
     */
    failNext: (cmd: string, times: number, error: CommandError = SESSION_ENDED) => {
      const queued = nextFailures.get(cmd) ?? [];
      for (let i = 0; i < times; i++) queued.push(error);
      nextFailures.set(cmd, queued);
    },
    succeed: (cmd: string) => failures.delete(cmd),
    /** Calls of `cmd` wait from now until the returned function is called. */
    hold: (cmd: string) => {
      let release = () => {};
      holds.set(
        cmd,
        new Promise<void>((resolve) => {
          release = () => {
            holds.delete(cmd);
            resolve();
          };
        }),
      );
      return () => release();
    },
  };
}
