/**
 * The quick switcher's entries and how typing narrows them: pages, connections, repositories
 * and projects seen, each a place the app can jump to.
 */
import type { Connection } from "../bindings/Connection";
import type { MessageKey } from "../i18n/en";

/** An area of the app (a page of the sidebar). */
export type Area = "connections" | "registries" | "access" | "quay" | "credentials" | "certificates";

/** Where choosing an entry goes. */
export type Jump =
  | { area: Exclude<Area, "registries" | "access"> }
  | { area: "registries"; connectionId?: string; repository?: string; tag?: string }
  | { area: "access"; connectionId?: string; project?: string };

export type EntryKind = "page" | "connection" | "manifest" | "repository" | "project";

export interface SwitcherEntry {
  /** Unique among the entries (the list's key and the option's id). */
  key: string;
  kind: EntryKind;
  /** What is matched and shown first (a page's name, a repository's name). */
  label: string;
  /** Shown after it, smaller: the connection a repository or project belongs to. */
  detail: string;
  jump: Jump;
}

/** The pages in the sidebar's order, with their names' message keys. */
export const PAGES: { area: Area; label: MessageKey }[] = [
  { area: "connections", label: "nav.connections" },
  { area: "registries", label: "nav.registries" },
  { area: "access", label: "nav.access" },
  { area: "quay", label: "nav.quay" },
  { area: "credentials", label: "nav.credentials" },
  { area: "certificates", label: "nav.certificates" },
];

/** The page a connection of each kind opens on. */
function connectionJump(c: Connection): Jump {
  switch (c.kind) {
    case "registry":
      return { area: "registries", connectionId: c.id };
    case "openshift":
      return { area: "access", connectionId: c.id };
    default:
      return { area: "quay" };
  }
}

export interface SwitcherSources {
  /** The pages' names, already translated. */
  pages: { area: Area; label: string }[];
  connections: readonly Connection[];
  /** Repositories seen per registry connection id. */
  repositories: (connectionId: string) => readonly string[];
  /** Projects seen per OpenShift connection id. */
  projects: (connectionId: string) => readonly string[];
  /** Manifest pages opened per registry connection id, most recent first. */
  manifests?: (connectionId: string) => readonly { repository: string; tag: string }[];
}

/**
 * Every entry, in the order shown before anything is typed: pages, connections, the manifests
 * opened (most recent first: what an admin comes back to), then names.
 */
export function switcherEntries(sources: SwitcherSources): SwitcherEntry[] {
  const out: SwitcherEntry[] = sources.pages.map((p) => ({
    key: `page:${p.area}`,
    kind: "page",
    label: p.label,
    detail: "",
    jump: { area: p.area } as Jump,
  }));
  for (const c of sources.connections) {
    out.push({ key: `connection:${c.id}`, kind: "connection", label: c.name, detail: c.url, jump: connectionJump(c) });
  }
  for (const c of sources.connections) {
    if (c.kind !== "registry" || !sources.manifests) continue;
    for (const m of sources.manifests(c.id)) {
      out.push({
        key: `manifest:${c.id}:${m.repository}:${m.tag}`,
        kind: "manifest",
        label: `${m.repository}:${m.tag}`,
        detail: c.name,
        jump: { area: "registries", connectionId: c.id, repository: m.repository, tag: m.tag },
      });
    }
  }
  for (const c of sources.connections) {
    if (c.kind === "registry") {
      for (const name of sources.repositories(c.id)) {
        out.push({
          key: `repository:${c.id}:${name}`,
          kind: "repository",
          label: name,
          detail: c.name,
          jump: { area: "registries", connectionId: c.id, repository: name },
        });
      }
    } else if (c.kind === "openshift") {
      for (const name of sources.projects(c.id)) {
        out.push({
          key: `project:${c.id}:${name}`,
          kind: "project",
          label: name,
          detail: c.name,
          jump: { area: "access", connectionId: c.id, project: name },
        });
      }
    }
  }
  return out;
}

/**
 * The entries that match `text`, best first, at most `limit`: every word typed must appear in
 * the label or its connection's name (case-insensitive); a label that starts with the text
 * comes before one that only contains it, and shorter labels before longer ones.
 */
export function filterEntries(entries: readonly SwitcherEntry[], text: string, limit: number): { shown: SwitcherEntry[]; total: number } {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { shown: entries.slice(0, limit), total: entries.length };
  const first = words.join(" ");
  const scored: { entry: SwitcherEntry; score: number; i: number }[] = [];
  entries.forEach((entry, i) => {
    const label = entry.label.toLowerCase();
    const haystack = `${label} ${entry.detail.toLowerCase()}`;
    if (!words.every((w) => haystack.includes(w))) return;
    const score = label === first ? 0 : label.startsWith(first) ? 1 : label.includes(first) ? 2 : 3;
    scored.push({ entry, score, i });
  });
  scored.sort((a, b) => a.score - b.score || a.entry.label.length - b.entry.label.length || a.i - b.i);
  return { shown: scored.slice(0, limit).map((s) => s.entry), total: scored.length };
}
