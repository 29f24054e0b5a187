import { useState, type ReactNode } from "react";
import { Alert, AlertActionLink, Button, Modal, ModalBody, ModalFooter, ModalHeader } from "@patternfly/react-core";
import type { Connection } from "../bindings/Connection";
import type { KeptIn } from "../bindings/KeptIn";
import { ErrorBody } from "../components/ErrorAlert";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";

export interface SignInDialogProps {
  /** Prefix of the title's id (`<id>-title`, what the dialog is labelled by). */
  id: string;
  /** The dialog's `data-testid`. */
  testId?: string;
  title: string;
  /** The connection signed in to: its URL stands under the title. */
  connection: Connection;
  size?: "small" | "medium";
  /** Why the dialog opened by itself ("Your session for … has ended; …"), shown first. */
  reason?: string;
  /** Nothing can be dismissed while a sign-in is on its way. */
  busy: boolean;
  onCancel: () => void;
  /** The submit button(s), before Cancel. */
  footer: ReactNode;
  /** The form. */
  children: ReactNode;
}

/**
 * The frame of every sign-in dialog (registry, Quay, cluster): the connection's name and URL,
 * the reason it opened by itself, the form, and the footer's buttons with Cancel last.
 */
export function SignInDialog({ id, testId, title, connection, size = "small", reason, busy, onCancel, footer, children }: SignInDialogProps) {
  const t = useT();
  return (
    <Modal isOpen variant={size} onClose={busy ? undefined : onCancel} aria-labelledby={`${id}-title`} data-testid={testId}>
      <ModalHeader title={title} labelId={`${id}-title`} description={connection.url} />
      <ModalBody>
        {reason && <Alert variant="info" isInline title={<span data-testid="reauth-reason">{reason}</span>} className="rc-mb-md" />}
        {children}
      </ModalBody>
      <ModalFooter>
        {footer}
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** A verified secret the keyring refused to keep, waiting for the user's choice. */
export interface KeyringProblem {
  error: UiError;
  secret: string;
}

/**
 * Sends a secret to be verified and kept (`send`), as the registry and Quay dialogs do: a
 * keyring that cannot keep it leaves the secret here (never in a field) until the user keeps
 * it for this session only or tries the keyring again; any other refusal is the error.
 */
export function useKeptSignIn(send: (secret: string, keptIn: KeptIn) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [keyringProblem, setKeyringProblem] = useState<KeyringProblem | null>(null);
  const signIn = async (secret: string, keptIn: KeptIn) => {
    setBusy(true);
    setError(null);
    try {
      await send(secret, keptIn);
      setKeyringProblem(null);
    } catch (reason) {
      const failure = toUiError(reason);
      if (failure.code === "keyringUnavailable" && keptIn === "keyring") {
        setKeyringProblem({ error: failure, secret });
      } else {
        setKeyringProblem(null);
        setError(failure);
      }
      setBusy(false);
    }
  };
  return { busy, error, setError, keyringProblem, dropKeyringProblem: () => setKeyringProblem(null), signIn };
}

/** The keyring could not keep the secret: keep it for this session only, or try again. */
export function KeyringProblemAlert({ problem, busy, signIn }: { problem: KeyringProblem; busy: boolean; signIn: (secret: string, keptIn: KeptIn) => void }) {
  const t = useT();
  return (
    <Alert
      variant="warning"
      isInline
      data-testid="keyring-problem"
      title={t("signIn.keyringProblemTitle")}
      actionLinks={[
        <AlertActionLink key="session" data-testid="sign-in-session-only" isDisabled={busy} onClick={() => signIn(problem.secret, "session")}>
          {t("signIn.keepForSession")}
        </AlertActionLink>,
        <AlertActionLink key="retry" data-testid="sign-in-keyring-retry" isDisabled={busy} onClick={() => signIn(problem.secret, "keyring")}>
          {t("signIn.keyringRetry")}
        </AlertActionLink>,
      ]}
    >
      <p>{t("signIn.keyringProblemBody")}</p>
      <ErrorBody error={problem.error} showMessage={false} />
    </Alert>
  );
}
