import type { CommandError } from "./bindings/CommandError";
import type { ErrorCode } from "./bindings/ErrorCode";

/** A failed command, or something that failed before reaching the backend. */
export type UiError = Omit<CommandError, "code"> & { code: ErrorCode | "unexpected" };

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/**
 * Every command rejects with a `CommandError`; anything else (a missing IPC bridge, a bug)
 * becomes `unexpected` so the UI still shows words instead of "[object Object]".
 */
export function toUiError(reason: unknown): UiError {
  if (isCommandError(reason)) {
    return { code: reason.code, message: reason.message, detail: reason.detail ?? null, denial: reason.denial ?? null };
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  return { code: "unexpected", message, detail: null };
}
