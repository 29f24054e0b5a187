import { useCallback, useEffect, useState } from "react";
import { toUiError, type UiError } from "../errors";

/** What a load has come to: still waiting, refused (with the error to show), or the value. */
export type Load<T> = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: T };

/**
 * Runs `fetch` on mount, whenever `deps` change and whenever `reload` is called: the one way a
 * component loads what it shows. Only the newest call's answer is kept: an answer that comes
 * back after a newer call started, or after the component is gone, is dropped, so a slow
 * answer for the previous connection never replaces the current one. A reload keeps the
 * value on screen until the new one arrives (no flash of a spinner).
 *
 * `deps` are checked by ESLint's exhaustive-deps rule at each call site, as for `useEffect`.
 */
export function useLoad<T>(fetch: () => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ status: "loading" });
  const [round, setRound] = useState(0);
  // The caller's `deps` are what `fetch` reads; the lint checks them where `useLoad` is called.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(fetch, deps);
  useEffect(() => {
    let live = true;
    setState((prev) => (prev.status === "ready" ? prev : { status: "loading" }));
    run().then(
      (value) => live && setState({ status: "ready", value }),
      (reason: unknown) => live && setState({ status: "failed", error: toUiError(reason) }),
    );
    return () => {
      live = false;
    };
  }, [run, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return [state, reload];
}

/** The loaded value, or `fallback` while loading or after a failure. */
export function loaded<T>(load: Load<T>, fallback: T): T {
  return load.status === "ready" ? load.value : fallback;
}
