import { useMemo, useState } from "react";
import {
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Label,
  LabelGroup,
  List,
  ListComponent,
  ListItem,
  OrderType,
  TextArea,
  TextInput,
  Title,
} from "@patternfly/react-core";
import type { BundleReport } from "../bindings/BundleReport";
import type { DirectoryReport } from "../bindings/DirectoryReport";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { InputFile } from "../bindings/InputFile";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { CertificateCard, roleInChain } from "./CertificateCard";
import { CertsErrorAlert } from "./CertsErrorAlert";
import { inHome, useHomeDir } from "./common";
import { ConnectionPicker } from "../components/ConnectionPicker";
import { OpenFileButton } from "../components/OpenFileButton";
import { DropZone } from "./FilePicker";
import { CERT_FILE_FILTERS, pickedFile, readInputFiles } from "./files";
import { addHosts, parseHostList, presetHosts } from "./hosts";
import { InstallSteps, platformOf, type CertPlatform } from "./InstallSteps";
import { CheckList, CheckSummary, HostCoverageTable, ParseNotes, Section } from "./ReportParts";
import { isAbsolutePath, SaveToPath } from "./SaveToPath";

export interface BundleDoctorTabProps {
  connections: Connection[];
}

/** Paste, drop or open a bundle; see the checklist, SAN coverage and the fixed order; export it. */
export function BundleDoctorTab({ connections }: BundleDoctorTabProps) {
  const t = useT();
  const home = useHomeDir();
  const [files, setFiles] = useState<InputFile[]>([]);
  const [readError, setReadError] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [hosts, setHosts] = useState<string[]>([]);
  const [newHost, setNewHost] = useState("");
  const [serviceIp, setServiceIp] = useState("");
  const [routeHost, setRouteHost] = useState("");
  const [caFile, setCaFile] = useState<InputFile | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [report, setReport] = useState<BundleReport | null>(null);
  const [dirPath, setDirPath] = useState("");
  const [directory, setDirectory] = useState<DirectoryReport | null>(null);
  const [dirRunning, setDirRunning] = useState(false);
  const [dirError, setDirError] = useState<UiError | null>(null);

  const connection = connections.find((c) => c.id === connectionId) ?? null;
  const hostsToCheck = useMemo(
    () => addHosts(hosts, parseHostList(`${serviceIp} ${routeHost}`)),
    [hosts, serviceIp, routeHost],
  );
  const hasInput = files.length > 0 || pasted.trim() !== "";

  const addFiles = async (picked: File[]) => {
    setReadError(null);
    try {
      const read = await readInputFiles(picked);
      setFiles((prev) => [...prev, ...read]);
    } catch {
      setReadError(t("doctor.readFailed", { name: picked.map((f) => f.name).join(", ") }));
    }
  };

  const chooseConnection = (id: string) => {
    const previous = presetHosts(connection);
    const next = connections.find((c) => c.id === id) ?? null;
    setConnectionId(id);
    setHosts((list) => addHosts(list.filter((h) => !previous.includes(h)), presetHosts(next)));
  };

  const addTypedHosts = () => {
    const names = parseHostList(newHost);
    if (names.length === 0) return;
    setHosts((list) => addHosts(list, names));
    setNewHost("");
  };

  const run = async () => {
    if (!hasInput) return;
    setRunning(true);
    setError(null);
    try {
      const result = await commands.certsDoctor({ files, pasted, hosts: hostsToCheck, caFile });
      setReport(result);
      setDirectory(null);
    } catch (reason) {
      setError(toUiError(reason));
      setReport(null);
    } finally {
      setRunning(false);
    }
  };

  const runDirectory = async () => {
    const path = dirPath.trim();
    if (!isAbsolutePath(path)) return;
    setDirRunning(true);
    setDirError(null);
    try {
      const result = await commands.certsDoctorDirectory({ path, hosts: hostsToCheck, caFile });
      setDirectory(result);
      setReport(result.report);
    } catch (reason) {
      setDirError(toUiError(reason));
      setDirectory(null);
      setReport(null);
    } finally {
      setDirRunning(false);
    }
  };

  return (
    <div className="rc-certs-tab" data-testid="doctor-tab">
      <Content component="p" className="rc-intro">
        {t("doctor.intro")}
      </Content>
      <Form onSubmit={(e) => e.preventDefault()}>
        <Grid hasGutter>
          <GridItem md={6} className="rc-stack">
            <Title headingLevel="h2" size="md">
              {t("doctor.bundleTitle")}
            </Title>
            <DropZone testId="doctor-drop" onFiles={(f) => void addFiles(f)}>
              <span>{t("doctor.dropHere")}</span>
              <span className="rc-count">{t("doctor.or")}</span>
              <OpenFileButton
                testId="doctor-open"
                label={t("doctor.openFiles")}
                title={t("doctor.openFilesLabel")}
                filters={CERT_FILE_FILTERS}
                multiple
                onPaths={(paths) => {
                  setReadError(null);
                  setFiles((prev) => [...prev, ...paths.map(pickedFile)]);
                }}
                onError={setReadError}
              />
            </DropZone>
            {files.length > 0 && (
              <LabelGroup categoryName={t("doctor.filesLabel")} numLabels={6} className="rc-files" data-testid="doctor-files">
                {files.map((f, i) => (
                  <Label
                    key={`${f.name}-${i}`}
                    data-testid="doctor-file"
                    onClose={() => setFiles((prev) => prev.filter((_, j) => j !== i))}
                    closeBtnAriaLabel={t("doctor.removeFile", { name: f.name })}
                  >
                    {f.name}
                  </Label>
                ))}
              </LabelGroup>
            )}
            {readError && (
              <HelperText>
                <HelperTextItem variant="error">{readError}</HelperTextItem>
              </HelperText>
            )}
            <FormGroup label={t("doctor.pasteLabel")} fieldId="doctor-paste" >
              <TextArea
                id="doctor-paste"
                data-testid="doctor-paste"
                value={pasted}
                onChange={(_e, v) => setPasted(v)}
                placeholder={t("doctor.pastePlaceholder")}
                rows={6}
                resizeOrientation="vertical"
                className="rc-mono rc-paste"
                spellCheck={false}
              />
            </FormGroup>
          </GridItem>
          <GridItem md={6} className="rc-stack">
            <Title headingLevel="h2" size="md">
              {t("doctor.hostsTitle")}
            </Title>
            <Content component="p" className="rc-small rc-subtle">
              {t("doctor.hostsHelp")}
            </Content>
            <FormGroup label={t("certs.connection")} fieldId="doctor-connection">
              <ConnectionPicker
                none={t("certs.noConnection")}
                id="doctor-connection"
                connections={connections}
                value={connectionId}
                onChange={chooseConnection}
                label={t("certs.connection")}
              />
            </FormGroup>
            <FormGroup label={t("doctor.hostsLabel")} fieldId="doctor-add-host">
              {hosts.length > 0 ? (
                <LabelGroup numLabels={8} data-testid="doctor-hosts" className="rc-hosts">
                  {hosts.map((h) => (
                    <Label
                      key={h}
                      color="blue"
                      data-testid="doctor-host"
                      data-host={h}
                      onClose={() => setHosts((list) => list.filter((x) => x !== h))}
                      closeBtnAriaLabel={t("doctor.removeHost", { host: h })}
                    >
                      {h}
                    </Label>
                  ))}
                </LabelGroup>
              ) : (
                <div className="rc-subtle rc-small" data-testid="doctor-hosts-empty">
                  {t("doctor.hostsEmpty")}
                </div>
              )}
              <div className="rc-save-row pf-v6-u-mt-sm">
                <TextInput
                  id="doctor-add-host"
                  data-testid="doctor-add-host"
                  aria-label={t("doctor.addHostLabel")}
                  placeholder={t("doctor.addHostPlaceholder")}
                  value={newHost}
                  onChange={(_e, v) => setNewHost(v)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      addTypedHosts();
                    }
                  }}
                />
                <Button variant="secondary" data-testid="doctor-add-host-button" onClick={addTypedHosts} isDisabled={!newHost.trim()}>
                  {t("doctor.addHost")}
                </Button>
              </div>
            </FormGroup>
            <Grid hasGutter>
              <GridItem md={6}>
                <FormGroup label={t("doctor.serviceIp")} fieldId="doctor-service-ip">
                  <TextInput
                    id="doctor-service-ip"
                    data-testid="doctor-service-ip"
                    value={serviceIp}
                    onChange={(_e, v) => setServiceIp(v)}
                    placeholder="172.30.124.220"
                  />
                  <FormHelperText>
                    <HelperText>
                      <HelperTextItem>
                        <code className="rc-small rc-help-code">{t("doctor.serviceIpHelp")}</code>
                      </HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                </FormGroup>
              </GridItem>
              <GridItem md={6}>
                <FormGroup label={t("doctor.routeHost")} fieldId="doctor-route-host">
                  <TextInput
                    id="doctor-route-host"
                    data-testid="doctor-route-host"
                    value={routeHost}
                    onChange={(_e, v) => setRouteHost(v)}
                    placeholder="docker-registry-default.apps.example.com"
                  />
                  <FormHelperText>
                    <HelperText>
                      <HelperTextItem>
                        <code className="rc-small rc-help-code">{t("doctor.routeHostHelp")}</code>
                      </HelperTextItem>
                    </HelperText>
                  </FormHelperText>
                </FormGroup>
              </GridItem>
            </Grid>
            <FormGroup label={t("doctor.caFile")} fieldId="doctor-ca">
              <div className="rc-save-row">
                {caFile ? (
                  <Label data-testid="doctor-ca-file" onClose={() => setCaFile(null)} closeBtnAriaLabel={t("doctor.caFileRemove")}>
                    {caFile.name}
                  </Label>
                ) : (
                  <OpenFileButton
                    testId="doctor-ca"
                    label={t("doctor.caFileChoose")}
                    title={t("doctor.caFile")}
                    filters={CERT_FILE_FILTERS}
                    onPaths={([first]) => first && setCaFile(pickedFile(first))}
                    onError={setReadError}
                  />
                )}
              </div>
              <FormHelperText>
                <HelperText>
                  <HelperTextItem>{t("doctor.caFileHelp")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          </GridItem>
        </Grid>
        <div className="rc-actions">
          <Button
            variant="primary"
            data-testid="doctor-run"
            onClick={() => void run()}
            isDisabled={!hasInput || running}
            isLoading={running}
          >
            {running ? t("doctor.running") : t("doctor.run")}
          </Button>
          {!hasInput && <span className="rc-subtle rc-small">{t("doctor.nothingToCheck")}</span>}
        </div>
      </Form>

      <Form onSubmit={(e) => e.preventDefault()} className="rc-section">
        <Title headingLevel="h2" size="md">
          {t("doctor.dirTitle")}
        </Title>
        <FormGroup label={t("doctor.dirLabel")} fieldId="doctor-dir">
          <div className="rc-save-row">
            <TextInput
              id="doctor-dir"
              data-testid="doctor-dir"
              value={dirPath}
              onChange={(_e, v) => setDirPath(v)}
              placeholder="/etc/cockpit/ws-certs.d"
              validated={dirPath.trim() !== "" && !isAbsolutePath(dirPath.trim()) ? "error" : "default"}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  void runDirectory();
                }
              }}
            />
            <OpenFileButton
              testId="doctor-dir-browse"
              label={t("desktop.browse")}
              title={t("doctor.dirLabel")}
              folder
              variant="tertiary"
              onPaths={([first]) => first && setDirPath(first)}
            />
            <Button
              variant="secondary"
              data-testid="doctor-dir-run"
              onClick={() => void runDirectory()}
              isDisabled={!isAbsolutePath(dirPath.trim()) || dirRunning}
              isLoading={dirRunning}
            >
              {t("doctor.dirRun")}
            </Button>
          </div>
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t("doctor.dirHelp")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
      </Form>
      {dirError && <CertsErrorAlert error={dirError} fallbackTitle="doctor.dirFailed" className="rc-section" testId="doctor-dir-error" />}
      {directory && <DirectoryUsage directory={directory} />}
      {error && <CertsErrorAlert error={error} fallbackTitle="doctor.failed" className="rc-section" testId="doctor-error" />}
      {report && <BundleResult report={report} exportPath={inHome(home, "console.cert")} platform={platformOf(connection, connections)} />}
    </div>
  );
}

/** Which file of the certificates directory the registry console uses, as it sorts them. */
function DirectoryUsage({ directory }: { directory: DirectoryReport }) {
  const t = useT();
  return (
    <Alert
      isInline
      className="rc-section"
      variant={directory.used ? "info" : "warning"}
      data-testid="doctor-dir-result"
      title={
        directory.used
          ? t("doctor.dirUses", { file: directory.used, count: String(directory.certFiles.length) })
          : t("doctor.dirNone")
      }
    >
      {directory.certFiles.length > 0 && (
        <>
          <span className="rc-small">{t("doctor.dirFiles")}</span>
          <List component={ListComponent.ol} type={OrderType.number} data-testid="doctor-dir-files">
            {directory.certFiles.map((name) => (
              <ListItem key={name} className="rc-mono rc-small">
                {name === directory.used ? <strong>{name}</strong> : name}
              </ListItem>
            ))}
          </List>
        </>
      )}
      {directory.ignored.length > 0 && (
        <p className="rc-small rc-subtle">{t("doctor.dirIgnored", { names: directory.ignored.join(", ") })}</p>
      )}
    </Alert>
  );
}

function BundleResult({ report, exportPath, platform }: { report: BundleReport; exportPath: string; platform: CertPlatform }) {
  const t = useT();
  return (
    <div data-testid="doctor-result" className="rc-result">
      <Title headingLevel="h2" size="lg" className="rc-section">
        {t("doctor.resultTitle")} <CheckSummary checks={report.checks} />
      </Title>
      <Section title={t("checks.title")}>
        <CheckList checks={report.checks} />
      </Section>
      {report.hosts.length > 0 && (
        <Section title={t("hosts.title")}>
          <HostCoverageTable hosts={report.hosts} />
        </Section>
      )}
      {report.notes.length > 0 && (
        <Section title={t("notes.title")}>
          <ParseNotes notes={report.notes} />
        </Section>
      )}
      <Section title={t("cert.listTitle", { count: report.certificates.length })} testId="doctor-certificates">
        <span className="rc-subtle rc-small">{t("doctor.keysFound", { count: report.privateKeys })}</span>
        <div className="rc-cards">
          {report.certificates.map((c, i) => (
            <CertificateCard key={c.sha256Fingerprint} id={`doctor-cert-${i}`} cert={c} role={roleInChain(c, i)} />
          ))}
        </div>
      </Section>
      <Section title={t("fixed.title")} testId="fixed-bundle">
        <p className="rc-small" data-testid="fixed-changed">
          {t(report.fixed.changed ? "fixed.changed" : "fixed.unchanged")}
        </p>
        <List component={ListComponent.ol} type={OrderType.number} className="rc-fixed-order" data-testid="fixed-order">
          {report.fixed.order.map((subject, i) => (
            <ListItem key={`${subject}-${i}`} className="rc-mono rc-small">
              {subject}
            </ListItem>
          ))}
          <ListItem className="rc-small">{t("fixed.privateKey")}</ListItem>
        </List>
        {report.fixed.leftOut.length > 0 && (
          <Alert
            variant="warning"
            isInline
            isPlain
            data-testid="fixed-left-out"
            title={t("fixed.leftOut", { subjects: report.fixed.leftOut.join("; ") })}
          />
        )}
        {report.fixed.exportable ? (
          <SaveToPath
            key={report.bundleId}
            testId="export"
            label={t("fixed.pathLabel")}
            help={t("fixed.pathHelp")}
            defaultPath={exportPath}
            button={t("fixed.export")}
            failedTitle="fixed.exportFailed"
            save={(path, overwrite) => commands.certsExportBundle(report.bundleId, path, overwrite)}
          />
        ) : (
          <Alert variant="warning" isInline isPlain title={t("fixed.notExportable")} data-testid="fixed-not-exportable" />
        )}
      </Section>
      <Section title={t("instructions.title")} testId="instructions">
        <InstallSteps key={platform} instructions={report.instructions} initial={platform} />
      </Section>
    </div>
  );
}
