import { AlertActionLink } from "@patternfly/react-core";
import { ErrorAlert } from "../components/ErrorAlert";
import type { UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";

export interface ClusterErrorAlertProps {
  error: UiError;
  /** What the user was doing, as the alert's title ("The role could not be granted"). */
  title: MessageKey;
  /** Shown with `signInRequired`: opens the Connections page where the sign-in is. */
  onSignIn?: () => void;
  onRetry?: () => void;
}

/**
 * A cluster call that failed, where the user acted. A 403 says who the user is and which
 * permission is missing, in the UI's language; a 409 says nothing was overwritten.
 */
export function ClusterErrorAlert({ error, title, onSignIn, onRetry }: ClusterErrorAlertProps) {
  const t = useT();
  // A 403 in the standard RBAC words arrives in its parts: said here in the UI's language.
  const denial = error.denial ?? null;
  const actions = [
    error.code === "signInRequired" && onSignIn ? (
      <AlertActionLink key="sign-in" data-testid="access-open-connections" onClick={onSignIn}>
        {t("access.error.openConnections")}
      </AlertActionLink>
    ) : null,
    // A load runs through the sign-in dialog again (see ReauthProvider): sign in right here.
    error.code === "signInRequired" && onRetry ? (
      <AlertActionLink key="sign-in-again" data-testid="access-sign-in-again" onClick={onRetry}>
        {t("access.error.signInAgain")}
      </AlertActionLink>
    ) : null,
    onRetry && (error.code === "unreachable" || error.code === "serverError" || error.code === "conflict") ? (
      <AlertActionLink key="retry" onClick={onRetry}>
        {t("access.retry")}
      </AlertActionLink>
    ) : null,
  ].filter(Boolean);
  return (
    <ErrorAlert
      error={error}
      variant={error.code === "signInRequired" ? "warning" : "danger"}
      testId="cluster-error"
      title={t(title)}
      actions={actions}
      // A refusal read into words, a sign-in or a conflict: our words below say what the
      // code's sentence would; the apiserver's own text stays under Details.
      showMessage={!denial && error.code !== "signInRequired" && error.code !== "conflict"}
      className="rc-mb-md"
    >
      {denial ? (
        <p data-testid="denial">
          {t(denial.namespace ? "access.error.denied" : "access.error.deniedCluster", {
            user: denial.user,
            verb: denial.verb,
            resource: denial.resource,
            group: denial.group || "core",
            namespace: denial.namespace ?? "",
          })}
        </p>
      ) : error.code === "signInRequired" ? (
        <p>{t("access.error.signIn")}</p>
      ) : error.code === "conflict" ? (
        <p>{t("access.error.conflict")}</p>
      ) : null}
    </ErrorAlert>
  );
}
