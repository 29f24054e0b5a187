import { useState, type ReactNode } from "react";
import { Alert, ExpandableSection } from "@patternfly/react-core";
import { errorSentenceKey, serverText, type UiError } from "../errors";
import { useT } from "../i18n/i18n";

/**
 * The backend's and the server's own words for an error (English, a JSON body, "UNAUTHORIZED",
 * a keyring's "prompt dismissed"), each once. For a place that already has its own toggle;
 * elsewhere `ErrorDetails` puts them under "Details".
 */
export function ErrorText({ error }: { error: UiError }) {
  return (
    <>
      {serverText(error).map((line, i) => (
        <div key={i} className="rc-detail" data-testid="error-server-text">
          {line}
        </div>
      ))}
    </>
  );
}

/**
 * The server's text under a "Details" toggle, closed at first: what the user reads first is in
 * their language; the raw text is there, once, for a ticket or a search.
 */
export function ErrorDetails({ error, testId = "error-details" }: { error: UiError; testId?: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  if (!serverText(error).length) return null;
  return (
    <ExpandableSection
      toggleText={t("error.details")}
      isExpanded={open}
      onToggle={(_event, expanded) => setOpen(expanded)}
      data-testid={testId}
      className="rc-error-details"
    >
      <ErrorText error={error} />
    </ExpandableSection>
  );
}

/**
 * An error in the user's words: a sentence for its code (unless the caller's words already say
 * it), then the server's text under "Details".
 */
export function ErrorBody({ error, showMessage = true }: { error: UiError; showMessage?: boolean }) {
  const t = useT();
  return (
    <>
      {showMessage && <p data-testid="error-sentence">{t(errorSentenceKey(error.code))}</p>}
      <ErrorDetails error={error} />
    </>
  );
}

export interface ErrorAlertProps {
  error: UiError;
  /** What the user was doing, already in the UI's language ("The entry could not be written"). */
  title: string;
  /** `data-testid`; tests and e2e steps tell the areas' alerts apart by it. */
  testId: string;
  /** `warning` where the user can fix it by signing in; `danger` otherwise. */
  variant?: "danger" | "warning";
  /** Links under the text (sign in, retry). */
  actions?: ReactNode[];
  /** Our words about the error (a hint, a refusal read into words), before the code's sentence. */
  children?: ReactNode;
  /** False where the title or `children` already say what the code's sentence would say. */
  showMessage?: boolean;
  className?: string;
}

/**
 * A `{code, message, detail}` error where the user acted: the title says what failed, our hint
 * (if any) what to do, a sentence for the code, all in the UI's language; the backend's message
 * and the server's detail under "Details". `data-code` carries the code. The areas' alerts
 * (cluster, Quay, registry, certificates) choose the words and links and draw through this one.
 */
export function ErrorAlert({ error, title, testId, variant = "danger", actions, children, showMessage = true, className }: ErrorAlertProps) {
  return (
    <Alert
      variant={variant}
      isInline
      data-testid={testId}
      data-code={error.code}
      title={title}
      actionLinks={actions?.length ? actions : undefined}
      className={className}
    >
      {children}
      <ErrorBody error={error} showMessage={showMessage} />
    </Alert>
  );
}
