import { useState, type FormEvent } from "react";
import {
  Button,
  Content,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Tab,
  TabTitleText,
  Tabs,
  TextInput,
} from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import { useT } from "../i18n/i18n";
import { KeyringProblemAlert, SignInDialog, useKeptSignIn } from "../signin/SignInDialog";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { QuayTokenSteps } from "./QuayTokenSteps";

type Way = "token" | "robot" | "browser";

/**
 * Signs in to a Quay: an OAuth access token (Quay's API and, as `$oauthtoken`, its registry),
 * or a robot account / user and password for the registry only. The backend checks the
 * secret against Quay before keeping it in the OS keyring; when the keyring cannot be used,
 * the user may keep it for this session only. The secret lives in this form's state until
 * then and is cleared from the field when sent.
 */
export function QuaySignInModal({
  connection,
  onSignedIn,
  onCancel,
}: {
  connection: Connection;
  onSignedIn: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [way, setWay] = useState<Way>("token");
  const [token, setToken] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, setError, keyringProblem, signIn: send } = useKeptSignIn(async (secret, keptIn) => {
    if (way === "token") await commands.quaySignIn(connection.id, secret.trim(), keptIn);
    else await commands.registrySignIn(connection.id, username.trim(), secret, keptIn);
    onSignedIn();
  });

  const ready = way === "token" ? token.trim() !== "" : username.trim() !== "" && password !== "";
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !ready) return;
    const secret = way === "token" ? token : password;
    setToken("");
    setPassword("");
    void send(secret, "keyring");
  };

  return (
    <SignInDialog
      id="quay-sign-in"
      size="medium"
      title={t("quay.signInTitle", { name: connection.name })}
      connection={connection}
      busy={busy}
      onCancel={onCancel}
      footer={
        way !== "browser" && (
          <Button type="submit" form="quay-sign-in-form" variant="primary" data-testid="quay-sign-in-submit" isLoading={busy} isDisabled={busy || !ready}>
            {t("quay.signInSubmit")}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={way}
        onSelect={(_e, key) => {
          if (!busy) {
            setWay(key as Way);
            setError(null);
          }
        }}
        aria-label={t("quay.signInTitle", { name: connection.name })}
      >
        <Tab eventKey="token" tabContentId="quay-sign-in-form" data-testid="quay-way-token" title={<TabTitleText>{t("quay.way.token")}</TabTitleText>} />
        <Tab eventKey="robot" tabContentId="quay-sign-in-form" data-testid="quay-way-robot" title={<TabTitleText>{t("quay.way.robot")}</TabTitleText>} />
        <Tab eventKey="browser" tabContentId="quay-sign-in-form" data-testid="quay-way-browser" title={<TabTitleText>{t("quay.way.browser")}</TabTitleText>} />
      </Tabs>
      <Form id="quay-sign-in-form" onSubmit={submit} noValidate className="pf-v6-u-mt-md">
        {error && <QuayErrorAlert error={error} title="quay.signInFailed" />}
        {keyringProblem && <KeyringProblemAlert problem={keyringProblem} busy={busy} signIn={(secret, keptIn) => void send(secret, keptIn)} />}
        {way === "browser" ? (
          <QuayTokenSteps url={connection.url} onPaste={() => setWay("token")} />
        ) : way === "token" ? (
          <>
            <Content component="p">{t("quay.tokenHelp")}</Content>
            <FormGroup label={t("quay.token")} isRequired fieldId="quay-token">
              <TextInput id="quay-token" type="password" autoComplete="off" value={token} onChange={(_e, v) => setToken(v)} isDisabled={busy} autoFocus />
              <HelperText>
                <HelperTextItem>{t("quay.keyringNote")}</HelperTextItem>
              </HelperText>
            </FormGroup>
          </>
        ) : (
          <>
            <Content component="p">{t("quay.robotHelp")}</Content>
            <FormGroup label={t("quay.username")} isRequired fieldId="quay-username">
              <TextInput id="quay-username" autoComplete="username" value={username} onChange={(_e, v) => setUsername(v)} isDisabled={busy} />
            </FormGroup>
            <FormGroup label={t("quay.password")} isRequired fieldId="quay-password">
              <TextInput id="quay-password" type="password" autoComplete="current-password" value={password} onChange={(_e, v) => setPassword(v)} isDisabled={busy} />
              <HelperText>
                <HelperTextItem>{t("quay.keyringNote")}</HelperTextItem>
              </HelperText>
            </FormGroup>
          </>
        )}
      </Form>
    </SignInDialog>
  );
}
