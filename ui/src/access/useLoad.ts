import { useCallback, useEffect, useState } from "react";
import { toUiError, type UiError } from "../errors";

export type Load<T> = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: T };

/** Runs `fetch` now and whenever `reload` is called; the answer of a stale call is dropped. */
export function useLoad<T>(fetch: () => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [state, setState] = useState<Load<T>>({ status: "loading" });
  const [round, setRound] = useState(0);
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
  return [state, () => setRound((r) => r + 1)];
}
