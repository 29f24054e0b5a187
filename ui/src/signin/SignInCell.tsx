import { Button, Label, LabelGroup } from "@patternfly/react-core";
import { UserIcon } from "@patternfly/react-icons";
import type { SignInStatus } from "../bindings/SignInStatus";
import { useT } from "../i18n/i18n";
import { formatAbsolute } from "../components/time";

/** "in 23 h", "in 5 min", or "expired", from Unix seconds. */
export function expiryWords(expiresAt: number, now: number, t: ReturnType<typeof useT>): string {
  const seconds = expiresAt - now;
  if (seconds <= 0) return t("auth.expired");
  if (seconds < 3600) return t("auth.expiresInMinutes", { minutes: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 86400 * 2) return t("auth.expiresInHours", { hours: Math.round(seconds / 3600) });
  return t("auth.expiresInDays", { days: Math.round(seconds / 86400) });
}

export interface SignInCellProps {
  status: SignInStatus | null;
  onSignIn: () => void;
  onSignOut: () => void;
}

/** Who is signed in to a connection (user, groups, expiry, where it is kept), with the action. */
export function SignInCell({ status, onSignIn, onSignOut }: SignInCellProps) {
  const t = useT();
  if (!status) {
    return (
      <Button variant="secondary" size="sm" data-testid="auth-sign-in" onClick={onSignIn}>
        {t("auth.signIn")}
      </Button>
    );
  }
  const groups = status.identity.groups.filter((g) => !g.startsWith("system:"));
  const now = Math.floor(Date.now() / 1000);
  return (
    <div className="rc-signed-in" data-testid="auth-identity">
      <div>
        <UserIcon aria-hidden /> <strong data-testid="auth-user">{status.identity.user}</strong>
        {status.identity.email && status.identity.email !== status.identity.user && (
          <span className="rc-signed-in-note"> {status.identity.email}</span>
        )}
      </div>
      {groups.length > 0 && (
        <LabelGroup aria-label={t("auth.groups")} numLabels={3} data-testid="auth-groups">
          {groups.map((g) => (
            <Label key={g} isCompact>
              {g}
            </Label>
          ))}
        </LabelGroup>
      )}
      <div className="rc-signed-in-note" data-testid="auth-expiry">
        {status.expiresAt !== null
          ? (
              // The absolute local time on hover, as every list shows its times.
              <span title={formatAbsolute(new Date(status.expiresAt * 1000), t.language)}>
                {t("auth.expires", { when: expiryWords(status.expiresAt, now, t) })}
              </span>
            )
          : t("auth.expiryUnknown")}
        {status.keptIn === "session" && (
          <>
            {" "}
            <Label isCompact color="orange" data-testid="auth-session-only">
              {t("auth.sessionOnly")}
            </Label>
          </>
        )}
      </div>
      <Button variant="link" isInline size="sm" data-testid="auth-sign-out" onClick={onSignOut}>
        {t("auth.signOut")}
      </Button>
    </div>
  );
}
