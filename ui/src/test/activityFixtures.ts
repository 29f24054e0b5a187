// The fake backend's activity log: entries kept newest first and filtered as the `audit` crate
// does (connection, actions, outcome, time range, every word in the text), exports recorded.
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { ActivityFilter } from "../bindings/ActivityFilter";
import type { ActivityPage } from "../bindings/ActivityPage";
import type { CommandError } from "../bindings/CommandError";

export interface FakeActivity {
  /** Newest first, as the backend reads them. */
  entries: ActivityEntry[];
  /** Lines the backend could not read. */
  skippedLines: number;
  /** Exports written: path, format and how many entries. */
  exports: { path: string; format: string; count: number }[];
}

export const sampleActivity = (): FakeActivity => ({
  entries: [
    {
      time: "2026-03-02T10:00:00Z",
      connection: { id: "c1", name: "demo" },
      server: "registry.example.com",
      user: "alice",
      action: "manifestDeleted",
      target: [
        { kind: "repository", name: "team/app" },
        { kind: "digest", name: "sha256:aaaa" },
      ],
      outcome: "done",
    },
    {
      time: "2026-03-01T09:00:00Z",
      connection: { id: "c2", name: "prod-cluster" },
      server: "api.prod.example.com:6443",
      action: "roleGranted",
      target: [
        { kind: "role", name: "system:image-puller" },
        { kind: "subject", name: "serviceaccount:team-a:builder" },
        { kind: "project", name: "shared-images" },
      ],
      outcome: { failed: "accessDenied" },
    },
    {
      time: "2026-02-01T08:00:00Z",
      action: "authFileWritten",
      target: [{ kind: "file", name: "/home/me/.docker/config.json" }],
      outcome: "done",
    },
  ],
  skippedLines: 0,
  exports: [],
});

/** Whether `filter` keeps `entry`, as `audit::Filter` decides. */
export function keeps(filter: ActivityFilter, entry: ActivityEntry): boolean {
  if (filter.connectionId && entry.connection?.id !== filter.connectionId) return false;
  if (filter.actions.length > 0 && !filter.actions.includes(entry.action)) return false;
  if (filter.outcome === "done" && entry.outcome !== "done") return false;
  if (filter.outcome === "failed" && entry.outcome === "done") return false;
  const time = Date.parse(entry.time);
  if (filter.from && time < Date.parse(filter.from)) return false;
  if (filter.to && time > Date.parse(filter.to)) return false;
  if (filter.text) {
    const outcome = entry.outcome === "done" ? "done" : entry.outcome.failed;
    const haystack = [entry.connection?.name, entry.server, entry.user, entry.action, ...entry.target.map((p) => `${p.kind} ${p.name}`), outcome]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    if (!filter.text.toLowerCase().split(/\s+/).filter(Boolean).every((w) => haystack.includes(w))) return false;
  }
  return true;
}

export function handleActivity(activity: FakeActivity, cmd: string, args: Record<string, unknown> | undefined): unknown {
  const filter = args?.filter as ActivityFilter;
  const kept = activity.entries.filter((e) => keeps(filter, e));
  if (cmd === "activity_page") {
    const offset = Number(args?.offset);
    const limit = Number(args?.limit);
    return {
      entries: kept.slice(offset, offset + limit),
      hasMore: offset + limit < kept.length,
      skippedLines: activity.skippedLines,
    } satisfies ActivityPage;
  }
  if (cmd === "activity_export") {
    const path = String(args?.path);
    if (!path.startsWith("/")) {
      throw { code: "invalidInput", message: `The export path ${path} is not absolute.`, detail: null } satisfies CommandError;
    }
    activity.exports.push({ path, format: String(args?.format), count: kept.length });
    return { path, count: kept.length };
  }
  throw new Error(`unexpected command ${cmd}`);
}
