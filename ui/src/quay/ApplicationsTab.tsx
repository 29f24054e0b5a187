import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Checkbox,
  Content,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
  TextInput,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { Application } from "../bindings/Application";
import type { GeneratedToken } from "../bindings/GeneratedToken";
import type { OAuthScope } from "../bindings/OAuthScope";
import type { ScopeInfo } from "../bindings/ScopeInfo";
import type { KeptIn } from "../bindings/KeptIn";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { SecretValue } from "../components/SecretValue";
import { formatAbsolute, toDate } from "../components/time";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { ConfirmModal } from "../components/ConfirmModal";

/** The redirect URI an application made here gets (the backend's `LOOPBACK_REDIRECT_URI`). */
export const LOOPBACK_REDIRECT_URI = "http://127.0.0.1/callback";

type Loaded = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: Application[] };
type Dialog = { kind: "create" } | { kind: "delete"; app: Application } | { kind: "generate"; app: Application };

export interface ApplicationsTabProps extends QuayTabProps {
  /** The connection is now signed in with a token made here: the page reloads. */
  onSignedIn: () => void;
  /** Carries a token made here to the Bridge Operator tab (component state only). */
  onUseForBridge: (token: string) => void;
}

/** Quay's title or description of a scope, in the UI's language (Quay's own words in English). */
export function scopeText(t: ReturnType<typeof useT>, info: ScopeInfo, part: "title" | "description"): string {
  const key = `quayToken.scope.${info.scope}.${part}` as MessageKey;
  const said = t(key);
  return said === key ? info[part] : said;
}

/**
 * An organization's OAuth applications (seed 003: "Create New Application", then "Generate
 * Token" with every permission): list, create (redirect = the app's loopback address), delete
 * after asking, and generate a token either through Quay's token API or in the browser.
 */
export function ApplicationsTab({ connectionId, organization, onSignIn, onSignedIn, onUseForBridge }: ApplicationsTabProps) {
  const t = useT();
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [done, setDone] = useState<{ key: MessageKey; name: string } | null>(null);

  const load = useCallback(async () => {
    setLoaded({ status: "loading" });
    try {
      setLoaded({ status: "ready", value: await commands.quayApplications(connectionId, organization) });
    } catch (reason) {
      setLoaded({ status: "failed", error: toUiError(reason) });
    }
  }, [connectionId, organization]);
  useEffect(() => void load(), [load]);

  if (loaded.status === "loading") return <Spinner size="lg" aria-label={t("quay.loading")} />;
  if (loaded.status === "failed")
    return <QuayErrorAlert error={loaded.error} title="quay.error.load" onSignIn={onSignIn} onRetry={() => void load()} />;

  return (
    <>
      <Content component="p" className="rc-mb-md">
        {t("quayApps.intro")}
      </Content>
      {done && (
        <Alert
          variant="success"
          isInline
          data-testid="quay-app-done"
          title={t(done.key, { name: done.name })}
          actionClose={<AlertActionCloseButton onClose={() => setDone(null)} />}
          className="rc-mb-md"
        />
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="primary" data-testid="quay-app-create" onClick={() => setDialog({ kind: "create" })}>
              {t("quayApps.create")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {loaded.value.length === 0 ? (
        <p data-testid="quay-apps-none">{t("quayApps.none")}</p>
      ) : (
        <Table aria-label={t("quay.tab.applications")} variant="compact" data-testid="quay-apps">
          <Thead>
            <Tr>
              <Th modifier="wrap">{t("quayApps.columnName")}</Th>
              <Th modifier="wrap">{t("quayApps.columnClientId")}</Th>
              <Th modifier="wrap">{t("quayApps.columnRedirect")}</Th>
              <Th modifier="wrap">{t("quayApps.columnDescription")}</Th>
              <Th screenReaderText={t("quayApps.actionsLabel", { name: "" })} />
            </Tr>
          </Thead>
          <Tbody>
            {loaded.value.map((a) => (
              <Tr key={a.clientId} data-testid="quay-app-row" data-name={a.name}>
                <Td dataLabel={t("quayApps.columnName")}>
                  <strong>{a.name}</strong>
                </Td>
                <Td dataLabel={t("quayApps.columnClientId")}>
                  <code>{a.clientId}</code>
                </Td>
                <Td dataLabel={t("quayApps.columnRedirect")}>{a.redirectUri ?? "—"}</Td>
                <Td dataLabel={t("quayApps.columnDescription")}>{a.description ?? ""}</Td>
                <Td isActionCell>
                  <div className="rc-row-actions" aria-label={t("quayApps.actionsLabel", { name: a.name })}>
                    <Button variant="primary" size="sm" data-testid="quay-app-generate" onClick={() => setDialog({ kind: "generate", app: a })}>
                      {t("quayApps.generate")}
                    </Button>
                    <Button variant="secondary" isDanger size="sm" data-testid="quay-app-delete" onClick={() => setDialog({ kind: "delete", app: a })}>
                      {t("quayApps.delete")}
                    </Button>
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {dialog?.kind === "create" && (
        <CreateApplicationModal
          connectionId={connectionId}
          organization={organization}
          onCancel={() => setDialog(null)}
          onCreated={(app) => {
            setDone({ key: "quayApps.created", name: app.name });
            setDialog({ kind: "generate", app });
            void load();
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteApplicationModal
          app={dialog.app}
          onCancel={() => setDialog(null)}
          run={async () => {
            await commands.quayApplicationDelete(connectionId, organization, dialog.app.clientId);
            setDone({ key: "quayApps.deleted", name: dialog.app.name });
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog?.kind === "generate" && (
        <GenerateTokenModal
          connectionId={connectionId}
          organization={organization}
          app={dialog.app}
          onClose={() => setDialog(null)}
          onSignedIn={() => {
            setDialog(null);
            setDone({ key: "quayToken.signedIn", name: "" });
            onSignedIn();
          }}
          onUseForBridge={(token) => {
            setDialog(null);
            onUseForBridge(token);
          }}
        />
      )}
    </>
  );
}

function CreateApplicationModal({
  connectionId,
  organization,
  onCancel,
  onCreated,
}: {
  connectionId: string;
  organization: string;
  onCancel: () => void;
  onCreated: (app: Application) => void;
}) {
  const t = useT();
  const [name, setName] = useState("openshift");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await commands.quayApplicationCreate(connectionId, organization, name.trim(), description.trim()));
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby="quay-app-create-title">
      <ModalHeader title={t("quayApps.createTitle", { organization })} labelId="quay-app-create-title" />
      <ModalBody>
        <Form id="quay-app-create-form" onSubmit={submit} noValidate>
          {error && <QuayErrorAlert error={error} title="quayApps.createFailed" />}
          <FormGroup label={t("quayApps.name")} isRequired fieldId="quay-app-name">
            <TextInput id="quay-app-name" value={name} onChange={(_e, v) => setName(v)} isDisabled={busy} autoFocus />
            <HelperText>
              <HelperTextItem>{t("quayApps.nameHelp")}</HelperTextItem>
            </HelperText>
          </FormGroup>
          <FormGroup label={t("quayApps.description")} fieldId="quay-app-description">
            <TextInput id="quay-app-description" value={description} onChange={(_e, v) => setDescription(v)} isDisabled={busy} />
          </FormGroup>
          <FormGroup label={t("quayApps.redirect")} fieldId="quay-app-redirect">
            <TextInput id="quay-app-redirect" value={LOOPBACK_REDIRECT_URI} readOnlyVariant="default" />
            <HelperText>
              <HelperTextItem>{t("quayApps.redirectHelp")}</HelperTextItem>
            </HelperText>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="quay-app-create-form" variant="primary" data-testid="quay-app-create-submit" isLoading={busy} isDisabled={busy || !name.trim()}>
          {t("quayApps.createSubmit")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function DeleteApplicationModal({ app, onCancel, run }: { app: Application; onCancel: () => void; run: () => Promise<void> }) {
  const t = useT();
  return (
    <ConfirmModal
      testId="quay-app-delete-confirm"
      confirmTestId="quay-app-delete-confirm-submit"
      errorAlert={QuayErrorAlert}
      title={t("quayApps.deleteTitle", { name: app.name })}
      body={t("quayApps.deleteBody", { name: app.name })}
      confirm={t("quayApps.deleteSubmit")}
      failed="quayApps.deleteFailed"
      variant="danger"
      onCancel={onCancel}
      run={run}
    />
  );
}

const requestId = () => `quay-token-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

type Generating = { way: "here" } | { way: "browser"; requestId: string };

/**
 * "Generate Token": the scopes (all checked, Quay's words, the dangerous ones marked), then
 * Quay's token API or the browser's "Authorize Application". The token made lives in this
 * dialog's state only, masked until revealed.
 */
function GenerateTokenModal({
  connectionId,
  organization,
  app,
  onClose,
  onSignedIn,
  onUseForBridge,
}: {
  connectionId: string;
  organization: string;
  app: Application;
  onClose: () => void;
  onSignedIn: () => void;
  onUseForBridge: (token: string) => void;
}) {
  const t = useT();
  const [scopes, setScopes] = useState<ScopeInfo[] | null>(null);
  const [chosen, setChosen] = useState<Set<OAuthScope>>(new Set());
  const [name, setName] = useState("registry-console");
  const [generating, setGenerating] = useState<Generating | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [made, setMade] = useState<GeneratedToken | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const [signInError, setSignInError] = useState<UiError | null>(null);
  const open = useRef(true);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );

  useEffect(() => {
    commands.quayOauthScopes().then(
      (all) => {
        setScopes(all);
        setChosen(new Set(all.map((s) => s.scope)));
      },
      (reason) => setError(toUiError(reason)),
    );
  }, []);

  const order = (scopes ?? []).map((s) => s.scope).filter((s) => chosen.has(s));
  const generate = async (way: "here" | "browser") => {
    if (generating || !order.length) return;
    const next: Generating = way === "here" ? { way } : { way, requestId: requestId() };
    setGenerating(next);
    setError(null);
    try {
      const token =
        next.way === "here"
          ? await commands.quayApplicationToken(connectionId, organization, app.clientId, name.trim() || "registry-console", order)
          : await commands.quayApplicationTokenBrowser(connectionId, organization, app.clientId, order, next.requestId);
      if (open.current) setMade(token);
    } catch (reason) {
      if (open.current) setError(toUiError(reason));
    } finally {
      if (open.current) setGenerating(null);
    }
  };
  const cancelBrowser = () => {
    if (generating?.way === "browser") void commands.authCancel(generating.requestId);
  };
  const close = () => {
    cancelBrowser();
    onClose();
  };

  const signIn = async (keptIn: KeptIn) => {
    if (!made) return;
    setSigningIn(true);
    setSignInError(null);
    try {
      await commands.quaySignIn(connectionId, made.token, keptIn);
      onSignedIn();
    } catch (reason) {
      setSignInError(toUiError(reason));
      setSigningIn(false);
    }
  };

  const expires = toDate(made?.info?.expiresAt);

  return (
    <Modal isOpen variant="medium" onClose={generating ? undefined : close} aria-labelledby="quay-token-title" data-testid="quay-token-dialog">
      <ModalHeader title={t("quayToken.title", { name: app.name })} labelId="quay-token-title" description={`${organization} · ${app.clientId}`} />
      <ModalBody>
        {error &&
          (error.code === "cancelled" ? (
            <Alert variant="info" isInline data-testid="quay-token-cancelled" title={t("quayToken.cancelled")} className="rc-mb-md" />
          ) : (
            <QuayErrorAlert error={error} title="quayToken.failed" />
          ))}
        {made ? (
          <div data-testid="quay-token-made">
            <Alert variant="success" isInline title={t("quayToken.made")} className="rc-mb-md">
              <p>{t("quayToken.madeBody")}</p>
            </Alert>
            <SecretValue source={{ value: made.token }} label={t("quayToken.tokenLabel")} testId="quay-token-value" />
            {made.info && (
              <HelperText className="rc-bridge-gap-sm">
                <HelperTextItem data-testid="quay-token-scopes">{t("quayToken.scopesGiven", { scopes: made.info.scope })}</HelperTextItem>
                {expires && (
                  <HelperTextItem data-testid="quay-token-expires">
                    {t("quayToken.expires", { when: formatAbsolute(expires, t.language) })}
                  </HelperTextItem>
                )}
              </HelperText>
            )}
            {signInError && (
              <div className="rc-bridge-gap">
                <QuayErrorAlert error={signInError} title="quayToken.signInFailed" />
                {signInError.code === "keyringUnavailable" && (
                  <Button variant="secondary" data-testid="quay-token-sign-in-session" onClick={() => void signIn("session")} isDisabled={signingIn}>
                    {t("quayToken.sessionOnly")}
                  </Button>
                )}
              </div>
            )}
          </div>
        ) : !scopes ? (
          !error && <Spinner size="lg" aria-label={t("quay.loading")} />
        ) : (
          <Form id="quay-token-form" onSubmit={(e) => e.preventDefault()} noValidate>
            <FormGroup label={t("quayToken.scopes")} fieldId="quay-token-scopes" role="group">
              <HelperText>
                <HelperTextItem>{t("quayToken.scopesHelp")}</HelperTextItem>
              </HelperText>
              {scopes.map((s) => (
                <Checkbox
                  key={s.scope}
                  className="rc-scope"
                  id={`quay-scope-${s.scope.replace(":", "-")}`}
                  data-testid="quay-token-scope"
                  data-scope={s.scope}
                  isChecked={chosen.has(s.scope)}
                  isDisabled={!!generating}
                  onChange={(_e, on) =>
                    setChosen((current) => {
                      const next = new Set(current);
                      if (on) next.add(s.scope);
                      else next.delete(s.scope);
                      return next;
                    })
                  }
                  label={
                    <span>
                      {scopeText(t, s, "title")} <code className="rc-scope-name">{s.scope}</code>{" "}
                      {s.dangerous && (
                        <Label color="red" isCompact data-testid="quay-token-dangerous">
                          {t("quayToken.dangerous")}
                        </Label>
                      )}
                    </span>
                  }
                  description={scopeText(t, s, "description")}
                />
              ))}
              {!order.length && (
                <HelperText>
                  <HelperTextItem variant="error">{t("quayToken.noScope")}</HelperTextItem>
                </HelperText>
              )}
            </FormGroup>
            <FormGroup label={t("quayToken.tokenName")} fieldId="quay-token-name">
              <TextInput id="quay-token-name" value={name} onChange={(_e, v) => setName(v)} isDisabled={!!generating} />
              <HelperText>
                <HelperTextItem>{t("quayToken.tokenNameHelp")}</HelperTextItem>
              </HelperText>
            </FormGroup>
            <HelperText>
              <HelperTextItem>
                <strong>{t("quayToken.here")}:</strong> {t("quayToken.hereHelp")}
              </HelperTextItem>
              <HelperTextItem>
                <strong>{t("quayToken.browser")}:</strong> {t("quayToken.browserHelp")}
              </HelperTextItem>
            </HelperText>
            {generating?.way === "browser" && (
              <Alert variant="info" isInline data-testid="quay-token-waiting" title={t("quayToken.waiting")}>
                <Button variant="secondary" size="sm" data-testid="quay-token-cancel" onClick={cancelBrowser}>
                  {t("common.cancel")}
                </Button>
              </Alert>
            )}
          </Form>
        )}
      </ModalBody>
      <ModalFooter>
        {made ? (
          <>
            <Button variant="primary" data-testid="quay-token-sign-in" isLoading={signingIn} isDisabled={signingIn} onClick={() => void signIn("keyring")}>
              {t("quayToken.signIn")}
            </Button>
            <Button variant="secondary" data-testid="quay-token-use-for-bridge" isDisabled={signingIn} onClick={() => onUseForBridge(made.token)}>
              {t("quayToken.useForBridge")}
            </Button>
            <Button variant="link" data-testid="quay-token-close" onClick={onClose} isDisabled={signingIn}>
              {t("quay.close")}
            </Button>
          </>
        ) : (
          <>
            <Button
              variant="primary"
              data-testid="quay-token-here"
              isLoading={generating?.way === "here"}
              isDisabled={!!generating || !order.length || !scopes}
              onClick={() => void generate("here")}
            >
              {t("quayToken.here")}
            </Button>
            <Button
              variant="secondary"
              data-testid="quay-token-browser"
              isLoading={generating?.way === "browser"}
              isDisabled={!!generating || !order.length || !scopes}
              onClick={() => void generate("browser")}
            >
              {t("quayToken.browser")}
            </Button>
            <Button variant="link" onClick={close} isDisabled={generating?.way === "here"}>
              {t("common.cancel")}
            </Button>
          </>
        )}
      </ModalFooter>
    </Modal>
  );
}
