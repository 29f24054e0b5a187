import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  Alert,
  AlertActionLink,
  Button,
  Content,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  Spinner,
  Tab,
  Tabs,
  TabTitleText,
  TextInput,
} from "@patternfly/react-core";
import { EyeIcon, EyeSlashIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { OpenShiftOAuthInfo } from "../bindings/OpenShiftOAuthInfo";
import type { SignInStatus } from "../bindings/SignInStatus";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { CopyButton } from "../components/CopyButton";
import { ErrorAlert, ErrorDetails } from "../components/ErrorAlert";
import { SignInDialog } from "./SignInDialog";

/** The ways to sign in; OpenShift clusters offer the first three, any connection the last. */
export type SignInWay = "browser" | "password" | "token" | "oidc";

/** `oc login --web`'s client, the browser tab's default. */
export const DEFAULT_CLI_CLIENT = "openshift-cli-client";

export interface ClusterSignInModalProps {
  connection: Connection;
  onSignedIn: (status: SignInStatus) => void;
  onCancel: () => void;
  /** Why the dialog opened by itself ("Your session for … has ended; …"), shown first. */
  reason?: string;
  /** Signed in already; the call that asked for it is running again. */
  continuing?: boolean;
}

let nextSignIn = 0;

/**
 * Signs in to an OpenShift cluster the ways `oc login` offers (browser, user name and
 * password, pasted token) or to an OpenID Connect provider. Secrets typed here are cleared
 * from the form as soon as they are sent; the backend keeps the token in the OS keyring.
 */
export function ClusterSignInModal({ connection, onSignedIn, onCancel, reason, continuing }: ClusterSignInModalProps) {
  const t = useT();
  const isCluster = connection.kind === "openshift";
  const [way, setWay] = useState<SignInWay>(isCluster ? "browser" : "oidc");
  const [clientId, setClientId] = useState(DEFAULT_CLI_CLIENT);
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [token, setToken] = useState("");
  const [showToken, setShowToken] = useState(false);
  const [issuer, setIssuer] = useState("");
  const [oidcClient, setOidcClient] = useState("");
  const [working, setBusy] = useState(false);
  // Signed in, and the interrupted call runs again: nothing to click until it has answered.
  const busy = working || Boolean(continuing);
  const [waitingId, setWaitingId] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [oauth, setOauth] = useState<OpenShiftOAuthInfo | null>(null);
  const [oauthError, setOauthError] = useState<UiError | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!isCluster || way !== "token" || oauth || oauthError) return;
    commands.authOpenshiftDiscover(connection.id).then(
      (info) => mounted.current && setOauth(info),
      (reason) => mounted.current && setOauthError(toUiError(reason)),
    );
  }, [isCluster, way, oauth, oauthError, connection.id]);

  const run = async (call: (signInId: string) => Promise<SignInStatus>, waits: boolean) => {
    const signInId = `sign-in-${Date.now()}-${nextSignIn++}`;
    setBusy(true);
    setError(null);
    setCancelled(false);
    if (waits) setWaitingId(signInId);
    try {
      const status = await call(signInId);
      if (mounted.current) onSignedIn(status);
    } catch (reason) {
      if (!mounted.current) return;
      const failure = toUiError(reason);
      if (failure.code === "cancelled") setCancelled(true);
      else setError(failure);
    } finally {
      if (mounted.current) {
        setBusy(false);
        setWaitingId(null);
      }
    }
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !canSubmit) return;
    switch (way) {
      case "browser":
        void run((id) => commands.authOpenshiftBrowser(connection.id, clientId.trim(), id), true);
        break;
      case "password": {
        const secret = password;
        setPassword("");
        void run(() => commands.authOpenshiftPassword(connection.id, username.trim(), secret), false);
        break;
      }
      case "token": {
        const secret = token;
        setToken("");
        void run(() => commands.authOpenshiftToken(connection.id, secret), false);
        break;
      }
      case "oidc":
        void run((id) => commands.authOidcBrowser(connection.id, issuer.trim(), oidcClient.trim(), id), true);
        break;
    }
  };

  const keepForSession = async () => {
    try {
      onSignedIn(await commands.authKeepForSession(connection.id));
    } catch (reason) {
      setError(toUiError(reason));
    }
  };

  const canSubmit =
    way === "browser"
      ? clientId.trim() !== ""
      : way === "password"
        ? username.trim() !== "" && password !== ""
        : way === "token"
          ? token.trim() !== ""
          : issuer.trim() !== "" && oidcClient.trim() !== "";

  const stopWaiting = () => {
    if (waitingId) void commands.authCancel(waitingId);
  };

  const submitLabel =
    way === "browser" || way === "oidc" ? t("auth.loginBrowser") : way === "token" ? t("auth.loginToken") : t("auth.login");

  return (
    <SignInDialog
      id="cluster-sign-in"
      testId="cluster-sign-in"
      size="medium"
      title={t("auth.title", { name: connection.name })}
      connection={connection}
      reason={reason}
      busy={busy}
      onCancel={onCancel}
      footer={
        <>
          {waitingId ? (
            <Button variant="secondary" data-testid="cancel-browser" onClick={stopWaiting}>
              {t("auth.stopWaiting")}
            </Button>
          ) : (
            <Button
              type="submit"
              form="cluster-sign-in-form"
              variant="primary"
              data-testid="cluster-sign-in-submit"
              isLoading={busy}
              isDisabled={busy || !canSubmit}
            >
              {submitLabel}
            </Button>
          )}
        </>
      }
    >
      {error?.code === "keyringUnavailable" ? (
        <Alert
          variant="warning"
          isInline
          title={t("auth.keyringTitle")}
          data-testid="keyring-unavailable"
          actionLinks={
            <AlertActionLink data-testid="keep-for-session" onClick={() => void keepForSession()}>
              {t("auth.keepForSession")}
            </AlertActionLink>
          }
        >
          <p>{t("auth.keyringBody")}</p>
          <ErrorDetails error={error} />
        </Alert>
      ) : (
        error && (
          <ErrorAlert error={error} title={t("auth.failed")} testId="sign-in-error" />
        )
      )}
      {cancelled && (
        <Alert variant="info" isInline isPlain title={t("auth.cancelled")} data-testid="sign-in-cancelled" />
      )}
      <Tabs
        activeKey={way}
        onSelect={(_e, key) => {
          if (!busy) {
            setWay(key as SignInWay);
            setError(null);
            setCancelled(false);
          }
        }}
        aria-label={t("auth.waysLabel")}
      >
        {isCluster && (
          <Tab eventKey="browser" tabContentId="cluster-sign-in-form" data-testid="way-browser" title={<TabTitleText>{t("auth.wayBrowser")}</TabTitleText>} />
        )}
        {isCluster && (
          <Tab eventKey="password" tabContentId="cluster-sign-in-form" data-testid="way-password" title={<TabTitleText>{t("auth.wayPassword")}</TabTitleText>} />
        )}
        {isCluster && (
          <Tab eventKey="token" tabContentId="cluster-sign-in-form" data-testid="way-token" title={<TabTitleText>{t("auth.wayToken")}</TabTitleText>} />
        )}
        <Tab eventKey="oidc" tabContentId="cluster-sign-in-form" data-testid="way-oidc" title={<TabTitleText>{t("auth.wayOidc")}</TabTitleText>} />
      </Tabs>
      <Form id="cluster-sign-in-form" onSubmit={submit} noValidate className="pf-v6-u-mt-md">
        {way === "browser" && (
          <>
            <Content component="p">{t("auth.browserHelp")}</Content>
            <FormGroup label={t("auth.clientId")} fieldId="auth-client-id">
              <TextInput id="auth-client-id" value={clientId} onChange={(_e, v) => setClientId(v)} isDisabled={busy} />
              <HelperText>
                <HelperTextItem>{t("auth.clientIdHelp", { client: DEFAULT_CLI_CLIENT })}</HelperTextItem>
              </HelperText>
            </FormGroup>
          </>
        )}
        {way === "password" && (
          <>
            <FormGroup label={t("auth.username")} isRequired fieldId="auth-username">
              <TextInput
                id="auth-username"
                isRequired
                autoComplete="username"
                value={username}
                onChange={(_e, v) => setUsername(v)}
                isDisabled={busy}
              />
            </FormGroup>
            <FormGroup label={t("auth.password")} isRequired fieldId="auth-password">
              <TextInput
                id="auth-password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(_e, v) => setPassword(v)}
                isDisabled={busy}
              />
              <HelperText>
                <HelperTextItem>{t("auth.passwordHelp")}</HelperTextItem>
              </HelperText>
            </FormGroup>
          </>
        )}
        {way === "token" && (
          <>
            <Content component="p" data-testid="token-request-help">
              {oauth
                ? t.nodes("auth.tokenWhere", {
                    url: (
                      <>
                        <code className="rc-path" data-testid="token-request-url">
                          {oauth.tokenRequestUrl}
                        </code>
                        <CopyButton text={oauth.tokenRequestUrl} label={t("auth.copyTokenRequestUrl")} />
                      </>
                    ),
                  })
                : oauthError
                  ? t("auth.tokenWhereUnknown")
                  : t("auth.tokenWhereLoading")}
            </Content>
            <FormGroup label={t("auth.token")} isRequired fieldId="auth-token">
              <InputGroup>
                <InputGroupItem isFill>
                  <TextInput
                    id="auth-token"
                    type={showToken ? "text" : "password"}
                    autoComplete="off"
                    placeholder="sha256~…"
                    value={token}
                    onChange={(_e, v) => setToken(v)}
                    isDisabled={busy}
                  />
                </InputGroupItem>
                <InputGroupItem>
                  <Button
                    variant="control"
                    aria-label={showToken ? t("auth.hideToken") : t("auth.showToken")}
                    onClick={() => setShowToken(!showToken)}
                    icon={showToken ? <EyeSlashIcon /> : <EyeIcon />}
                  />
                </InputGroupItem>
              </InputGroup>
              <HelperText>
                <HelperTextItem>{t("auth.tokenHelp")}</HelperTextItem>
              </HelperText>
            </FormGroup>
          </>
        )}
        {way === "oidc" && (
          <>
            <Content component="p">{t("auth.oidcHelp")}</Content>
            <FormGroup label={t("auth.issuer")} isRequired fieldId="auth-issuer">
              <TextInput
                id="auth-issuer"
                type="url"
                placeholder="https://sso.example.com/realms/admins"
                value={issuer}
                onChange={(_e, v) => setIssuer(v)}
                isDisabled={busy}
              />
            </FormGroup>
            <FormGroup label={t("auth.clientId")} isRequired fieldId="auth-oidc-client">
              <TextInput id="auth-oidc-client" value={oidcClient} onChange={(_e, v) => setOidcClient(v)} isDisabled={busy} />
            </FormGroup>
          </>
        )}
        {waitingId && (
          <Content component="p" data-testid="waiting-for-browser">
            <Spinner size="md" aria-hidden /> {t("auth.waiting")}
          </Content>
        )}
      </Form>
    </SignInDialog>
  );
}
