import { useState, type FormEvent } from "react";
import { Button, Form, FormGroup, HelperText, HelperTextItem, TextInput } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { SignedIn } from "../bindings/SignedIn";
import { useT } from "../i18n/i18n";
import { KeyringProblemAlert, SignInDialog, useKeptSignIn } from "../signin/SignInDialog";
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
  const { busy: working, error, keyringProblem, dropKeyringProblem, signIn } = useKeptSignIn(async (secret, keptIn) =>
    onSignedIn(await commands.registrySignIn(connection.id, username.trim(), secret, keptIn)),
  );
  // Signed in, and the interrupted call runs again: nothing to click until it has answered.
  const busy = working || Boolean(continuing);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !username.trim()) return;
    const secret = password;
    setPassword("");
    dropKeyringProblem();
    await signIn(secret, "keyring");
  };

  return (
    <SignInDialog
      id="registry-sign-in"
      title={t("signIn.title", { name: connection.name })}
      connection={connection}
      reason={reason}
      busy={busy}
      onCancel={() => {
        dropKeyringProblem();
        onCancel();
      }}
      footer={
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
      }
    >
      <Form id="registry-sign-in-form" onSubmit={submit} noValidate>
        {error && <RegistryErrorAlert error={error} title="signIn.failed" fallbackTitle="signIn.failed" />}
        {keyringProblem && <KeyringProblemAlert problem={keyringProblem} busy={busy} signIn={(secret, keptIn) => void signIn(secret, keptIn)} />}
        <FormGroup label={t("signIn.username")} isRequired fieldId="registry-username">
          <TextInput id="registry-username" isRequired autoComplete="username" value={username} onChange={(_e, v) => setUsername(v)} autoFocus />
        </FormGroup>
        <FormGroup label={t("signIn.password")} fieldId="registry-password">
          <TextInput id="registry-password" type="password" autoComplete="current-password" value={password} onChange={(_e, v) => setPassword(v)} />
          <HelperText>
            <HelperTextItem>{t("signIn.keyringNote")}</HelperTextItem>
          </HelperText>
        </FormGroup>
      </Form>
    </SignInDialog>
  );
}
