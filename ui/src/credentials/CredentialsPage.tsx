import { useEffect, useMemo, useState, type FormEvent } from "react";
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Checkbox,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  Spinner,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
} from "@patternfly/react-core";
import { KeyIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { AuthFileKind } from "../bindings/AuthFileKind";
import type { AuthFilePreview } from "../bindings/AuthFilePreview";
import type { AuthFileWritten } from "../bindings/AuthFileWritten";
import type { Connection } from "../bindings/Connection";
import type { LoginLines } from "../bindings/LoginLines";
import type { PullSecret } from "../bindings/PullSecret";
import type { SettingsState } from "../bindings/SettingsState";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { SecretText } from "./SecretText";

export interface CredentialsPageProps {
  state: SettingsState;
  onOpenConnections: () => void;
  onOpenRegistries: () => void;
}

type Load<T> = { status: "loading" } | { status: "ok"; value: T } | { status: "failed"; error: UiError };

function ErrorAlert({ error, title, testId }: { error: UiError; title: MessageKey; testId?: string }) {
  const t = useT();
  return (
    <Alert variant="danger" isInline title={t(title)} data-testid={testId ?? "credentials-error"} data-code={error.code}>
      <p>{error.message}</p>
      {error.detail && <div className="rc-detail">{error.detail}</div>}
    </Alert>
  );
}

/** A Kubernetes-style name from a connection name: "Lab Registry" -> "lab-registry-pull-secret". */
export function defaultSecretName(connectionName: string): string {
  const base = connectionName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 200);
  return `${base || "registry"}-pull-secret`;
}

/**
 * Credentials on this laptop for a signed-in registry connection: `docker login` / `podman
 * login` lines, its entry in Podman's auth.json or Docker's config.json, and a pull secret.
 */
export function CredentialsPage({ state, onOpenConnections, onOpenRegistries }: CredentialsPageProps) {
  const t = useT();
  const registries = useMemo(() => state.settings.connections.filter((c) => c.kind === "registry"), [state]);
  const [connectionId, setConnectionId] = useState<string | null>(registries[0]?.id ?? null);
  const connection = registries.find((c) => c.id === connectionId) ?? registries[0] ?? null;

  return (
    <>
      <PageSection>
        <Title headingLevel="h1" data-testid="page-title">
          {t("credentials.title")}
        </Title>
        <Content component="p" className="rc-count">
          {t("credentials.intro")}
        </Content>
      </PageSection>
      {connection ? (
        <>
          <PageSection>
            <FormSelect
              id="credentials-connection"
              data-testid="credentials-connection"
              aria-label={t("registries.connectionLabel")}
              value={connection.id}
              onChange={(_e, value) => setConnectionId(value)}
              className="rc-credentials-select"
            >
              {registries.map((c) => (
                <FormSelectOption key={c.id} value={c.id} label={`${c.name} — ${c.url}`} />
              ))}
            </FormSelect>
          </PageSection>
          <ConnectionCredentials key={connection.id} connection={connection} onOpenRegistries={onOpenRegistries} />
        </>
      ) : (
        <PageSection isFilled>
          <EmptyState data-testid="credentials-no-registries" icon={PlusCircleIcon} titleText={t("registries.noneTitle")} headingLevel="h2">
            <EmptyStateBody>{t("credentials.noRegistries")}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" onClick={onOpenConnections}>
                  {t("registries.openConnections")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      )}
    </>
  );
}

function ConnectionCredentials({ connection, onOpenRegistries }: { connection: Connection; onOpenRegistries: () => void }) {
  const t = useT();
  const [lines, setLines] = useState<Load<LoginLines>>({ status: "loading" });

  useEffect(() => {
    let stale = false;
    commands.credentialsLoginLines(connection.id).then(
      (value) => !stale && setLines({ status: "ok", value }),
      (reason: unknown) => !stale && setLines({ status: "failed", error: toUiError(reason) }),
    );
    return () => {
      stale = true;
    };
  }, [connection.id]);

  if (lines.status === "loading") {
    return (
      <PageSection>
        <Spinner size="lg" aria-label={t("app.loading")} />
      </PageSection>
    );
  }
  if (lines.status === "failed") {
    if (lines.error.code === "signInRequired") {
      return (
        <PageSection isFilled>
          <EmptyState data-testid="credentials-sign-in-first" icon={KeyIcon} titleText={t("credentials.notSignedInTitle")} headingLevel="h2">
            <EmptyStateBody>{t("credentials.notSignedInBody", { name: connection.name })}</EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button variant="primary" data-testid="credentials-open-registries" onClick={onOpenRegistries}>
                  {t("credentials.openRegistries")}
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      );
    }
    return (
      <PageSection>
        <ErrorAlert error={lines.error} title="credentials.loadFailed" />
      </PageSection>
    );
  }

  const value = lines.value;
  return (
    <PageSection isFilled>
      <div className="rc-credentials">
        <Card data-testid="login-lines-card">
          <CardTitle>
            <Title headingLevel="h2" size="lg">
              {t("credentials.loginTitle")}
            </Title>
          </CardTitle>
          <CardBody className="rc-stack">
            <DescriptionList isCompact isHorizontal>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("credentials.registryKey")}</DescriptionListTerm>
                <DescriptionListDescription>
                  <code data-testid="registry-key">{value.key}</code>
                </DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("signIn.username")}</DescriptionListTerm>
                <DescriptionListDescription data-testid="credentials-username">{value.username}</DescriptionListDescription>
              </DescriptionListGroup>
            </DescriptionList>
            <div className="rc-stack-sm">
              <Title headingLevel="h3" size="md">
                podman login
              </Title>
              <SecretText text={value.podman} masked={value.podmanMasked} label={t("credentials.podmanLine")} testId="podman-login" />
            </div>
            <div className="rc-stack-sm">
              <Title headingLevel="h3" size="md">
                docker login
              </Title>
              <SecretText text={value.docker} masked={value.dockerMasked} label={t("credentials.dockerLine")} testId="docker-login" />
            </div>
            <HelperText>
              <HelperTextItem>{t("credentials.loginHelp")}</HelperTextItem>
            </HelperText>
          </CardBody>
        </Card>
        <AuthFileCard connection={connection} />
        <PullSecretCard connection={connection} registryKey={value.key} />
      </div>
    </PageSection>
  );
}

const CHANGE_LABEL: Record<AuthFilePreview["change"], MessageKey> = {
  add: "credentials.changeAdd",
  update: "credentials.changeUpdate",
  unchanged: "credentials.changeUnchanged",
};

function AuthFileCard({ connection }: { connection: Connection }) {
  const t = useT();
  const [kind, setKind] = useState<AuthFileKind>("podman");
  const [preview, setPreview] = useState<Load<AuthFilePreview>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [written, setWritten] = useState<AuthFileWritten | null>(null);

  useEffect(() => {
    let stale = false;
    setPreview({ status: "loading" });
    commands.credentialsAuthFilePreview(connection.id, kind).then(
      (value) => !stale && setPreview({ status: "ok", value }),
      (reason: unknown) => !stale && setPreview({ status: "failed", error: toUiError(reason) }),
    );
    return () => {
      stale = true;
    };
  }, [connection.id, kind, attempt]);

  const p = preview.status === "ok" ? preview.value : null;
  return (
    <Card data-testid="auth-file-card">
      <CardTitle>
        <Title headingLevel="h2" size="lg">
          {t("credentials.authFileTitle")}
        </Title>
      </CardTitle>
      <CardBody className="rc-stack">
        <ToggleGroup aria-label={t("credentials.authFileKind")}>
          <ToggleGroupItem
            text="Podman auth.json"
            buttonId="auth-file-podman"
            data-testid="auth-file-podman"
            isSelected={kind === "podman"}
            onChange={() => {
              setKind("podman");
              setWritten(null);
            }}
          />
          <ToggleGroupItem
            text="Docker config.json"
            buttonId="auth-file-docker"
            data-testid="auth-file-docker"
            isSelected={kind === "docker"}
            onChange={() => {
              setKind("docker");
              setWritten(null);
            }}
          />
        </ToggleGroup>
        {preview.status === "loading" && <Spinner size="md" aria-label={t("app.loading")} />}
        {preview.status === "failed" && <ErrorAlert error={preview.error} title="credentials.authFileUnusable" testId="auth-file-error" />}
        {written && (
          <Alert variant="success" isInline data-testid="auth-file-written" title={t("credentials.written", { path: written.path })}>
            {written.change === "unchanged" ? (
              <p>{t("credentials.writtenUnchanged")}</p>
            ) : written.backup ? (
              <p>
                {t("credentials.backupAt")} <span className="rc-path">{written.backup}</span>
              </p>
            ) : (
              <p>{t("credentials.newFile")}</p>
            )}
          </Alert>
        )}
        {p && (
          <>
            <DescriptionList isCompact isHorizontal>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("credentials.file")}</DescriptionListTerm>
                <DescriptionListDescription>
                  <span className="rc-path" data-testid="auth-file-path">
                    {p.path}
                  </span>
                  <div className="rc-count">
                    {p.pathReason}
                    {p.exists ? "" : ` — ${t("credentials.fileMissing")}`}
                  </div>
                </DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("credentials.entry")}</DescriptionListTerm>
                <DescriptionListDescription>
                  <Label color={p.change === "add" ? "blue" : p.change === "update" ? "orange" : "grey"} data-testid="auth-file-change">
                    {t(CHANGE_LABEL[p.change], { key: p.key })}
                  </Label>
                </DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("credentials.otherEntries")}</DescriptionListTerm>
                <DescriptionListDescription data-testid="auth-file-others">
                  {p.otherKeys.length === 0 ? t("image.none") : p.otherKeys.join(", ")}
                </DescriptionListDescription>
              </DescriptionListGroup>
            </DescriptionList>
            {p.helper ? (
              <Alert variant="info" isInline data-testid="auth-file-helper" title={t("credentials.helperTitle", { helper: `docker-credential-${p.helper}` })}>
                {t("credentials.helperBody", { key: p.key })}
              </Alert>
            ) : (
              <>
                <pre className="rc-secret rc-secret-code" data-testid="auth-file-entry">
                  {p.entryMasked}
                </pre>
                <div>
                  <Button
                    variant="primary"
                    data-testid="auth-file-write"
                    isDisabled={p.change === "unchanged"}
                    onClick={() => setConfirming(true)}
                  >
                    {t("credentials.writeEntry")}
                  </Button>
                </div>
              </>
            )}
          </>
        )}
        {confirming && p && (
          <WriteConfirmModal
            connection={connection}
            preview={p}
            onDone={(result) => {
              setConfirming(false);
              setWritten(result);
              setAttempt((n) => n + 1);
            }}
            onCancel={() => setConfirming(false)}
          />
        )}
      </CardBody>
    </Card>
  );
}

function WriteConfirmModal({
  connection,
  preview,
  onDone,
  onCancel,
}: {
  connection: Connection;
  preview: AuthFilePreview;
  onDone: (written: AuthFileWritten) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const write = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await commands.credentialsAuthFileWrite(connection.id, preview.kind));
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="medium" onClose={busy ? undefined : onCancel} aria-labelledby="auth-file-confirm-title" data-testid="auth-file-confirm">
      <ModalHeader title={t("credentials.confirmTitle")} labelId="auth-file-confirm-title" />
      <ModalBody className="rc-stack">
        {error && <ErrorAlert error={error} title="credentials.writeFailed" />}
        <p>
          {t.nodes(preview.change === "add" ? "credentials.confirmAdd" : "credentials.confirmUpdate", {
            key: <code>{preview.key}</code>,
            path: <span className="rc-path">{preview.path}</span>,
          })}
        </p>
        <p>{preview.exists ? t("credentials.confirmBackup") : t("credentials.confirmNew")}</p>
        <pre className="rc-secret rc-secret-code">{preview.entryMasked}</pre>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" data-testid="auth-file-confirm-write" isLoading={busy} isDisabled={busy} onClick={write}>
          {t("credentials.confirmWrite")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function PullSecretCard({ connection, registryKey }: { connection: Connection; registryKey: string }) {
  const t = useT();
  const [name, setName] = useState(defaultSecretName(connection.name));
  const [namespace, setNamespace] = useState("");
  const [delegated, setDelegated] = useState(false);
  const [authServer, setAuthServer] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ secret: PullSecret } | { error: UiError } | null>(null);

  const generate = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    try {
      const secret = await commands.credentialsPullSecret(connection.id, {
        name: name.trim(),
        namespace: namespace.trim(),
        authServer: delegated && authServer.trim() ? authServer.trim() : null,
      });
      setResult({ secret });
    } catch (reason) {
      setResult({ error: toUiError(reason) });
    }
    setBusy(false);
  };

  return (
    <Card data-testid="pull-secret-card">
      <CardTitle>
        <Title headingLevel="h2" size="lg">
          {t("credentials.pullSecretTitle")}
        </Title>
      </CardTitle>
      <CardBody className="rc-stack">
        <Form id="pull-secret-form" onSubmit={generate} noValidate>
          <FormGroup label={t("credentials.secretName")} isRequired fieldId="pull-secret-name">
            <TextInput id="pull-secret-name" isRequired value={name} onChange={(_e, v) => setName(v)} />
          </FormGroup>
          <FormGroup label={t("credentials.namespace")} fieldId="pull-secret-namespace">
            <TextInput id="pull-secret-namespace" value={namespace} placeholder="project-a" onChange={(_e, v) => setNamespace(v)} />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>{t("credentials.namespaceHelp")}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup fieldId="pull-secret-delegated">
            <Checkbox
              id="pull-secret-delegated"
              label={t("credentials.delegated")}
              description={t("credentials.delegatedHelp", { key: registryKey })}
              isChecked={delegated}
              onChange={(_e, v) => setDelegated(v)}
            />
            {delegated && (
              <TextInput
                id="pull-secret-auth-server"
                className="rc-radio-body"
                aria-label={t("credentials.authServer")}
                placeholder="auth.example.com"
                value={authServer}
                onChange={(_e, v) => setAuthServer(v)}
              />
            )}
          </FormGroup>
          <div>
            <Button type="submit" variant="secondary" data-testid="pull-secret-generate" isLoading={busy} isDisabled={busy || !name.trim()}>
              {t("credentials.generate")}
            </Button>
          </div>
        </Form>
        {result && "error" in result && (
          <ErrorAlert error={result.error} title="credentials.pullSecretFailed" testId="pull-secret-error" />
        )}
        {result && "secret" in result && (
          <div className="rc-stack-sm">
            <SecretText text={result.secret.yaml} masked={result.secret.yamlMasked} label={t("credentials.pullSecretLabel")} testId="pull-secret-yaml" />
            <HelperText>
              <HelperTextItem>{t("credentials.pullSecretHelp")}</HelperTextItem>
            </HelperText>
          </div>
        )}
      </CardBody>
    </Card>
  );
}
