import { mockIPC } from "@tauri-apps/api/mocks";
import type { CommandError } from "../bindings/CommandError";
import type { Connection } from "../bindings/Connection";
import type { ConnectionDraft } from "../bindings/ConnectionDraft";
import type { Preferences } from "../bindings/Preferences";
import type { SettingsState } from "../bindings/SettingsState";
import { appInfo, settingsState } from "./fixtures";

export interface Call {
  cmd: string;
  args: Record<string, unknown> | undefined;
}

/**
 * An in-memory backend behind `mockIPC`: it keeps the settings like the real one does, records
 * every call, and lets a test make one command fail with a `CommandError`.
 */
export function fakeBackend(options: { state?: SettingsState; systemLocale?: string } = {}) {
  const state: SettingsState = structuredClone(options.state ?? settingsState());
  const calls: Call[] = [];
  const failures = new Map<string, CommandError>();
  let nextId = 100;

  mockIPC((cmd, payload) => {
    const args = payload as Record<string, unknown> | undefined;
    calls.push({ cmd, args });
    const failure = failures.get(cmd);
    if (failure) throw failure;
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
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });

  return {
    state,
    calls,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    fail: (cmd: string, error: CommandError) => failures.set(cmd, error),
    succeed: (cmd: string) => failures.delete(cmd),
  };
}
