import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Alert,
  Button,
  Checkbox,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Label,
  Spinner,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationCircleIcon, QuestionCircleIcon } from "@patternfly/react-icons";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { Applied } from "../bindings/Applied";
import type { BridgeManifests } from "../bindings/BridgeManifests";
import type { Connection } from "../bindings/Connection";
import type { QuayIntegration } from "../bindings/QuayIntegration";
import type { SyncReport } from "../bindings/SyncReport";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { SecretValue } from "../components/SecretValue";
import { CopyButton } from "../components/CopyButton";
import { ClusterErrorAlert } from "../access/ClusterErrorAlert";
import { useReauth } from "../signin/Reauth";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { ConnectionPicker } from "../components/ConnectionPicker";

/** The namespace the documents install the operator (and its secret) in. */
export const DEFAULT_SECRET_NAMESPACE = "openshift-operators";

export interface BridgeTabProps {
  /** The Quay connection. */
  quay: Connection;
  /** The OpenShift connections to write the secret and the resource through. */
  clusters: Connection[];
  /** A token made on the Applications tab, carried here in component state only. */
  token: string | null;
  onClearToken: () => void;
  onSignIn: () => void;
}

/** Namespaces typed with commas or spaces. */
export function parseNamespaces(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((n) => n.trim()).filter(Boolean))];
}

type Done = { key: MessageKey; params: Record<string, string> };

/**
 * The Quay Bridge Operator's set-up (seed 003), the Quay and an OpenShift connection side by
 * side: the token, the `quay-integration` secret (created through the cluster, or its `oc`
 * line to copy), the `QuayIntegration` (YAML to copy, or applied through the cluster), and the
 * sync check of what the operator has made on Quay.
 */
export function BridgeTab({ quay, clusters, token: given, onClearToken, onSignIn }: BridgeTabProps) {
  const t = useT();
  const reauth = useReauth();
  const [clusterId, setClusterId] = useState(clusters[0]?.id ?? "");
  const [pasted, setPasted] = useState("");
  const token = (given ?? pasted).trim();
  const [integration, setIntegration] = useState<QuayIntegration | null>(null);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [allowlist, setAllowlist] = useState("");
  const [manifests, setManifests] = useState<BridgeManifests | null>(null);
  const [invalid, setInvalid] = useState<UiError | null>(null);
  const [busy, setBusy] = useState<"secret" | "apply" | "sync" | null>(null);
  const [secretDone, setSecretDone] = useState<Done | null>(null);
  const [secretError, setSecretError] = useState<UiError | null>(null);
  const [applyDone, setApplyDone] = useState<Done | null>(null);
  const [applyError, setApplyError] = useState<UiError | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);
  const [syncError, setSyncError] = useState<UiError | null>(null);
  const [insecureFromConnection, setInsecureFromConnection] = useState(false);

  const loadDefaults = useCallback(async () => {
    setLoadError(null);
    try {
      const defaults = await commands.quayBridgeDefaults(quay.id, DEFAULT_SECRET_NAMESPACE);
      setIntegration(defaults);
      setInsecureFromConnection(defaults.insecureRegistry);
    } catch (reason) {
      setLoadError(toUiError(reason));
    }
  }, [quay.id]);
  useEffect(() => void loadDefaults(), [loadDefaults]);

  // What is sent: the form with the namespaces typed.
  const spec = useMemo<QuayIntegration | null>(
    () => (integration ? { ...integration, allowlistNamespaces: parseNamespaces(allowlist) } : null),
    [integration, allowlist],
  );

  useEffect(() => {
    if (!spec) return;
    let current = true;
    commands.quayBridgeManifests(spec, token || null).then(
      (made) => {
        if (!current) return;
        setManifests(made);
        setInvalid(null);
      },
      (reason) => {
        // The last valid YAML and line stay shown (no flicker while typing); the actions wait.
        if (current) setInvalid(toUiError(reason));
      },
    );
    return () => {
      current = false;
    };
  }, [spec, token]);

  if (loadError) return <QuayErrorAlert error={loadError} title="quay.error.load" onRetry={() => void loadDefaults()} />;
  if (!integration || !spec) return <Spinner size="lg" aria-label={t("quay.loading")} />;

  const set = (change: Partial<QuayIntegration>) => setIntegration({ ...integration, ...change });
  const secret = integration.credentialsSecret;
  const cluster = clusters.find((c) => c.id === clusterId) ?? null;
  const applied = (what: "created" | "updated", created: MessageKey, updated: MessageKey) => (what === "created" ? created : updated);

  const createSecret = async () => {
    if (!cluster || !token) return;
    setBusy("secret");
    setSecretError(null);
    setSecretDone(null);
    try {
      const outcome: Applied = await reauth(cluster.id, "reauth.what.bridgeSecret", () => commands.quayBridgeCreateSecret(cluster.id, spec, token));
      setSecretDone({
        key: applied(outcome, "bridge.secretCreated", "bridge.secretUpdated"),
        params: { namespace: secret.namespace, name: secret.name },
      });
    } catch (reason) {
      setSecretError(toUiError(reason));
    } finally {
      setBusy(null);
    }
  };
  const apply = async () => {
    if (!cluster) return;
    setBusy("apply");
    setApplyError(null);
    setApplyDone(null);
    try {
      const outcome = await reauth(cluster.id, "reauth.what.bridgeApply", () => commands.quayBridgeApply(cluster.id, spec));
      setApplyDone({ key: applied(outcome, "bridge.applied.created", "bridge.applied.updated"), params: { name: spec.name } });
    } catch (reason) {
      setApplyError(toUiError(reason));
    } finally {
      setBusy(null);
    }
  };
  const syncCheck = async () => {
    setBusy("sync");
    setSyncError(null);
    try {
      // Not through the sign-in dialog: a refusal may be the Quay's or the cluster's, said inline.
      setReport(await commands.quayBridgeSyncCheck(quay.id, cluster?.id ?? null, spec));
    } catch (reason) {
      setSyncError(toUiError(reason));
      setReport(null);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="quay-bridge">
      <Content component="p" className="rc-mb-md">
        {t("bridge.intro")}
      </Content>
      <div className="rc-bridge-sides">
        <DescriptionList isCompact className="rc-bridge-side" data-testid="quay-bridge-quay">
          <DescriptionListGroup>
            <DescriptionListTerm>{t("bridge.quay")}</DescriptionListTerm>
            <DescriptionListDescription>
              <strong>{quay.name}</strong> <span className="rc-muted">{quay.url}</span>
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
        <div className="rc-bridge-side">
          {clusters.length ? (
            <FormGroup label={t("bridge.cluster")} fieldId="quay-bridge-cluster">
              <ConnectionPicker id="quay-bridge-cluster" connections={clusters} value={clusterId} onChange={setClusterId} />
            </FormGroup>
          ) : (
            <Alert variant="info" isInline isPlain data-testid="quay-bridge-no-cluster" title={t("bridge.noCluster")} />
          )}
        </div>
      </div>

      <Title headingLevel="h3" size="md" className="rc-bridge-step">
        {t("bridge.step.token")}
      </Title>
      <Form onSubmit={(e) => e.preventDefault()} className="rc-bridge-form">
        {given ? (
          <FormGroup label={t("bridge.token")} fieldId="quay-bridge-token-given">
            <SecretValue source={{ value: given }} label={t("bridge.token")} testId="quay-bridge-token-given" />
            <HelperText>
              <HelperTextItem>{t("bridge.tokenFromApps")}</HelperTextItem>
            </HelperText>
            <div>
              <Button variant="link" isInline data-testid="quay-bridge-token-clear" onClick={onClearToken}>
                {t("bridge.tokenClear")}
              </Button>
            </div>
          </FormGroup>
        ) : (
          <FormGroup label={t("bridge.token")} fieldId="quay-bridge-token">
            <TextInput id="quay-bridge-token" type="password" autoComplete="off" value={pasted} onChange={(_e, v) => setPasted(v)} />
            <HelperText>
              <HelperTextItem>{t("bridge.tokenHelp")}</HelperTextItem>
            </HelperText>
          </FormGroup>
        )}
      </Form>

      <Title headingLevel="h3" size="md" className="rc-bridge-step">
        {t("bridge.step.secret")}
      </Title>
      <Form onSubmit={(e) => e.preventDefault()} className="rc-bridge-form">
        <FormGroup label={t("bridge.secretNamespace")} fieldId="quay-bridge-namespace">
          <TextInput
            id="quay-bridge-namespace"
            value={secret.namespace}
            onChange={(_e, v) => set({ credentialsSecret: { ...secret, namespace: v.trim() } })}
          />
          <HelperText>
            <HelperTextItem>{t("bridge.secretNamespaceHelp")}</HelperTextItem>
          </HelperText>
        </FormGroup>
      </Form>
      {manifests && (
        <SecretValue source={{ value: manifests.secretCommand }} masked={manifests.secretCommandMasked} multiline label={t("bridge.secretLine")} testId="quay-bridge-secret-line" />
      )}
      {secretError && <ClusterErrorAlert error={secretError} title="bridge.secretFailed" onSignIn={onSignIn} />}
      {secretDone && <Alert variant="success" isInline data-testid="quay-bridge-secret-done" title={t(secretDone.key, secretDone.params)} className="rc-mb-md" />}
      <div className="rc-bridge-actions">
        <Button
          variant="secondary"
          data-testid="quay-bridge-create-secret"
          isLoading={busy === "secret"}
          isDisabled={!!busy || !cluster || !token || !manifests || !!invalid}
          onClick={() => void createSecret()}
        >
          {t("bridge.createSecret")}
        </Button>
        {!token && <span className="rc-muted">{t("bridge.needToken")}</span>}
        {token && !cluster && <span className="rc-muted">{t("bridge.needCluster")}</span>}
      </div>

      <Title headingLevel="h3" size="md" className="rc-bridge-step">
        {t("bridge.step.integration")}
      </Title>
      <Form onSubmit={(e) => e.preventDefault()} className="rc-bridge-form">
        <FormGroup label={t("bridge.clusterId")} fieldId="quay-bridge-cluster-id">
          <TextInput id="quay-bridge-cluster-id" value={integration.clusterId} onChange={(_e, v) => set({ clusterId: v.trim() })} />
          <HelperText>
            <HelperTextItem>{t("bridge.clusterIdHelp")}</HelperTextItem>
          </HelperText>
        </FormGroup>
        <FormGroup label={t("bridge.quayHostname")} fieldId="quay-bridge-hostname">
          <TextInput id="quay-bridge-hostname" value={integration.quayHostname} onChange={(_e, v) => set({ quayHostname: v.trim() })} />
        </FormGroup>
        <FormGroup label={t("bridge.allowlist")} fieldId="quay-bridge-allowlist">
          <TextInput id="quay-bridge-allowlist" value={allowlist} placeholder="team-a, team-b" onChange={(_e, v) => setAllowlist(v)} />
          <HelperText>
            <HelperTextItem>{t("bridge.allowlistHelp")}</HelperTextItem>
          </HelperText>
        </FormGroup>
        <FormGroup fieldId="quay-bridge-insecure">
          <Checkbox
            id="quay-bridge-insecure"
            data-testid="quay-bridge-insecure"
            label={t("bridge.insecure")}
            isChecked={integration.insecureRegistry}
            onChange={(_e, on) => set({ insecureRegistry: on })}
            description={insecureFromConnection ? t("bridge.insecureHelp") : undefined}
          />
        </FormGroup>
      </Form>
      {invalid && (
        <Alert variant="warning" isInline data-testid="quay-bridge-invalid" title={t("bridge.invalid")} className="rc-mb-md">
          <p>{invalid.message}</p>
        </Alert>
      )}
      {manifests && (
        <div className="rc-secret" data-testid="quay-bridge-yaml">
          <pre className="rc-secret-code" data-testid="quay-bridge-yaml-text">
            {manifests.yaml}
          </pre>
          <div className="rc-secret-actions">
            <CopyButton text={manifests.yaml} label={t("credentials.copy", { what: t("bridge.yaml") })} />
          </div>
        </div>
      )}
      {applyError && <ClusterErrorAlert error={applyError} title="bridge.applyFailed" onSignIn={onSignIn} />}
      {applyDone && <Alert variant="success" isInline data-testid="quay-bridge-apply-done" title={t(applyDone.key, applyDone.params)} className="rc-mb-md" />}
      <div className="rc-bridge-actions">
        <Button variant="secondary" data-testid="quay-bridge-apply" isLoading={busy === "apply"} isDisabled={!!busy || !cluster || !manifests || !!invalid} onClick={() => void apply()}>
          {t("bridge.apply")}
        </Button>
        {!cluster && <span className="rc-muted">{t("bridge.needCluster")}</span>}
      </div>

      <Title headingLevel="h3" size="md" className="rc-bridge-step">
        {t("bridge.step.sync")}
      </Title>
      <Content component="p">{t("bridge.syncHelp")}</Content>
      <div className="rc-bridge-actions">
        <Button variant="primary" data-testid="quay-bridge-sync" isLoading={busy === "sync"} isDisabled={!!busy || !manifests || !!invalid} onClick={() => void syncCheck()}>
          {t("bridge.syncRun")}
        </Button>
      </div>
      {syncError && <QuayErrorAlert error={syncError} title="bridge.syncFailed" onSignIn={onSignIn} />}
      {report && <SyncTable report={report} />}
    </div>
  );
}

function State({ state, testId }: { state: "present" | "missing" | "unknown"; testId: string }) {
  const t = useT();
  if (state === "present")
    return (
      <Label color="green" icon={<CheckCircleIcon />} data-testid={testId} data-state={state} isCompact>
        {t("bridge.present")}
      </Label>
    );
  if (state === "missing")
    return (
      <Label color="red" icon={<ExclamationCircleIcon />} data-testid={testId} data-state={state} isCompact>
        {t("bridge.missing")}
      </Label>
    );
  return (
    <Label color="grey" icon={<QuestionCircleIcon />} data-testid={testId} data-state={state} isCompact>
      {t("bridge.unknown")}
    </Label>
  );
}

/** The sync check: a row per synced namespace, with clear present/missing states. */
function SyncTable({ report }: { report: SyncReport }) {
  const t = useT();
  const missing = report.namespaces.reduce((n, ns) => n + ns.missing.length, 0);
  const accounts = ["builder", "default", "deployer"];
  return (
    <div data-testid="quay-bridge-report" data-in-sync={report.inSync ? "true" : "false"} className="rc-bridge-gap">
      {report.namespaces.length === 0 ? (
        <Alert variant="info" isInline data-testid="quay-bridge-sync-none" title={t("bridge.syncNone")} className="rc-mb-md" />
      ) : report.inSync ? (
        <Alert variant="success" isInline data-testid="quay-bridge-sync-summary" title={t("bridge.inSync")} className="rc-mb-md" />
      ) : (
        <Alert variant="warning" isInline data-testid="quay-bridge-sync-summary" title={t("bridge.notInSync", { count: missing })} className="rc-mb-md" />
      )}
      {report.namespaces.length > 0 && (
        <Table aria-label={t("bridge.step.sync")} variant="compact" data-testid="quay-bridge-sync-table">
          <Thead>
            <Tr>
              <Th modifier="nowrap">{t("bridge.columnNamespace")}</Th>
              <Th modifier="nowrap">{t("bridge.columnOrganization")}</Th>
              {accounts.map((a) => (
                <Th key={a} modifier="nowrap">
                  <code>+{a}</code>
                </Th>
              ))}
              <Th modifier="nowrap">{t("bridge.columnMissing")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {report.namespaces.map((ns) => {
              const unknown = ns.error !== null;
              return (
                <Tr key={ns.namespace} data-testid="quay-bridge-sync-row" data-namespace={ns.namespace}>
                  <Td dataLabel={t("bridge.columnNamespace")}>
                    <strong>{ns.namespace}</strong>
                  </Td>
                  <Td dataLabel={t("bridge.columnOrganization")}>
                    <div className="rc-bridge-cell">
                      <code>{ns.organization}</code>
                      <State state={unknown ? "unknown" : ns.organizationExists ? "present" : "missing"} testId="quay-bridge-org-state" />
                    </div>
                  </Td>
                  {accounts.map((a) => {
                    const robot = ns.robots.find((r) => r.serviceAccount === a);
                    return (
                      <Td key={a} dataLabel={`+${a}`}>
                        <State state={unknown ? "unknown" : robot?.exists ? "present" : "missing"} testId={`quay-bridge-robot-${a}`} />
                      </Td>
                    );
                  })}
                  <Td dataLabel={t("bridge.columnMissing")} data-testid="quay-bridge-missing">
                    {unknown ? (
                      <span className="rc-detail">{ns.error}</span>
                    ) : ns.missing.length ? (
                      ns.missing.map((m) => (
                        <div key={m}>
                          <code>{m}</code>
                        </div>
                      ))
                    ) : (
                      t("bridge.nothingMissing")
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      {report.notSynced.length > 0 && (
        <HelperText className="rc-bridge-gap-sm">
          <HelperTextItem data-testid="quay-bridge-not-synced">{t("bridge.notSynced", { namespaces: report.notSynced.join(", ") })}</HelperTextItem>
        </HelperText>
      )}
    </div>
  );
}
