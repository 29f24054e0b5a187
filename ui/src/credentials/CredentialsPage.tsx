import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  HelperText,
  HelperTextItem,
  Label,
  PageSection,
  Spinner,
  Title,
  ToggleGroup,
  ToggleGroupItem,
} from "@patternfly/react-core";
import { FileImportIcon, KeyIcon, PlusCircleIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { AuthFileKind } from "../bindings/AuthFileKind";
import type { AuthFilePreview } from "../bindings/AuthFilePreview";
import type { AuthFileWritten } from "../bindings/AuthFileWritten";
import type { Connection } from "../bindings/Connection";
import type { LoginLines } from "../bindings/LoginLines";
import { CommandLine } from "../components/CommandLine";
import type { SettingsState } from "../bindings/SettingsState";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { SecretValue } from "../components/SecretValue";
import { PullSecretForm } from "../components/PullSecretForm";
import type { SecretKind } from "../bindings/SecretKind";
import { PullSecretImportModal } from "./PullSecretImport";
import { ConnectionPicker } from "../components/ConnectionPicker";
import { ErrorAlert } from "../components/ErrorAlert";
import { ConfirmModal } from "../components/ConfirmModal";

export interface CredentialsPageProps {
  state: SettingsState;
  onOpenConnections: () => void;
  onOpenRegistries: () => void;
}

type Load<T> = { status: "loading" } | { status: "ok"; value: T } | { status: "failed"; error: UiError };


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
  const [importing, setImporting] = useState(false);

  return (
    <>
      <PageSection>
        <div className="rc-title-row">
          <Title headingLevel="h1" data-testid="page-title">
            {t("credentials.title")}
          </Title>
          <Button variant="secondary" icon={<FileImportIcon />} data-testid="pull-secret-import-open" onClick={() => setImporting(true)}>
            {t("pullSecretImport.open")}
          </Button>
        </div>
        <Content component="p" className="rc-count">
          {t("credentials.intro")}
        </Content>
      </PageSection>
      {importing && (
        <PullSecretImportModal
          connections={state.settings.connections}
          onOpenConnections={() => {
            setImporting(false);
            onOpenConnections();
          }}
          onClose={() => setImporting(false)}
        />
      )}
      {connection ? (
        <>
          <PageSection>
            <ConnectionPicker
              id="credentials-connection"
              label={t("registries.connectionLabel")}
              connections={registries}
              value={connection.id}
              onChange={setConnectionId}
              className="rc-credentials-select"
            />
          </PageSection>
          <ConnectionCredentials
            key={connection.id}
            connection={connection}
            cluster={state.settings.connections.find((c) => c.id === connection.linkedCluster) ?? null}
            onOpenRegistries={onOpenRegistries}
            onOpenConnections={onOpenConnections}
          />
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

/**
 * A secret of the connection's sign-in, fetched from the backend only when the user reveals it
 * and copied by the backend (so the page loads with no secret in the window).
 */
function storedSecret(connectionId: string, kind: SecretKind) {
  const reference = { connectionId, kind };
  return { reveal: () => commands.secretReveal(reference), copy: () => commands.secretCopy(reference) };
}

function ConnectionCredentials({
  connection,
  cluster,
  onOpenRegistries,
  onOpenConnections,
}: {
  connection: Connection;
  /** The OpenShift connection a linked registry signs in with. */
  cluster: Connection | null;
  onOpenRegistries: () => void;
  onOpenConnections: () => void;
}) {
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
            <EmptyStateBody>
              {cluster
                ? t("credentials.notSignedInLinkedBody", { name: connection.name, cluster: cluster.name })
                : t("credentials.notSignedInBody", { name: connection.name })}
            </EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                {cluster ? (
                  <Button variant="primary" data-testid="credentials-open-connections" onClick={onOpenConnections}>
                    {t("registries.openConnections")}
                  </Button>
                ) : (
                  <Button variant="primary" data-testid="credentials-open-registries" onClick={onOpenRegistries}>
                    {t("credentials.openRegistries")}
                  </Button>
                )}
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      );
    }
    return (
      <PageSection>
        <ErrorAlert error={lines.error} title={t("credentials.loadFailed")} testId="credentials-error" />
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
            {cluster && (
              <p className="rc-small rc-subtle" data-testid="credentials-linked-token">
                {t("credentials.linkedToken", { cluster: cluster.name })}
              </p>
            )}
            <div className="rc-stack-sm">
              <Title headingLevel="h3" size="md">
                podman login
              </Title>
              <CommandLine command={value.podman} label={t("credentials.copy", { what: t("credentials.podmanLine") })} testId="podman-login" />
            </div>
            <div className="rc-stack-sm">
              <Title headingLevel="h3" size="md">
                docker login
              </Title>
              <CommandLine command={value.docker} label={t("credentials.copy", { what: t("credentials.dockerLine") })} testId="docker-login" />
            </div>
            <div className="rc-stack-sm">
              <Title headingLevel="h3" size="md">
                {t("credentials.passwordTitle")}
              </Title>
              <SecretValue source={storedSecret(connection.id, "password")} label={t("credentials.passwordLabel")} testId="login-password" />
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
        {preview.status === "failed" && <ErrorAlert error={preview.error} title={t("credentials.authFileUnusable")} testId="auth-file-error" />}
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

/** Writing the entry into the auth file, asked once with the entry (secret masked) shown. */
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
  return (
    <ConfirmModal
      testId="auth-file-confirm"
      confirmTestId="auth-file-confirm-write"
      size="medium"
      title={t("credentials.confirmTitle")}
      body={t.nodes(preview.change === "add" ? "credentials.confirmAdd" : "credentials.confirmUpdate", {
        key: <code>{preview.key}</code>,
        path: <span className="rc-path">{preview.path}</span>,
      })}
      confirm={t("credentials.confirmWrite")}
      failed="credentials.writeFailed"
      onCancel={onCancel}
      run={async () => onDone(await commands.credentialsAuthFileWrite(connection.id, preview.kind))}
    >
      <p>{preview.exists ? t("credentials.confirmBackup") : t("credentials.confirmNew")}</p>
      <pre className="rc-secret rc-secret-code">{preview.entryMasked}</pre>
    </ConfirmModal>
  );
}

function PullSecretCard({ connection, registryKey }: { connection: Connection; registryKey: string }) {
  const t = useT();
  return (
    <Card data-testid="pull-secret-card">
      <CardTitle>
        <Title headingLevel="h2" size="lg">
          {t("credentials.pullSecretTitle")}
        </Title>
      </CardTitle>
      <CardBody>
        <PullSecretForm
          idPrefix="pull-secret"
          defaultName={defaultSecretName(connection.name)}
          delegatedFor={registryKey}
          generate={(request) => commands.credentialsPullSecret(connection.id, request)}
          yamlLabel={t("credentials.pullSecretLabel")}
          renderError={(error) => <ErrorAlert error={error} title={t("credentials.pullSecretFailed")} testId="pull-secret-error" />}
        />
      </CardBody>
    </Card>
  );
}
