/**
 * What the quick switcher can jump to beyond the pages and connections: the repositories and
 * OpenShift projects this run has already seen (catalog pages loaded, repositories opened by
 * name, project lists read) and the manifest pages opened. Kept in memory for this run only and per connection, capped, so
 * a 100,000-repository catalog does not grow without end; nothing here is a secret.
 */

/** At most this many names are kept per connection and kind. */
export const SEEN_CAP = 20_000;

type Kind = "repositories" | "projects";

const seen: Record<Kind, Map<string, string[]>> = { repositories: new Map(), projects: new Map() };
const listeners = new Set<() => void>();

function remember(kind: Kind, connectionId: string, names: readonly string[]): void {
  if (!connectionId || names.length === 0) return;
  const before = seen[kind].get(connectionId) ?? [];
  const known = new Set(before);
  const added = names.filter((n) => n && !known.has(n) && (known.add(n), true));
  if (added.length === 0) return;
  seen[kind].set(connectionId, [...before, ...added].slice(0, SEEN_CAP));
  for (const listener of listeners) listener();
}

/** Repositories of a registry connection seen in its catalog or opened by name. */
export function rememberRepositories(connectionId: string, names: readonly string[]): void {
  remember("repositories", connectionId, names);
}

/** Projects of an OpenShift connection seen in its project list. */
export function rememberProjects(connectionId: string, names: readonly string[]): void {
  remember("projects", connectionId, names);
}

export function seenRepositories(connectionId: string): readonly string[] {
  return seen.repositories.get(connectionId) ?? [];
}

export function seenProjects(connectionId: string): readonly string[] {
  return seen.projects.get(connectionId) ?? [];
}

/** At most this many recently opened manifests are kept per connection. */
export const RECENT_MANIFESTS_CAP = 50;

/** A tag's manifest page opened in this run. */
export interface RecentManifest {
  repository: string;
  tag: string;
}

const manifests = new Map<string, RecentManifest[]>();

/** A manifest page was opened: it goes first in its connection's recent list. */
export function rememberManifest(connectionId: string, repository: string, tag: string): void {
  if (!connectionId || !repository || !tag) return;
  const before = manifests.get(connectionId) ?? [];
  if (before[0]?.repository === repository && before[0]?.tag === tag) return;
  const rest = before.filter((m) => m.repository !== repository || m.tag !== tag);
  manifests.set(connectionId, [{ repository, tag }, ...rest].slice(0, RECENT_MANIFESTS_CAP));
  for (const listener of listeners) listener();
}

/** The manifests of a registry connection opened in this run, most recent first. */
export function recentManifests(connectionId: string): readonly RecentManifest[] {
  return manifests.get(connectionId) ?? [];
}

/** Called after anything new is remembered; returns the unsubscribe. */
export function subscribeSeen(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets everything (tests start clean). */
export function resetSeen(): void {
  seen.repositories.clear();
  seen.projects.clear();
  manifests.clear();
}
