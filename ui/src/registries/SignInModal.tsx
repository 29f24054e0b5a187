import { useState, type FormEvent } from "react";
import {
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
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { RegistryErrorAlert } from "./RegistryErrorAlert";

export interface SignInModalProps {
  connection: Connection;
  onSignedIn: (username: string) => void;
  onCancel: () => void;
}

/**
 * Asks for a registry's username and password and hands them to the backend. The password
 * lives in this form's state only until it is submitted; the backend keeps it in memory.
 */
export function SignInModal({ connection, onSignedIn, onCancel }: SignInModalProps) {
  const t = useT();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !username.trim()) return;
    const secret = password;
    setPassword("");
    setBusy(true);
    setError(null);
    try {
      await commands.registrySignIn(connection.id, username.trim(), secret);
      onSignedIn(username.trim());
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
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
          {error && <RegistryErrorAlert error={error} title="signIn.failed" fallbackTitle="signIn.failed" />}
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
              <HelperTextItem>{t("signIn.memoryNote")}</HelperTextItem>
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
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
