import type { CommandError } from "../bindings/CommandError";
import type { RepositoryDetail } from "../bindings/RepositoryDetail";
import type { Tag } from "../bindings/Tag";
import type { TagHistoryEntry } from "../bindings/TagHistoryEntry";
import type { FakeQuay } from "./quayFixtures";

/** One span of a tag's life, as the fake keeps it: the history entry and the manifest's size. */
export interface FakeSpan extends TagHistoryEntry {
  size: number | null;
}

/** The repositories-and-tags side of a fake Quay, kept beside its {@link FakeQuay}. */
export interface FakeQuayRepos {
  /** Every span of every tag, by `namespace/name`. */
  spans: Record<string, FakeSpan[]>;
  /** Milliseconds each `quay_repository` (tag count) call takes. */
  detailDelayMs: number;
  detailsInFlight: number;
  /** The most `quay_repository` calls open at the same time. */
  maxDetailsInFlight: number;
  /** The time machine, seconds. */
  timeMachine: number;
}

export const QUAY_REPOS_COMMANDS = new Set([
  "quay_repository_create",
  "quay_repository",
  "quay_repository_delete",
  "quay_repository_visibility",
  "quay_tags",
  "quay_tag_history",
  "quay_deleted_tags",
  "quay_tag_expiration",
  "quay_tag_delete",
  "quay_tag_restore",
]);

const now = () => Math.floor(Date.now() / 1000);
export const digest = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;

/** team/app: `1.0` and `latest` (which moved from an older manifest); team/base: 520 tags. */
const sampleRepos = (): FakeQuayRepos => {
  const t = now();
  const span = (name: string, d: string, start: number, end: number | null, size: number | null = 12_345_678): FakeSpan => ({
    name,
    manifestDigest: digest(d),
    start,
    end,
    reversion: false,
    isManifestList: false,
    size,
  });
  return {
    spans: {
      "team/app": [span("1.0", "a", t - 86400 * 3, null), span("latest", "c", t - 86400 * 10, t - 86400 * 2), span("latest", "b", t - 86400 * 2, null, 2048)],
      "team/base": Array.from({ length: 520 }, (_, i) => span(`v${i}`, "d", t - 3600, null)),
    },
    detailDelayMs: 0,
    detailsInFlight: 0,
    maxDetailsInFlight: 0,
    timeMachine: 14 * 86400,
  };
};

const kept = new WeakMap<FakeQuay, FakeQuayRepos>();

/** The repositories-and-tags state of `q` (made on first use). */
export function quayReposOf(q: FakeQuay): FakeQuayRepos {
  let repos = kept.get(q);
  if (!repos) {
    repos = sampleRepos();
    kept.set(q, repos);
  }
  return repos;
}

const refused = (code: CommandError["code"], message: string): CommandError => ({ code, message, detail: null });
const REPO_NAME = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
const alive = (s: FakeSpan, at: number) => s.end === null || s.end > at;

/** The repository and tag commands against `q`, as the real backend answers them. */
export function handleQuayRepos(q: FakeQuay, cmd: string, args: Record<string, unknown> | undefined): unknown {
  const state = quayReposOf(q);
  const namespace = String(args?.namespace ?? "");
  const name = String(args?.name ?? args?.repository ?? "");
  const path = `${namespace}/${name}`;
  const repos = (q.repositories[namespace] ??= []);
  const repo = () => {
    const r = repos.find((x) => x.name === name);
    if (!r) throw refused("notFound", `GET /repository/${path}: not found (HTTP 404)`);
    return r;
  };
  const spans = () => (state.spans[path] ??= []);
  const tagName = String(args?.tag ?? "");
  const active = (): Tag[] =>
    spans()
      .filter((s) => alive(s, now()))
      .map((s) => ({ name: s.name, manifestDigest: s.manifestDigest, size: s.size, lastModified: s.start, expiration: s.end, isManifestList: s.isManifestList }))
      .sort((a, b) => a.name.localeCompare(b.name));
  const current = () => {
    const s = spans().find((x) => x.name === tagName && alive(x, now()));
    if (!s) throw refused("notFound", `PUT /repository/${path}/tag/${tagName}: not found (HTTP 404)`);
    return s;
  };

  switch (cmd) {
    case "quay_repository_create": {
      if (!REPO_NAME.test(name)) throw refused("invalidInput", `"${name}" is not a valid repository name`);
      if (repos.some((r) => r.name === name)) throw refused("invalidInput", "POST /repository: Quay refused it (HTTP 400): Repository already exists");
      const made = { namespace, name, isPublic: args?.visibility === "public", description: String(args?.description ?? ""), lastModified: null };
      repos.push(made);
      repos.sort((a, b) => a.name.localeCompare(b.name));
      return made;
    }
    case "quay_repository": {
      const r = repo();
      const count = active().length;
      const detail: RepositoryDetail = {
        repository: r,
        tagCount: Math.min(count, 500),
        tagCountCapped: count >= 500,
        canWrite: true,
        canAdmin: true,
        tagExpirationSeconds: state.timeMachine,
      };
      if (!state.detailDelayMs) return detail;
      state.detailsInFlight += 1;
      state.maxDetailsInFlight = Math.max(state.maxDetailsInFlight, state.detailsInFlight);
      return new Promise((resolve) =>
        setTimeout(() => {
          state.detailsInFlight -= 1;
          resolve(detail);
        }, state.detailDelayMs),
      );
    }
    case "quay_repository_delete":
      q.repositories[namespace] = repos.filter((r) => r.name !== name);
      delete state.spans[path];
      return null;
    case "quay_repository_visibility":
      repo().isPublic = args?.visibility === "public";
      return null;
    case "quay_tags":
      repo();
      return active();
    case "quay_tag_history":
      repo();
      return spans()
        .filter((s) => s.name === tagName)
        .map(({ size: _size, ...entry }) => entry)
        .sort((a, b) => (b.start ?? 0) - (a.start ?? 0));
    case "quay_deleted_tags": {
      repo();
      const t = now();
      const names = new Set(spans().filter((s) => alive(s, t)).map((s) => s.name));
      const latest = new Map<string, FakeSpan>();
      for (const s of spans()) {
        if (names.has(s.name)) continue;
        const kept = latest.get(s.name);
        if (!kept || (kept.end ?? 0) < (s.end ?? 0)) latest.set(s.name, s);
      }
      return [...latest.values()].map(({ size: _size, ...entry }) => entry).sort((a, b) => (b.end ?? 0) - (a.end ?? 0));
    }
    case "quay_tag_expiration": {
      const expiration = args?.expiration as number | null;
      if (expiration !== null && expiration <= now()) throw refused("invalidInput", `The expiration of tag ${tagName} must be in the future.`);
      const s = current();
      // As Quay: at least an hour after the push.
      s.end = expiration === null ? null : Math.max(expiration, (s.start ?? 0) + 3600);
      return active().find((x) => x.name === tagName);
    }
    case "quay_tag_delete":
      current().end = now();
      return null;
    case "quay_tag_restore": {
      const wanted = String(args?.manifestDigest);
      const known = spans().find((s) => s.manifestDigest === wanted);
      if (!known) throw refused("notFound", `POST /repository/${path}/tag/${tagName}/restore: not found (HTTP 404)`);
      const t = now();
      const live = spans().find((s) => s.name === tagName && alive(s, t));
      if (live) live.end = t;
      spans().push({ ...known, name: tagName, start: t + 1, end: null, reversion: true });
      return null;
    }
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}
