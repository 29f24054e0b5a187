import { useState, type FormEvent } from "react";
import {
  Alert,
  AlertActionLink,
  Button,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { KeptIn } from "../bindings/KeptIn";
import type { SignedIn } from "../bindings/SignedIn";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { RegistryErrorAlert } from "./RegistryErrorAlert";

export interface SignInModalProps {
  connection: Connection;
  onSignedIn: (signedIn: SignedIn) => void;
  onCancel: () => void;
  /** Why the dialog opened by itself ("Your session for … has ended; …"), shown first. */
  reason?: string;
  /** Signed in already; the call that asked for it is running again. */
  continuing?: boolean;
}

/**
 * Asks for a registry's username and password and hands them to the backend, which keeps them
 * in the OS keyring. When the keyring cannot be used, the form says so and offers to keep
 * them for this session only: the password then stays in this form's state until the user
 * chooses, and is dropped as soon as the sign-in is done or cancelled.
 */
export function SignInModal({ connection, onSignedIn, onCancel, reason, continuing }: SignInModalProps) {
  const t = useT();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [working, setBusy] = useState(false);
  // Signed in, and the interrupted call runs again: nothing to click until it has answered.
  const busy = working || Boolean(continuing);
  const [error, setError] = useState<UiError | null>(null);
  /** The keyring refused: the verified password waits here for the user's choice. */
  const [keyringProblem, setKeyringProblem] = useState<{ error: UiError; password: string } | null>(null);

  const signIn = async (secret: string, keptIn: KeptIn) => {
    setBusy(true);
    setError(null);
    try {
      const signedIn = await commands.registrySignIn(connection.id, username.trim(), secret, keptIn);
      setKeyringProblem(null);
      onSignedIn(signedIn);
    } catch (reason) {
      const failure = toUiError(reason);
      if (failure.code === "keyringUnavailable" && keptIn === "keyring") {
        setKeyringProblem({ error: failure, password: secret });
      } else {
        setKeyringProblem(null);
        setError(failure);
      }
      setBusy(false);
    }
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !username.trim()) return;
    const secret = password;
    setPassword("");
    setKeyringProblem(null);
    await signIn(secret, "keyring");
  };

  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby="registry-sign-in-title">
      <ModalHeader
        title={t("signIn.title", { name: connection.name })}
        labelId="registry-sign-in-title"
        description={connection.url}
      />
      <ModalBody>
        <Form id="registry-sign-in-form" onSubmit={submit} noValidate>
          {reason && <Alert variant="info" isInline title={<span data-testid="reauth-reason">{reason}</span>} />}
          {error && <RegistryErrorAlert error={error} title="signIn.failed" fallbackTitle="signIn.failed" />}
          {keyringProblem && (
            <Alert
              variant="warning"
              isInline
              data-testid="keyring-problem"
              title={t("signIn.keyringProblemTitle")}
              actionLinks={[
                <AlertActionLink
                  key="session"
                  data-testid="sign-in-session-only"
                  isDisabled={busy}
                  onClick={() => void signIn(keyringProblem.password, "session")}
                >
                  {t("signIn.keepForSession")}
                </AlertActionLink>,
                <AlertActionLink
                  key="retry"
                  data-testid="sign-in-keyring-retry"
                  isDisabled={busy}
                  onClick={() => void signIn(keyringProblem.password, "keyring")}
                >
                  {t("signIn.keyringRetry")}
                </AlertActionLink>,
              ]}
            >
              <p>{keyringProblem.error.message}</p>
              {keyringProblem.error.detail && <div className="rc-detail">{keyringProblem.error.detail}</div>}
              <p>{t("signIn.keyringProblemBody")}</p>
            </Alert>
          )}
          <FormGroup label={t("signIn.username")} isRequired fieldId="registry-username">
            <TextInput
              id="registry-username"
              isRequired
              autoComplete="username"
              value={username}
              onChange={(_e, v) => setUsername(v)}
              autoFocus
            />
          </FormGroup>
          <FormGroup label={t("signIn.password")} fieldId="registry-password">
            <TextInput
              id="registry-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(_e, v) => setPassword(v)}
            />
            <HelperText>
              <HelperTextItem>{t("signIn.keyringNote")}</HelperTextItem>
            </HelperText>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="registry-sign-in-form"
          variant="primary"
          data-testid="registry-sign-in-submit"
          isLoading={busy}
          isDisabled={busy || !username.trim()}
        >
          {t("signIn.submit")}
        </Button>
        <Button
          variant="link"
          onClick={() => {
            setKeyringProblem(null);
            onCancel();
          }}
          isDisabled={busy}
        >
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
