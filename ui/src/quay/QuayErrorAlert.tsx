import { AlertActionLink } from "@patternfly/react-core";
import { ErrorAlert } from "../components/ErrorAlert";
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
    <ErrorAlert
      error={error}
      variant={error.code === "signInRequired" ? "warning" : "danger"}
      testId="quay-error"
      title={t(title)}
      actions={actions}
      className="rc-mb-md"
      // Our own words below say what these two codes mean.
      showMessage={error.code !== "accessDenied" && error.code !== "signInRequired"}
    >
      {error.code === "accessDenied" && <p data-testid="quay-denied">{t("quay.error.denied")}</p>}
      {error.code === "signInRequired" && <p>{t("quay.error.signIn")}</p>}
    </ErrorAlert>
  );
}
