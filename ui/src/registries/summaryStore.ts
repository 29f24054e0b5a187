import { commands } from "../bindings/commands";
import type { WithSignIn } from "../signin/Reauth";
import type { TagSummary } from "../bindings/TagSummary";
import { toUiError, type UiError } from "../errors";

export type SummaryEntry = { status: "ok"; summary: TagSummary } | { status: "failed"; error: UiError };

/** How many tag summaries the UI asks for at once; the backend bounds its own work too. */
export const SUMMARY_CONCURRENCY = 8;

export const summaryKey = (repository: string, tag: string) => `${repository}:${tag}`;

/**
 * Tag summaries of one connection, by `repo:tag`, fetched at most `SUMMARY_CONCURRENCY` at a
 * time. Mutable on purpose: thousands of results must not copy a map each; subscribers are
 * told to redraw instead.
 */
export class SummaryStore {
  readonly entries = new Map<string, SummaryEntry>();
  private readonly inFlight = new Set<string>();
  private readonly listeners = new Set<() => void>();

  /**
   * `withSignIn` runs each fetch through the sign-in dialog's retry (see `ReauthProvider`);
   * without it fetches run as they are.
   */
  constructor(
    readonly connectionId: string,
    private readonly withSignIn: WithSignIn = (_what, call) => call(),
  ) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(repository: string, tag: string): SummaryEntry | undefined {
    return this.entries.get(summaryKey(repository, tag));
  }

  /** Starts fetching the wanted tags that are neither known nor on their way, in order. */
  want(repository: string, tags: readonly string[]): void {
    for (const tag of tags) {
      if (this.inFlight.size >= SUMMARY_CONCURRENCY) return;
      const key = summaryKey(repository, tag);
      if (this.entries.has(key) || this.inFlight.has(key)) continue;
      this.inFlight.add(key);
      this.withSignIn("reauth.what.tagSummary", () => commands.registryTagSummary(this.connectionId, repository, tag))
        .then(
          (summary) => this.entries.set(key, { status: "ok", summary }),
          (reason: unknown) => this.entries.set(key, { status: "failed", error: toUiError(reason) }),
        )
        .finally(() => {
          this.inFlight.delete(key);
          for (const listener of this.listeners) listener();
        });
    }
  }

  /** Forgets failures (after signing in, say) so the next `want` asks again. */
  dropFailures(): void {
    for (const [key, entry] of this.entries) if (entry.status === "failed") this.entries.delete(key);
    for (const listener of this.listeners) listener();
  }

  /** Forgets tags that no longer point where they did (after a delete). */
  forget(repository: string, tags: readonly string[]): void {
    for (const tag of tags) this.entries.delete(summaryKey(repository, tag));
  }
}
