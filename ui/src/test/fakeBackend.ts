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
import type { BundleInput } from "../bindings/BundleInput";
import type { BundleReport } from "../bindings/BundleReport";
import type { EndpointInput } from "../bindings/EndpointInput";
import type { EndpointReport } from "../bindings/EndpointReport";
import type { GenerateRequest } from "../bindings/GenerateRequest";
import type { SavedFile } from "../bindings/SavedFile";
import { generatedSelfSigned, reversedBundleReport, untrustedEndpointReport } from "./certFixtures";

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
}

const sampleCerts = (): FakeCerts => ({
  doctor: reversedBundleReport(),
  endpoint: untrustedEndpointReport(),
  existing: new Set(),
  written: new Map(),
  home: "/home/admin",
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
  options: { state?: SettingsState; systemLocale?: string; registry?: Partial<FakeRegistry>; certs?: Partial<FakeCerts> } = {},
) {
  const certs: FakeCerts = { ...sampleCerts(), ...options.certs };
  const state: SettingsState = structuredClone(options.state ?? settingsState());
  const registry: FakeRegistry = { ...sampleRegistry(), ...options.registry };
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
      case "plugin:path|resolve_directory":
        return certs.home;
      case "certs_doctor": {
        const input = args?.input as BundleInput;
        if (input.files.length === 0 && input.pasted.trim() === "") {
          throw { code: "invalidInput", message: "Nothing to check.", detail: null } satisfies CommandError;
        }
        return structuredClone(certs.doctor);
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
  });

  return {
    state,
    registry,
    certs,
    listings,
    /** The listing started last. */
    lastListing: () => {
      const last = listings[listings.length - 1];
      if (!last) throw new Error("no catalog listing started");
      return last;
    },
    isSignedIn: () => signedIn,
    /** The most `registry_tag_summary` calls that were open at the same time. */
    maxSummariesInFlight: () => summaries.maxInFlight,
    calls,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    fail: (cmd: string, error: CommandError) => failures.set(cmd, error),
    succeed: (cmd: string) => failures.delete(cmd),
  };
}
