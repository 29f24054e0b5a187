import type { CommandError } from "./bindings/CommandError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { MessageKey } from "./i18n/en";

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

/** The sentence that says what each code means for the user (tsc fails when a code has none). */
const SENTENCE: Record<UiError["code"], MessageKey> = {
  invalidName: "error.code.invalidName",
  invalidUrl: "error.code.invalidUrl",
  invalidCaBundle: "error.code.invalidCaBundle",
  invalidInput: "error.code.invalidInput",
  fileExists: "error.code.fileExists",
  notFound: "error.code.notFound",
  signInRequired: "error.code.signInRequired",
  accessDenied: "error.code.accessDenied",
  deleteDisabled: "error.code.deleteDisabled",
  digestMismatch: "error.code.digestMismatch",
  unreachable: "error.code.unreachable",
  tlsFailure: "error.code.tlsFailure",
  serverError: "error.code.serverError",
  badResponse: "error.code.badResponse",
  keyringUnavailable: "error.code.keyringUnavailable",
  conflict: "error.code.conflict",
  cancelled: "error.code.cancelled",
  other: "error.code.other",
  catalogRefused: "error.code.catalogRefused",
  catalogNotOffered: "error.code.catalogNotOffered",
  metricsSecretRequired: "error.code.metricsSecretRequired",
  unexpected: "error.code.unexpected",
};

/** The sentence, in the UI's language, that says what a code means for the user. */
export function errorSentenceKey(code: UiError["code"]): MessageKey {
  return SENTENCE[code] ?? "error.code.other";
}

/**
 * The backend's message and the server's or OS's detail, each once: a detail the message
 * already quotes (or a message the detail repeats) is not shown twice.
 */
export function serverText(error: UiError): string[] {
  const message = error.message.trim();
  const detail = (error.detail ?? "").trim();
  if (!detail) return message ? [message] : [];
  if (!message) return [detail];
  const bare = (text: string) => text.replace(/[.\s]+$/, "").toLowerCase();
  if (bare(message).includes(bare(detail))) return [message];
  if (bare(detail).includes(bare(message))) return [detail];
  return [message, detail];
}
