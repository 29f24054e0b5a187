import { describe, expect, it } from "vitest";
import { act, renderHook, waitFor } from "@testing-library/react";
import { useLoad } from "./useLoad";

/** A promise the test settles by hand, to make answers arrive in the order it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("useLoad", () => {
  it("a_slow_answer_for_the_previous_input_never_replaces_the_current_one", async () => {
    const answers = new Map([
      ["old", deferred<string>()],
      ["new", deferred<string>()],
    ]);
    const { result, rerender } = renderHook(({ id }) => useLoad(() => answers.get(id)!.promise, [id]), { initialProps: { id: "old" } });
    rerender({ id: "new" });
    await act(async () => answers.get("new")!.resolve("new value"));
    await act(async () => answers.get("old")!.resolve("old value"));
    expect(result.current[0]).toEqual({ status: "ready", value: "new value" });
  });

  it("an_answer_to_a_call_that_reload_superseded_is_dropped", async () => {
    const calls: ReturnType<typeof deferred<string>>[] = [];
    const { result } = renderHook(() =>
      useLoad(() => {
        const d = deferred<string>();
        calls.push(d);
        return d.promise;
      }, []),
    );
    act(() => result.current[1]());
    await waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => calls[1]!.resolve("after reload"));
    await act(async () => calls[0]!.resolve("before reload"));
    expect(result.current[0]).toEqual({ status: "ready", value: "after reload" });
  });

  it("a_failure_is_kept_as_a_ui_error_and_reload_asks_again_keeping_the_value_shown", async () => {
    const calls: ReturnType<typeof deferred<number>>[] = [];
    const { result } = renderHook(() =>
      useLoad(() => {
        const d = deferred<number>();
        calls.push(d);
        return d.promise;
      }, []),
    );
    await act(async () => calls[0]!.reject({ code: "unreachable", message: "connection refused" }));
    expect(result.current[0]).toMatchObject({ status: "failed", error: { code: "unreachable", message: "connection refused" } });

    act(() => result.current[1]());
    await waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => calls[1]!.resolve(1));
    expect(result.current[0]).toEqual({ status: "ready", value: 1 });

    act(() => result.current[1]());
    await waitFor(() => expect(calls).toHaveLength(3));
    // The value stays on screen while the new answer is awaited.
    expect(result.current[0]).toEqual({ status: "ready", value: 1 });
    await act(async () => calls[2]!.resolve(2));
    expect(result.current[0]).toEqual({ status: "ready", value: 2 });
  });
});
