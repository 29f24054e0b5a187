import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Radio,
  TextArea,
  TextInput,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  Tooltip,
} from "@patternfly/react-core";
import { EyeIcon, EyeSlashIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { AuthFileKind } from "../bindings/AuthFileKind";
import type { AuthFilePreview } from "../bindings/AuthFilePreview";
import type { Connection } from "../bindings/Connection";
import type { ImportEntry } from "../bindings/ImportEntry";
import type { ImportFormat } from "../bindings/ImportFormat";
import type { ProjectList } from "../bindings/ProjectList";
import type { PullSecretImport } from "../bindings/PullSecretImport";
import { DropZone } from "../certificates/FilePicker";
import { OpenFileButton } from "../components/OpenFileButton";
import { bytesToBase64, readInputFile } from "../certificates/files";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { useReauth } from "../signin/Reauth";
import { ConnectionPicker } from "../components/ConnectionPicker";
import { ErrorAlert, ErrorBody } from "../components/ErrorAlert";
import { ConfirmModal } from "../components/ConfirmModal";
import { ProjectPicker, ServiceAccountPicker } from "../access/Pickers";

/** The most a pull secret file may be; the backend refuses more too. */
export const MAX_PULL_SECRET_BYTES = 1024 * 1024;

/** What the open dialog offers first: the portal's YAML, `.dockerconfigjson`, auth files. */
const PULL_SECRET_FILTERS = [{ name: "YAML / JSON", extensions: ["yaml", "yml", "json", "dockerconfigjson", "dockercfg"] }];

const FORMAT_LABEL: Record<ImportFormat, MessageKey> = {
  secret: "pullSecretImport.format.secret",
  dockercfgSecret: "pullSecretImport.format.dockercfgSecret",
  dockerConfigJson: "pullSecretImport.format.dockerConfigJson",
  dockerConfig: "pullSecretImport.format.dockerConfig",
  podmanAuth: "pullSecretImport.format.podmanAuth",
};

/** Quotes a value for a POSIX shell, as the backend's login lines do. */
export const shellQuote = (v: string) => (/^[A-Za-z0-9_./:@=-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);

/** A Kubernetes name from a file's Secret name or registry: "registry.redhat.io" -> "registry-redhat-io-pull-secret". */
export function secretNameFor(imported: PullSecretImport, entry: ImportEntry): string {
  if (imported.secretName) return imported.secretName;
  const base = entry.registryKey
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 200);
  return `${base || "registry"}-pull-secret`;
}


/** "Same as:" and the oc/podman lines an action matches. */
function SameAs({ lines, testId }: { lines: string[]; testId: string }) {
  const t = useT();
  return (
    <div className="rc-stack-sm" data-testid={testId}>
      <span className="rc-count">{t("pullSecretImport.sameAs")}</span>
      <pre className="rc-secret-code">{lines.join("\n")}</pre>
    </div>
  );
}


export interface PullSecretImportModalProps {
  connections: Connection[];
  onOpenConnections: () => void;
  onClose: () => void;
}

/**
 * Import a pull secret file (issue 15, seed 004): choose or paste it, pick the registry entry
 * (secret masked, revealable), then create the Secret in a project and link it to a service
 * account, grant it view, save it as a registry connection's sign-in, or merge it into the
 * local auth file; each asks first and says the oc/podman command it matches.
 */
export function PullSecretImportModal({ connections, onOpenConnections, onClose }: PullSecretImportModalProps) {
  const t = useT();
  const [imported, setImported] = useState<PullSecretImport | null>(null);
  const [registry, setRegistry] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState("");

  // The backend forgets the file when the dialog closes or another one is opened.
  useEffect(() => {
    const id = imported?.importId;
    return () => {
      if (id) void commands.pullSecretImportForget(id).catch(() => undefined);
    };
  }, [imported?.importId]);

  const load = async (read: () => Promise<PullSecretImport>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await read();
      setImported(result);
      setRegistry(result.entries[0]?.registry ?? null);
    } catch (reason) {
      setError(toUiError(reason));
    }
    setBusy(false);
  };

  const openFile = (files: File[]) => {
    const file = files[0];
    if (!file) return;
    if (file.size > MAX_PULL_SECRET_BYTES) {
      setError({ code: "invalidInput", message: t("pullSecretImport.tooLarge", { name: file.name, size: String(file.size) }), detail: null });
      return;
    }
    void load(async () => commands.pullSecretImport(file.name, (await readInputFile(file)).contentBase64));
  };

  const entry = imported?.entries.find((e) => e.registry === registry) ?? null;

  return (
    <Modal isOpen variant="large" onClose={onClose} aria-labelledby="pull-secret-import-title" data-testid="pull-secret-import">
      <ModalHeader title={t("pullSecretImport.title")} labelId="pull-secret-import-title" description={t("pullSecretImport.intro")} />
      <ModalBody className="rc-stack">
        {error && <ErrorAlert error={error} title={t("pullSecretImport.failed")} testId="pull-secret-import-error" />}
        {!imported ? (
          <DropZone testId="pull-secret-import-drop" onFiles={openFile}>
            <div className="rc-stack">
              <div>
                <OpenFileButton
                  testId="pull-secret-import-file"
                  label={t("pullSecretImport.chooseFile")}
                  title={t("pullSecretImport.fileInput")}
                  filters={PULL_SECRET_FILTERS}
                  isDisabled={busy}
                  onPaths={([path]) => path && void load(() => commands.pullSecretImportFile(path))}
                  onError={(message) => setError({ code: "other", message, detail: null })}
                />{" "}
                <span className="rc-count">{t("pullSecretImport.drop")}</span>
              </div>
              <FormGroup label={t("pullSecretImport.pasteLabel")} fieldId="pull-secret-import-paste">
                <TextArea
                  id="pull-secret-import-paste"
                  data-testid="pull-secret-import-paste"
                  value={pasted}
                  onChange={(_e, v) => setPasted(v)}
                  rows={5}
                  resizeOrientation="vertical"
                  className="rc-mono"
                  spellCheck={false}
                  autoComplete="off"
                />
              </FormGroup>
              <div>
                <Button
                  variant="secondary"
                  data-testid="pull-secret-import-read"
                  isDisabled={busy || !pasted.trim()}
                  isLoading={busy}
                  onClick={() => void load(() => commands.pullSecretImport(t("pullSecretImport.pasted"), bytesToBase64(new TextEncoder().encode(pasted))))}
                >
                  {t("pullSecretImport.read")}
                </Button>
              </div>
            </div>
          </DropZone>
        ) : (
          <>
            <DescriptionList isCompact isHorizontal>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("pullSecretImport.file")}</DescriptionListTerm>
                <DescriptionListDescription>
                  <span className="rc-path" data-testid="pull-secret-import-name">
                    {imported.fileName}
                  </span>{" "}
                  <Button
                    variant="link"
                    isInline
                    data-testid="pull-secret-import-another"
                    onClick={() => {
                      setImported(null);
                      setPasted("");
                    }}
                  >
                    {t("pullSecretImport.another")}
                  </Button>
                </DescriptionListDescription>
              </DescriptionListGroup>
              <DescriptionListGroup>
                <DescriptionListTerm>{t("pullSecretImport.format")}</DescriptionListTerm>
                <DescriptionListDescription data-testid="pull-secret-import-format">{t(FORMAT_LABEL[imported.format])}</DescriptionListDescription>
              </DescriptionListGroup>
              {imported.secretName && (
                <DescriptionListGroup>
                  <DescriptionListTerm>{t("pullSecretImport.secretName")}</DescriptionListTerm>
                  <DescriptionListDescription>
                    <code>{imported.secretName}</code>
                  </DescriptionListDescription>
                </DescriptionListGroup>
              )}
            </DescriptionList>
            <EntryPicker imported={imported} registry={registry} onPick={setRegistry} />
            {imported.skipped.length > 0 && (
              <Alert variant="warning" isInline isPlain title={t("pullSecretImport.skipped")} data-testid="pull-secret-import-skipped">
                <ul>
                  {imported.skipped.map((s) => (
                    <li key={s.registry}>
                      <code>{s.registry}</code>: {s.reason}
                    </li>
                  ))}
                </ul>
              </Alert>
            )}
            {entry && (
              <EntryActions key={`${imported.importId}/${entry.registry}`} imported={imported} entry={entry} connections={connections} onOpenConnections={onOpenConnections} />
            )}
          </>
        )}
      </ModalBody>
      <ModalFooter>
        <Button variant={imported ? "primary" : "link"} data-testid="pull-secret-import-close" onClick={onClose}>
          {imported ? t("pullSecretImport.done") : t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function EntryPicker({ imported, registry, onPick }: { imported: PullSecretImport; registry: string | null; onPick: (registry: string) => void }) {
  const t = useT();
  return (
    <div className="rc-stack-sm" role="radiogroup" aria-label={t("pullSecretImport.pickEntry")} data-testid="pull-secret-import-entries">
      <Title headingLevel="h3" size="md">
        {imported.entries.length > 1 ? t("pullSecretImport.pickEntry") : t("pullSecretImport.entries")}
      </Title>
      {imported.entries.map((e) => (
        <div key={e.registry} className="rc-import-entry" data-testid="pull-secret-import-entry" data-registry={e.registry}>
          <Radio
            id={`pull-secret-entry-${e.registry}`}
            name="pull-secret-entry"
            isChecked={registry === e.registry}
            onChange={() => onPick(e.registry)}
            label={<code>{e.registry}</code>}
            description={
              <span>
                {t("pullSecretImport.columnUser")}: <code data-testid="pull-secret-import-user">{e.username}</code>
              </span>
            }
          />
          <RevealableSecret importId={imported.importId} entry={e} />
        </div>
      ))}
    </div>
  );
}

/** The entry's secret: masked, fetched from the backend only when the user reveals it. */
function RevealableSecret({ importId, entry }: { importId: string; entry: ImportEntry }) {
  const t = useT();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const label = t("pullSecretImport.secretLabel", { registry: entry.registry });
  const revealLabel = secret ? t("credentials.hide", { what: label }) : t("credentials.reveal", { what: label });
  const toggle = async () => {
    if (secret !== null) {
      setSecret(null);
      return;
    }
    try {
      setSecret(await commands.pullSecretImportReveal(importId, entry.registry));
    } catch (reason) {
      setError(toUiError(reason));
    }
  };
  return (
    <div className="rc-secret rc-import-secret" data-testid="pull-secret-import-secret" data-revealed={secret ? "true" : "false"}>
      <pre className="rc-secret-code">{secret ?? `${entry.secretMasked}  (${t("pullSecretImport.tokenLength", { count: String(entry.secretLength) })})`}</pre>
      <div className="rc-secret-actions">
        <Tooltip content={revealLabel}>
          <Button
            variant="plain"
            size="sm"
            aria-label={revealLabel}
            data-testid="pull-secret-import-reveal"
            icon={secret ? <EyeSlashIcon /> : <EyeIcon />}
            onClick={() => void toggle()}
          />
        </Tooltip>
      </div>
      {error && (
        <div className="rc-detail" data-testid="pull-secret-import-reveal-error">
          <ErrorBody error={error} />
        </div>
      )}
    </div>
  );
}

type Confirming = "create" | "view" | "signIn" | "authFile" | null;

function EntryActions({
  imported,
  entry,
  connections,
  onOpenConnections,
}: {
  imported: PullSecretImport;
  entry: ImportEntry;
  connections: Connection[];
  onOpenConnections: () => void;
}) {
  const t = useT();
  const reauth = useReauth();
  const clusters = useMemo(() => connections.filter((c) => c.kind === "openshift"), [connections]);
  const registries = useMemo(() => connections.filter((c) => c.kind === "registry" && registryKeyOf(c.url) === entry.registryKey), [connections, entry.registryKey]);
  const [clusterId, setClusterId] = useState(clusters[0]?.id ?? "");
  const [projects, setProjects] = useState<ProjectList | null>(null);
  const [project, setProject] = useState(imported.namespace ?? "");
  const [secretName, setSecretName] = useState(secretNameFor(imported, entry));
  const [account, setAccount] = useState("default");
  const [registryId, setRegistryId] = useState(registries[0]?.id ?? "");
  const [kind, setKind] = useState<AuthFileKind>("podman");
  const [preview, setPreview] = useState<AuthFilePreview | UiError | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [done, setDone] = useState<Partial<Record<Exclude<Confirming, null>, string>>>({});
  const cluster = clusters.find((c) => c.id === clusterId) ?? null;
  const projectNames = useMemo(() => projects?.projects.map((pr) => pr.name) ?? [], [projects]);
  const registryConnection = registries.find((c) => c.id === registryId) ?? null;

  useEffect(() => {
    if (!clusterId) return;
    let stale = false;
    setProjects(null);
    // Only a help for typing: without a sign-in the field stays free, and the sign-in is
    // asked for when the user acts.
    commands.clusterProjects(clusterId).then(
      (list) => {
        if (stale) return;
        setProjects(list);
        setProject((p) => p || list.projects[0]?.name || "");
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [clusterId]);

  useEffect(() => {
    let stale = false;
    setPreview(null);
    commands.pullSecretImportAuthFilePreview(imported.importId, entry.registry, kind).then(
      (p) => !stale && setPreview(p),
      (reason: unknown) => !stale && setPreview(toUiError(reason)),
    );
    return () => {
      stale = true;
    };
  }, [imported.importId, entry.registry, kind, done.authFile]);

  const [viewScope, setViewScope] = useState<"cluster" | "project">("cluster");
  const p = project.trim();
  const sa = account.trim();
  const name = secretName.trim();
  const subject = `system:serviceaccount:${p}:${sa}`;
  const createLines = [
    `oc create -f ${shellQuote(imported.fileName)} -n ${shellQuote(p)}${imported.secretName && imported.secretName !== name ? `  # metadata.name: ${name}` : ""}`,
    ...(sa ? [`oc secrets link ${shellQuote(sa)} ${shellQuote(name)} --for=pull -n ${shellQuote(p)}`] : []),
  ];
  const viewLines = [
    viewScope === "cluster"
      ? `oc adm policy add-cluster-role-to-user view ${shellQuote(subject)}`
      : `oc policy add-role-to-user view ${shellQuote(subject)} -n ${shellQuote(p)}`,
  ];
  const loginLines = [`podman login -u ${shellQuote(entry.username)} ${shellQuote(entry.registryKey)}`];
  const filePreview = preview && "kind" in preview ? preview : null;
  const authFileLines = filePreview
    ? [`${kind} login --authfile ${shellQuote(filePreview.path)} -u ${shellQuote(entry.username)} ${shellQuote(entry.registryKey)}`]
    : [];

  return (
    <div className="rc-stack">
      <Card isCompact data-testid="pull-secret-import-cluster">
        <CardTitle>
          <Title headingLevel="h3" size="md">
            {t("pullSecretImport.cluster.title")}
          </Title>
        </CardTitle>
        <CardBody className="rc-stack">
          {clusters.length === 0 ? (
            <p>{t("pullSecretImport.cluster.none")}</p>
          ) : (
            <>
              <Form isHorizontal onSubmit={(e) => e.preventDefault()}>
                <FormGroup label={t("pullSecretImport.cluster.connection")} fieldId="pull-secret-import-cluster-id">
                  <ConnectionPicker id="pull-secret-import-cluster-id" connections={clusters} value={clusterId} onChange={setClusterId} showUrl={false} />
                </FormGroup>
                <FormGroup label={t("pullSecretImport.cluster.project")} isRequired fieldId="pull-secret-import-project">
                  <ProjectPicker
                    id="pull-secret-import-project"
                    testId="pull-secret-import-project"
                    ariaLabel={t("pullSecretImport.cluster.project")}
                    projects={projectNames}
                    value={project}
                    onChange={setProject}
                  />
                </FormGroup>
                <FormGroup label={t("pullSecretImport.cluster.secretName")} isRequired fieldId="pull-secret-import-secret-name">
                  <TextInput id="pull-secret-import-secret-name" value={secretName} onChange={(_e, v) => setSecretName(v)} />
                </FormGroup>
                <FormGroup label={t("pullSecretImport.cluster.serviceAccount")} fieldId="pull-secret-import-account">
                  <ServiceAccountPicker
                    id="pull-secret-import-account"
                    testId="pull-secret-import-account"
                    ariaLabel={t("pullSecretImport.cluster.serviceAccount")}
                    connectionId={clusterId}
                    project={project.trim()}
                    value={account}
                    onChange={setAccount}
                  />
                  <FormHelperText>
                    <HelperText>
                      <HelperTextItem>{t("pullSecretImport.cluster.serviceAccountHelp")}</HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                </FormGroup>
              </Form>
              <SameAs lines={createLines} testId="pull-secret-import-create-same-as" />
              {done.create && (
                <Alert variant="success" isInline isPlain title={done.create} data-testid="pull-secret-import-created" />
              )}
              <div className="rc-actions">
                <Button variant="primary" data-testid="pull-secret-import-create" isDisabled={!p || !name} onClick={() => setConfirming("create")}>
                  {t("pullSecretImport.cluster.create")}
                </Button>
              </div>
              <Title headingLevel="h4" size="md">
                {t("pullSecretImport.view.title")}
              </Title>
              <p className="rc-count">{t("pullSecretImport.view.body")}</p>
              <Radio
                id="pull-secret-import-view-cluster"
                name="pull-secret-import-view-scope"
                data-testid="pull-secret-import-view-cluster"
                isChecked={viewScope === "cluster"}
                onChange={() => setViewScope("cluster")}
                label={t("pullSecretImport.view.scopeCluster")}
              />
              <Radio
                id="pull-secret-import-view-project"
                name="pull-secret-import-view-scope"
                data-testid="pull-secret-import-view-project"
                isChecked={viewScope === "project"}
                onChange={() => setViewScope("project")}
                label={t("pullSecretImport.view.scopeProject", { project: p || "…" })}
              />
              <SameAs lines={viewLines} testId="pull-secret-import-view-same-as" />
              {done.view && <Alert variant="success" isInline isPlain title={done.view} data-testid="pull-secret-import-granted" />}
              <div>
                <Button variant="secondary" data-testid="pull-secret-import-view" isDisabled={!p || !sa} onClick={() => setConfirming("view")}>
                  {t("pullSecretImport.view.grant")}
                </Button>
              </div>
            </>
          )}
        </CardBody>
      </Card>

      <Card isCompact data-testid="pull-secret-import-sign-in">
        <CardTitle>
          <Title headingLevel="h3" size="md">
            {t("pullSecretImport.signIn.title")}
          </Title>
        </CardTitle>
        <CardBody className="rc-stack">
          <SameAs lines={loginLines} testId="pull-secret-import-sign-in-same-as" />
          {registries.length === 0 ? (
            <div className="rc-stack-sm">
              <p>{t("pullSecretImport.signIn.none", { registry: entry.registryKey })}</p>
              <div>
                <Button variant="secondary" onClick={onOpenConnections}>
                  {t("pullSecretImport.signIn.openConnections")}
                </Button>
              </div>
            </div>
          ) : (
            <>
              <FormGroup label={t("pullSecretImport.signIn.connection")} fieldId="pull-secret-import-registry-id">
                <ConnectionPicker id="pull-secret-import-registry-id" connections={registries} value={registryId} onChange={setRegistryId} />
              </FormGroup>
              {done.signIn && <Alert variant="success" isInline isPlain title={done.signIn} data-testid="pull-secret-import-signed-in" />}
              <div>
                <Button variant="secondary" data-testid="pull-secret-import-save-sign-in" onClick={() => setConfirming("signIn")}>
                  {t("pullSecretImport.signIn.save")}
                </Button>
              </div>
            </>
          )}
        </CardBody>
      </Card>

      <Card isCompact data-testid="pull-secret-import-auth-file">
        <CardTitle>
          <Title headingLevel="h3" size="md">
            {t("pullSecretImport.authFile.title")}
          </Title>
        </CardTitle>
        <CardBody className="rc-stack">
          <ToggleGroup aria-label={t("credentials.authFileKind")}>
            <ToggleGroupItem text="Podman auth.json" buttonId="pull-secret-import-podman" isSelected={kind === "podman"} onChange={() => setKind("podman")} />
            <ToggleGroupItem text="Docker config.json" buttonId="pull-secret-import-docker" isSelected={kind === "docker"} onChange={() => setKind("docker")} />
          </ToggleGroup>
          {preview && !("kind" in preview) && <ErrorAlert error={preview} title={t("pullSecretImport.authFile.failed")} testId="pull-secret-import-auth-file-error" />}
          {filePreview && (
            <>
              <p>
                <span className="rc-path" data-testid="pull-secret-import-auth-file-path">
                  {filePreview.path}
                </span>{" "}
                <span className="rc-count">({filePreview.pathReason})</span>
              </p>
              {filePreview.helper ? (
                <Alert variant="info" isInline title={t("credentials.helperTitle", { helper: `docker-credential-${filePreview.helper}` })}>
                  {t("credentials.helperBody", { key: filePreview.key })}
                </Alert>
              ) : (
                <pre className="rc-secret rc-secret-code">{filePreview.entryMasked}</pre>
              )}
              <SameAs lines={authFileLines} testId="pull-secret-import-auth-file-same-as" />
              {done.authFile && <Alert variant="success" isInline isPlain title={done.authFile} data-testid="pull-secret-import-written" />}
              <div>
                <Button
                  variant="secondary"
                  data-testid="pull-secret-import-write"
                  isDisabled={Boolean(filePreview.helper) || filePreview.change === "unchanged"}
                  onClick={() => setConfirming("authFile")}
                >
                  {t("pullSecretImport.authFile.write")}
                </Button>
              </div>
            </>
          )}
        </CardBody>
      </Card>

      {confirming === "create" && cluster && (
        <ConfirmModal
          testId="pull-secret-import-create-confirm"
          size="medium"
          title={t("pullSecretImport.cluster.confirmTitle")}
          body={
            <>
              {t("pullSecretImport.cluster.confirmBody", { secret: name, project: p, cluster: cluster.name, user: entry.username, registry: entry.registryKey })}
              {sa && (
                <>
                  <br />
                  {t("pullSecretImport.cluster.confirmLink", { account: sa, registry: entry.registryKey })}
                </>
              )}
            </>
          }
          confirm={t("pullSecretImport.cluster.confirm")}
          failed="pullSecretImport.cluster.failed"
          onCancel={() => setConfirming(null)}
          run={async () => {
            const created = await reauth(cluster.id, "reauth.what.pullSecretCreate", () =>
              commands.pullSecretImportCreate(cluster.id, imported.importId, entry.registry, p, name, sa || null),
            );
            const linked = created.serviceAccount
              ? ` ${t("pullSecretImport.cluster.linked", { account: created.serviceAccount.name, secrets: created.serviceAccount.imagePullSecrets.join(", ") })}`
              : "";
            setDone((d) => ({ ...d, create: `${t("pullSecretImport.cluster.created", { secret: created.secret, project: created.namespace })}${linked}` }));
            setConfirming(null);
          }}
        >
          <SameAs lines={createLines} testId="pull-secret-import-create-confirm-same-as" />
        </ConfirmModal>
      )}
      {confirming === "view" && cluster && (
        <ConfirmModal
          testId="pull-secret-import-view-confirm"
          size="medium"
          title={t("pullSecretImport.view.confirmTitle")}
          body={t(viewScope === "cluster" ? "pullSecretImport.view.confirmBodyCluster" : "pullSecretImport.view.confirmBody", {
            project: p,
            account: sa,
            cluster: cluster.name,
          })}
          confirm={t("pullSecretImport.view.confirm")}
          failed="pullSecretImport.view.failed"
          onCancel={() => setConfirming(null)}
          run={async () => {
            const serviceAccount = { kind: "ServiceAccount" as const, name: sa, namespace: p };
            const outcome = await reauth(cluster.id, "reauth.what.grant", () =>
              viewScope === "cluster"
                ? commands.clusterGrantClusterRole(cluster.id, "view", serviceAccount)
                : commands.clusterGrantRole(cluster.id, p, "ClusterRole", "view", serviceAccount),
            );
            setDone((d) => ({
              ...d,
              view: t(outcome.created ? "pullSecretImport.view.granted" : "pullSecretImport.view.already", { binding: outcome.binding }),
            }));
            setConfirming(null);
          }}
        >
          <SameAs lines={viewLines} testId="pull-secret-import-view-confirm-same-as" />
        </ConfirmModal>
      )}
      {confirming === "signIn" && registryConnection && (
        <ConfirmModal
          testId="pull-secret-import-sign-in-confirm"
          size="medium"
          title={t("pullSecretImport.signIn.confirmTitle")}
          body={t("pullSecretImport.signIn.confirmBody", { connection: registryConnection.name, user: entry.username })}
          confirm={t("pullSecretImport.signIn.confirm")}
          failed="pullSecretImport.signIn.failed"
          onCancel={() => setConfirming(null)}
          run={async () => {
            const signedIn = await commands.pullSecretImportSignIn(imported.importId, entry.registry, registryConnection.id, "keyring");
            setDone((d) => ({ ...d, signIn: t("pullSecretImport.signIn.saved", { connection: registryConnection.name, user: signedIn.username }) }));
            setConfirming(null);
          }}
        >
          <SameAs lines={loginLines} testId="pull-secret-import-sign-in-confirm-same-as" />
        </ConfirmModal>
      )}
      {confirming === "authFile" && filePreview && (
        <ConfirmModal
          testId="pull-secret-import-write-confirm"
          size="medium"
          title={t("credentials.confirmTitle")}
          body={t.nodes(filePreview.change === "add" ? "credentials.confirmAdd" : "credentials.confirmUpdate", {
            key: <code>{filePreview.key}</code>,
            path: <span className="rc-path">{filePreview.path}</span>,
          })}
          confirm={t("credentials.confirmWrite")}
          failed="credentials.writeFailed"
          onCancel={() => setConfirming(null)}
          run={async () => {
            const written = await commands.pullSecretImportAuthFileWrite(imported.importId, entry.registry, kind);
            setDone((d) => ({ ...d, authFile: t("credentials.written", { path: written.path }) }));
            setConfirming(null);
          }}
        >
          <SameAs lines={authFileLines} testId="pull-secret-import-write-confirm-same-as" />
        </ConfirmModal>
      )}
    </div>
  );
}

/** The auth-file key of a connection's URL, as the backend makes it (host[:port][/path]). */
export function registryKeyOf(url: string): string {
  try {
    const u = new URL(url.includes("://") ? url : `https://${url}`);
    const host = u.host.toLowerCase();
    if (["docker.io", "index.docker.io", "registry-1.docker.io"].includes(host)) return "docker.io";
    let path = u.pathname.replace(/^\/+|\/+$/g, "");
    if (path === "v2" || path.endsWith("/v2")) path = path.slice(0, -2).replace(/\/+$/, "");
    return path ? `${host}/${path}` : host;
  } catch {
    return url;
  }
}
