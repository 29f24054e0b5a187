import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandError } from "../bindings/CommandError";
import type { Connection } from "../bindings/Connection";
import type { ConnectionDraft } from "../bindings/ConnectionDraft";
import type { Preferences } from "../bindings/Preferences";
import type { SettingsState } from "../bindings/SettingsState";
import type { CatalogEvent } from "../bindings/CatalogEvent";
import type { DeletePlan } from "../bindings/DeletePlan";
import { appInfo, settingsState } from "./fixtures";
import { sampleRegistry, type FakeRegistry } from "./registryFixtures";
import { handleCluster, sampleCluster, type FakeCluster } from "./clusterFixtures";
import type { SignInStatus } from "../bindings/SignInStatus";
import { OAUTH_URL, sampleAuth, signedIn as signedInStatus, type FakeAuth } from "./authFixtures";

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

const REGISTRY_COMMANDS_WITHOUT_AUTH = new Set(["registry_sign_in", "registry_sign_out", "registry_catalog_cancel"]);

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
    auth?: Partial<FakeAuth>;
    cluster?: Partial<FakeCluster>;
  } = {},
) {
  const auth: FakeAuth = { ...sampleAuth(), ...options.auth };
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
  const calls: Call[] = [];
  const failures = new Map<string, CommandError>();
  const listings: Listing[] = [];
  let signedIn = false;
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

  mockIPC((cmd, payload) => {
    const args = payload as Record<string, unknown> | undefined;
    calls.push({ cmd, args: cmd === "registry_catalog" ? { ...args, onEvent: "<channel>" } : args });
    const failure = failures.get(cmd);
    if (failure) throw failure;
    if (cmd.startsWith("registry_") && registry.credentials && !signedIn && !REGISTRY_COMMANDS_WITHOUT_AUTH.has(cmd)) {
      throw {
        code: "signInRequired",
        message: "The registry asks for credentials.",
        detail: 'UNAUTHORIZED: authentication required',
      } satisfies CommandError;
    }
    if (cmd.startsWith("cluster_")) return handleCluster(cluster, cmd, args);
    const repository = String(args?.repository ?? "");
    switch (cmd) {
      case "app_info":
        return appInfo(options.systemLocale);
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
        state.settings.connections[i] = updated;
        return updated;
      }
      case "connection_remove":
        state.settings.connections = state.settings.connections.filter((c) => c.id !== args?.id);
        return null;
      case "preferences_set":
        state.settings.preferences = args?.preferences as Preferences;
        return state.settings.preferences;
      case "registry_sign_in": {
        const c = registry.credentials;
        if (c && (args?.username !== c.username || args?.password !== c.password)) {
          throw { code: "signInRequired", message: "The registry refused these credentials.", detail: null } satisfies CommandError;
        }
        signedIn = true;
        return null;
      }
      case "registry_sign_out":
        signedIn = false;
        return null;
      case "registry_catalog":
        return startListing(String(args?.connectionId), String(args?.listingId), args?.onEvent as ChannelArg);
      case "registry_catalog_cancel":
        listings.find((l) => l.listingId === args?.listingId)?.cancel?.();
        return null;
      case "registry_tags": {
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
            code: "signInFailed",
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
            reject({ code: "signInCancelled", message: "The sign-in was cancelled.", detail: null } satisfies CommandError),
          );
        });
      }
      case "auth_cancel":
        waitingSignIns.get(String(args?.signInId))?.();
        waitingSignIns.delete(String(args?.signInId));
        return null;
      case "auth_keep_for_session": {
        const id = String(args?.connectionId);
        const pending = pendingSignIns[id];
        if (!pending) throw { code: "notFound", message: "Nothing is waiting.", detail: null } satisfies CommandError;
        delete pendingSignIns[id];
        auth.statuses[id] = { ...pending, storage: "sessionOnly" };
        return auth.statuses[id];
      }
      case "auth_sign_out":
        delete auth.statuses[String(args?.connectionId)];
        return null;
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });

  return {
    state,
    registry,
    cluster,
    listings,
    /** The listing started last. */
    lastListing: () => {
      const last = listings[listings.length - 1];
      if (!last) throw new Error("no catalog listing started");
      return last;
    },
    isSignedIn: () => signedIn,
    auth,
    /** Whether a browser sign-in is waiting (for a Cancel). */
    browserWaiting: () => waitingSignIns.size > 0,
    /** The most `registry_tag_summary` calls that were open at the same time. */
    maxSummariesInFlight: () => summaries.maxInFlight,
    calls,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    fail: (cmd: string, error: CommandError) => failures.set(cmd, error),
    succeed: (cmd: string) => failures.delete(cmd),
  };
}
