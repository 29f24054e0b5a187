import { Alert, AlertActionLink } from "@patternfly/react-core";
import type { UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";

/**
 * A Quay call that failed, where the user acted: what was being done as the title, Quay's own
 * words beneath, a sign-in link when the token is missing or refused, a retry when Quay could
 * not be reached.
 */
export function QuayErrorAlert({
  error,
  title,
  onSignIn,
  onRetry,
}: {
  error: UiError;
  title: MessageKey;
  onSignIn?: () => void;
  onRetry?: () => void;
}) {
  const t = useT();
  const actions = [
    error.code === "signInRequired" && onSignIn ? (
      <AlertActionLink key="sign-in" data-testid="quay-error-sign-in" onClick={onSignIn}>
        {t("quay.signIn")}
      </AlertActionLink>
    ) : null,
    onRetry && (error.code === "unreachable" || error.code === "serverError" || error.code === "badResponse") ? (
      <AlertActionLink key="retry" onClick={onRetry}>
        {t("quay.retry")}
      </AlertActionLink>
    ) : null,
  ].filter(Boolean);
  return (
    <Alert
      variant={error.code === "signInRequired" ? "warning" : "danger"}
      isInline
      data-testid="quay-error"
      data-code={error.code}
      title={t(title)}
      actionLinks={actions.length ? actions : undefined}
      className="rc-mb-md"
    >
      {error.code === "accessDenied" && <p data-testid="quay-denied">{t("quay.error.denied")}</p>}
      {error.code === "signInRequired" && <p>{t("quay.error.signIn")}</p>}
      <p>{error.message}</p>
      {error.detail && <div className="rc-detail">{error.detail}</div>}
    </Alert>
  );
}
