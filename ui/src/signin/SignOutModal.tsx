import { useState } from "react";
import { Alert, Button, Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { SignInStatus } from "../bindings/SignInStatus";
import { toUiError, type UiError } from "../errors";
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const revokes = status.method === "oidc" ? "auth.signOutRevokesOidc" : "auth.signOutRevokes";
  const signOut = async () => {
    setBusy(true);
    try {
      await commands.authSignOut(connection.id);
      onDone();
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby="sign-out-title" data-testid="sign-out-modal">
      <ModalHeader title={t("auth.signOutTitle", { name: connection.name })} labelId="sign-out-title" titleIconVariant="warning" />
      <ModalBody>
        {error && (
          <Alert variant="danger" isInline title={t("auth.signOutFailed")}>
            {error.message}
            {error.detail && <div className="rc-detail">{error.detail}</div>}
          </Alert>
        )}
        <p>
          {t(status.keptIn === "keyring" ? "auth.signOutKeyring" : "auth.signOutMemory", { user: status.identity.user })}
          {` ${t(revokes)}`}
        </p>
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" data-testid="confirm-sign-out" isLoading={busy} isDisabled={busy} onClick={() => void signOut()}>
          {t("auth.signOut")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
