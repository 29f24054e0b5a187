import { AlertActionLink } from "@patternfly/react-core";
import { ErrorAlert } from "../components/ErrorAlert";
import type { UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";

/** The title of each error a registry call can end with; others use the caller's words. */
const TITLE: Partial<Record<UiError["code"], MessageKey>> = {
  signInRequired: "registryError.signInRequired",
  accessDenied: "registryError.accessDenied",
  notFound: "registryError.notFound",
  deleteDisabled: "registryError.deleteDisabled",
  digestMismatch: "registryError.digestMismatch",
  unreachable: "registryError.unreachable",
  tlsFailure: "registryError.tlsFailure",
  serverError: "registryError.registryError",
  badResponse: "registryError.badResponse",
  keyringUnavailable: "registryError.keyringUnavailable",
};

/** A hint that says what the user can do about it, where there is one. */
const HINT: Partial<Record<UiError["code"], MessageKey>> = {
  tlsFailure: "registryError.tlsFailureHint",
  deleteDisabled: "registryError.deleteDisabledHint",
  accessDenied: "registryError.accessDeniedHint",
  keyringUnavailable: "registryError.keyringUnavailableHint",
};

export interface RegistryErrorAlertProps {
  error: UiError;
  /** Title when the code has no words of its own (and for `unexpected`). */
  fallbackTitle: MessageKey;
  /** Overrides the per-code title (the sign-in form's own failure, say). */
  title?: MessageKey;
  /** Shown with `signInRequired`: opens the sign-in form. */
  onSignIn?: () => void;
  /** Shown when retrying can help (unreachable, a registry error). */
  onRetry?: () => void;
  className?: string;
}

/**
 * A registry call that failed, where the user acted: a title in words for the code, what to
 * do about it, and the backend's message with the registry's own error beneath.
 */
export function RegistryErrorAlert({ error, fallbackTitle, title, onSignIn, onRetry, className }: RegistryErrorAlertProps) {
  const t = useT();
  // A keyring that cannot be read: signing in again can keep the credentials for this session.
  const signIn = (error.code === "signInRequired" || error.code === "keyringUnavailable") && onSignIn;
  const hint = HINT[error.code];
  const actions = [
    signIn ? (
      <AlertActionLink key="sign-in" data-testid="registry-sign-in" onClick={onSignIn}>
        {t("signIn.action")}
      </AlertActionLink>
    ) : null,
    onRetry && error.code !== "signInRequired" ? (
      <AlertActionLink key="retry" data-testid="registry-retry" onClick={onRetry}>
        {t("registries.retry")}
      </AlertActionLink>
    ) : null,
  ].filter(Boolean);
  return (
    <ErrorAlert
      error={error}
      variant={error.code === "signInRequired" && !title ? "warning" : "danger"}
      testId="registry-error"
      className={className}
      title={t(title ?? TITLE[error.code] ?? fallbackTitle)}
      actions={actions}
      // A title chosen for the code already says what the code's sentence would.
      showMessage={Boolean(title) || !TITLE[error.code]}
    >
      {hint && <p>{t(hint)}</p>}
    </ErrorAlert>
  );
}
