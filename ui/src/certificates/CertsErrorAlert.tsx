import { ErrorAlert } from "../components/ErrorAlert";
import type { UiError } from "../errors";
import type { MessageKey } from "../i18n/en";
import { useT } from "../i18n/i18n";

type Words = Partial<Record<UiError["code"], MessageKey>>;

export interface CertsErrorAlertProps {
  error: UiError;
  /** Title when the code has no words of its own here (and for `unexpected`). */
  fallbackTitle: MessageKey;
  /** Titles per code where the user acted (an inspection words `unreachable` its own way). */
  titles?: Words;
  /** What the user can do about it, per code. */
  hints?: Words;
  className?: string;
  testId?: string;
}

/**
 * A certificate command that failed, shown where the user acted: a title in words for the
 * code, a hint where there is one, and the backend's message with the OS or server detail.
 */
export function CertsErrorAlert({ error, fallbackTitle, titles, hints, className, testId }: CertsErrorAlertProps) {
  const t = useT();
  const hint = hints?.[error.code];
  return (
    <ErrorAlert error={error} className={className} testId={testId ?? "certs-error"} title={t(titles?.[error.code] ?? fallbackTitle)} showMessage={!titles?.[error.code]}>
      {hint && <p>{t(hint)}</p>}
    </ErrorAlert>
  );
}
