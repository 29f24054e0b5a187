import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { SignInStatus } from "../bindings/SignInStatus";
import { ConfirmModal } from "../components/ConfirmModal";
import { useT } from "../i18n/i18n";

export interface SignOutModalProps {
  connection: Connection;
  status: SignInStatus;
  onDone: () => void;
  onCancel: () => void;
}

/**
 * Names what signing out does (keyring entry deleted; the OpenShift token revoked, or the
 * OIDC grant revoked where the provider offers RFC 7009 revocation) and asks once.
 */
export function SignOutModal({ connection, status, onDone, onCancel }: SignOutModalProps) {
  const t = useT();
  const revokes = status.method === "oidc" ? "auth.signOutRevokesOidc" : "auth.signOutRevokes";
  return (
    <ConfirmModal
      testId="sign-out-modal"
      confirmTestId="confirm-sign-out"
      variant="danger"
      title={t("auth.signOutTitle", { name: connection.name })}
      body={`${t(status.keptIn === "keyring" ? "auth.signOutKeyring" : "auth.signOutMemory", { user: status.identity.user })} ${t(revokes)}`}
      confirm={t("auth.signOut")}
      failed="auth.signOutFailed"
      onCancel={onCancel}
      run={async () => {
        await commands.authSignOut(connection.id);
        onDone();
      }}
    />
  );
}
