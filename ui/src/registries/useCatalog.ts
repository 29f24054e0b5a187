import { useCallback, useEffect, useRef, useState } from "react";
import { Channel } from "@tauri-apps/api/core";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import type { CatalogEvent } from "../bindings/CatalogEvent";
import { toUiError, type UiError } from "../errors";
import { mergeSorted } from "./repositoryTree";

export type CatalogState =
  | { status: "idle"; names: string[] }
  | { status: "loading"; names: string[]; listingId: string }
  | { status: "done"; names: string[]; total: number; elapsedMs: number }
  | { status: "cancelled"; names: string[] }
  | { status: "failed"; names: string[]; error: UiError };

const IDLE: CatalogState = { status: "idle", names: [] };

/**
 * Streams a registry's catalog: pages are merged into the list as they arrive, the listing
 * can be cancelled, and a new connection (or `reload`) starts a fresh listing and tells the
 * backend to stop the old one. Events of a listing that is no longer current are ignored.
 */
export function useCatalog(connectionId: string | null) {
  const withSignIn = useWithSignIn(connectionId ?? "");
  const [state, setState] = useState<CatalogState>(IDLE);
  const current = useRef<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!connectionId) {
      setState(IDLE);
      return;
    }
    const listingId = crypto.randomUUID();
    current.current = listingId;
    let finished = false;
    const channel = new Channel<CatalogEvent>();
    channel.onmessage = (event) => {
      if (current.current !== listingId) return;
      switch (event.event) {
        case "page":
          // For the benchmark's breakdown of "first rows" (tests/benches/browse.rs).
          performance.mark("catalog-page");
          setState((prev) =>
            prev.status === "loading" ? { ...prev, names: mergeSorted(prev.names, event.repositories) } : prev,
          );
          break;
        case "done":
          finished = true;
          setState((prev) => ({ status: "done", names: prev.names, total: event.total, elapsedMs: event.elapsedMs }));
          break;
        case "cancelled":
          finished = true;
          setState((prev) => ({ status: "cancelled", names: prev.names }));
          break;
      }
    };
    setState({ status: "loading", names: [], listingId });
    performance.mark("catalog-start");
    withSignIn("reauth.what.catalog", () => commands.registryCatalog(connectionId, listingId, channel)).catch((reason: unknown) => {
      finished = true;
      if (current.current !== listingId) return;
      setState((prev) => ({ status: "failed", names: prev.names, error: toUiError(reason) }));
    });
    return () => {
      current.current = null;
      // Leaving the connection (or reloading) must not leave the backend paging on.
      if (!finished) commands.registryCatalogCancel(listingId).catch(() => undefined);
    };
  }, [connectionId, generation, withSignIn]);

  const loadingId = state.status === "loading" ? state.listingId : null;
  const cancel = useCallback(() => {
    // The backend answers with a `cancelled` event, which ends the listing here.
    if (loadingId) commands.registryCatalogCancel(loadingId).catch(() => undefined);
  }, [loadingId]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return { state, cancel, reload };
}
