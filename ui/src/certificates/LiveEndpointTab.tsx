import { useState } from "react";
import {
  Alert,
  AlertActionCloseButton,
  AlertActionLink,
  Button,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationCircleIcon, ShieldAltIcon } from "@patternfly/react-icons";
import type { CertificateInfo } from "../bindings/CertificateInfo";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { EndpointReport } from "../bindings/EndpointReport";
import { toUiError, type UiError } from "../errors";
import type { MessageKey } from "../i18n/en";
import { useT } from "../i18n/i18n";
import { CertificateCard, roleInChain } from "./CertificateCard";
import { CertsErrorAlert } from "./CertsErrorAlert";
import { ConnectionPicker } from "../components/ConnectionPicker";
import { CheckList, CheckSummary, HostCoverageTable, Section } from "./ReportParts";

const INSPECT_TITLES: Partial<Record<UiError["code"], MessageKey>> = {
  unreachable: "endpoint.error.unreachable",
  tlsFailure: "endpoint.error.tlsFailure",
  badResponse: "endpoint.error.badResponse",
};
const INSPECT_HINTS: Partial<Record<UiError["code"], MessageKey>> = {
  unreachable: "endpoint.error.unreachableHint",
  tlsFailure: "endpoint.error.tlsFailureHint",
  badResponse: "endpoint.error.badResponseHint",
};

/** Host and port of a connection's URL (443 for https without a port, 80 for http). */
export function endpointOf(connection: Connection): { host: string; port: string } | null {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(connection.url) ? connection.url : `https://${connection.url}`);
    const port = url.port || (url.protocol === "http:" ? "80" : "443");
    return { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port };
  } catch {
    return null;
  }
}

/** Whether the certificate can be offered as a CA to trust (`CA:TRUE`; the backend refuses others). */
function isCaCandidate(cert: CertificateInfo): boolean {
  return cert.isCa;
}

export interface LiveEndpointTabProps {
  connections: Connection[];
  /** A connection changed (it now trusts a CA): the app's copy of the settings follows. */
  onConnectionChanged: (connection: Connection) => void;
}

/** Connect to host:port, show what it presents, and trust its CA for a connection. */
export function LiveEndpointTab({ connections, onConnectionChanged }: LiveEndpointTabProps) {
  const t = useT();
  const [host, setHost] = useState("");
  const [port, setPort] = useState("443");
  const [sni, setSni] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [touched, setTouched] = useState(false);
  const [inspecting, setInspecting] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [report, setReport] = useState<EndpointReport | null>(null);
  const [trustIndex, setTrustIndex] = useState<number | null>(null);
  const [trusted, setTrusted] = useState<{ connection: Connection; subject: string } | null>(null);

  const portNumber = Number(port);
  const portValid = /^\d+$/.test(port.trim()) && portNumber >= 1 && portNumber <= 65535;
  const hostValid = host.trim() !== "";

  const chooseConnection = (id: string) => {
    setConnectionId(id);
    const c = connections.find((x) => x.id === id);
    const target = c ? endpointOf(c) : null;
    if (target) {
      setHost(target.host);
      setPort(target.port);
    }
  };

  const inspect = async () => {
    setTouched(true);
    if (!hostValid || !portValid) return;
    setInspecting(true);
    setError(null);
    setTrusted(null);
    try {
      const result = await commands.certsInspect({
        host: host.trim(),
        port: portNumber,
        serverName: sni.trim() || null,
        connectionId: connectionId || null,
      });
      setReport(result);
    } catch (reason) {
      setError(toUiError(reason));
      setReport(null);
    } finally {
      setInspecting(false);
    }
  };

  const trustCert = trustIndex != null ? report?.chain[trustIndex] : undefined;

  return (
    <div className="rc-certs-tab" data-testid="endpoint-tab">
      <Content component="p" className="rc-intro">
        {t("endpoint.intro")}
      </Content>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          void inspect();
        }}
      >
        <div className="rc-endpoint-form">
          <FormGroup label={t("endpoint.host")} fieldId="endpoint-host" isRequired>
            <TextInput
              id="endpoint-host"
              data-testid="endpoint-host"
              value={host}
              onChange={(_e, v) => setHost(v)}
              placeholder={t("endpoint.hostPlaceholder")}
              validated={touched && !hostValid ? "error" : "default"}
            />
            {touched && !hostValid && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="error">{t("endpoint.hostRequired")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
          </FormGroup>
          <FormGroup label={t("endpoint.port")} fieldId="endpoint-port" isRequired>
            <TextInput
              id="endpoint-port"
              data-testid="endpoint-port"
              value={port}
              inputMode="numeric"
              onChange={(_e, v) => setPort(v)}
              validated={!portValid ? "error" : "default"}
            />
            {!portValid && (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="error">{t("endpoint.portInvalid")}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            )}
          </FormGroup>
          <FormGroup label={t("endpoint.sni")} fieldId="endpoint-sni">
            <TextInput id="endpoint-sni" data-testid="endpoint-sni" value={sni} onChange={(_e, v) => setSni(v)} />
          </FormGroup>
          <FormGroup label={t("certs.connection")} fieldId="endpoint-connection">
            <ConnectionPicker
              none={t("certs.noConnection")}
              id="endpoint-connection"
              connections={connections}
              value={connectionId}
              onChange={chooseConnection}
              label={t("certs.connection")}
            />
          </FormGroup>
          <div className="rc-endpoint-submit">
            <Button type="submit" variant="primary" data-testid="endpoint-inspect" isLoading={inspecting} isDisabled={inspecting}>
              {inspecting ? t("endpoint.inspecting") : t("endpoint.inspect")}
            </Button>
          </div>
        </div>
        <HelperText className="pf-v6-u-mt-xs">
          <HelperTextItem>{t("endpoint.connectionHelp")}</HelperTextItem>
        </HelperText>
      </Form>

      {error && (
        <CertsErrorAlert
          error={error}
          fallbackTitle="endpoint.failed"
          titles={INSPECT_TITLES}
          hints={INSPECT_HINTS}
          className="rc-section"
          testId="endpoint-error"
        />
      )}

      {trusted && (
        <Alert
          variant="success"
          isInline
          className="rc-section"
          data-testid="trust-done"
          title={t("endpoint.trustDone", { name: trusted.connection.name, subject: trusted.subject })}
          actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={() => setTrusted(null)} />}
          actionLinks={
            <AlertActionLink data-testid="inspect-again" onClick={() => void inspect()}>
              {t("endpoint.inspectAgain")}
            </AlertActionLink>
          }
        >
          {trusted.connection.tls.mode === "caBundle" && (
            <span className="rc-path">{t("endpoint.trustDoneBundle", { path: trusted.connection.tls.path })}</span>
          )}
        </Alert>
      )}

      {report && <EndpointResult report={report} onTrust={setTrustIndex} />}

      {report && trustCert && trustIndex != null && (
        <TrustCaModal
          report={report}
          index={trustIndex}
          cert={trustCert}
          connections={connections}
          initialConnectionId={connectionId || connections[0]?.id || ""}
          onCancel={() => setTrustIndex(null)}
          onTrusted={(connection) => {
            setTrustIndex(null);
            // The next inspection goes through the connection that now trusts the CA.
            setConnectionId(connection.id);
            setTrusted({ connection, subject: trustCert.subject });
            onConnectionChanged(connection);
          }}
        />
      )}
    </div>
  );
}

function EndpointResult({ report, onTrust }: { report: EndpointReport; onTrust: (index: number) => void }) {
  const t = useT();
  const caOffered = report.chain.some(isCaCandidate);
  return (
    <div data-testid="endpoint-result" className="rc-result">
      <Section title={t("endpoint.summaryTitle")}>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: "2Col" }} data-testid="endpoint-summary">
          <DescriptionListGroup>
            <DescriptionListTerm>{t("endpoint.address")}</DescriptionListTerm>
            <DescriptionListDescription className="rc-mono rc-small">{report.address}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t("endpoint.serverName")}</DescriptionListTerm>
            <DescriptionListDescription className="rc-mono rc-small">{report.serverName}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t("endpoint.tlsVersion")}</DescriptionListTerm>
            <DescriptionListDescription data-testid="endpoint-tls-version">{report.tlsVersion}</DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t("endpoint.cipherSuite")}</DescriptionListTerm>
            <DescriptionListDescription className="rc-mono rc-small" data-testid="endpoint-cipher">
              {report.cipherSuite}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>{t("endpoint.trust")}</DescriptionListTerm>
            <DescriptionListDescription data-testid="endpoint-trust" data-trusted={String(report.trusted)}>
              {report.trusted ? (
                <Label color="green" icon={<CheckCircleIcon />} isCompact>
                  {t("endpoint.trusted")}
                </Label>
              ) : (
                <Label color="red" icon={<ExclamationCircleIcon />} isCompact>
                  {t("endpoint.untrusted")}
                </Label>
              )}
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
        {!report.trusted && (
          <Alert variant="warning" isInline isPlain className="pf-v6-u-mt-sm" title={t("endpoint.untrustedShown")} data-testid="endpoint-trust-error">
            {report.trustError && <div className="rc-detail">{report.trustError}</div>}
          </Alert>
        )}
      </Section>
      <Section title={t("endpoint.chainTitle", { count: report.chain.length })} testId="endpoint-chain">
        {!report.trusted && !caOffered && (
          <p className="rc-small rc-subtle" data-testid="endpoint-no-ca">
            {t("endpoint.noCaInChain")}
          </p>
        )}
        <div className="rc-cards">
          {report.chain.map((c, i) => (
            <CertificateCard
              key={`${c.sha256Fingerprint}-${i}`}
              id={`endpoint-cert-${i}`}
              cert={c}
              role={roleInChain(c, i)}
              actions={
                !report.trusted && isCaCandidate(c) ? (
                  <Button variant="secondary" size="sm" icon={<ShieldAltIcon />} data-testid="trust-ca" onClick={() => onTrust(i)}>
                    {t("endpoint.trustCa")}
                  </Button>
                ) : undefined
              }
            />
          ))}
        </div>
      </Section>
      <Section title={t("checks.title")}>
        <CheckSummary checks={report.checks} />
        <CheckList checks={report.checks} />
      </Section>
      {report.hosts.length > 0 && (
        <Section title={t("hosts.title")}>
          <HostCoverageTable hosts={report.hosts} />
        </Section>
      )}
    </div>
  );
}

function TrustCaModal({
  report,
  index,
  cert,
  connections,
  initialConnectionId,
  onCancel,
  onTrusted,
}: {
  report: EndpointReport;
  index: number;
  cert: CertificateInfo;
  connections: Connection[];
  initialConnectionId: string;
  onCancel: () => void;
  onTrusted: (connection: Connection) => void;
}) {
  const t = useT();
  const [connectionId, setConnectionId] = useState(initialConnectionId);
  const chosen = connections.find((c) => c.id === connectionId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const confirm = async () => {
    if (!connectionId || busy) return;
    setBusy(true);
    setError(null);
    try {
      onTrusted(await commands.certsTrustCa(report.inspectionId, index, connectionId));
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };

  return (
    <Modal
      isOpen
      variant="medium"
      onClose={busy ? undefined : onCancel}
      aria-labelledby="trust-ca-title"
      data-testid="trust-ca-modal"
      elementToFocus="#trust-ca-cancel"
    >
      <ModalHeader title={t("endpoint.trustTitle", { subject: cert.subject })} titleIconVariant="warning" labelId="trust-ca-title" />
      <ModalBody>
        <Content>
          <p>
            {t.nodes("endpoint.trustBody", {
              subject: <code className="rc-path">{cert.subject}</code>,
              fingerprint: <code className="rc-path rc-small">{cert.sha256Fingerprint}</code>,
            })}
          </p>
        </Content>
        {connections.length === 0 ? (
          <Alert variant="info" isInline isPlain title={t("endpoint.trustNoConnections")} />
        ) : (
          <FormGroup label={t("endpoint.trustConnection")} fieldId="trust-ca-connection" className="rc-section">
            <ConnectionPicker id="trust-ca-connection" connections={connections} value={connectionId} onChange={setConnectionId} />
          </FormGroup>
        )}
        {chosen && chosen.tls.mode !== "caBundle" && (
          <Alert
            variant="warning"
            isInline
            isPlain
            className="pf-v6-u-mt-md"
            data-testid="trust-ca-signs-out"
            title={t("endpoint.trustSignsOut", { name: chosen.name })}
          />
        )}
        {error && <CertsErrorAlert error={error} fallbackTitle="endpoint.trustFailed" className="pf-v6-u-mt-md" testId="trust-ca-error" />}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          data-testid="trust-ca-confirm"
          onClick={() => void confirm()}
          isDisabled={!connectionId || busy}
          isLoading={busy}
        >
          {t("endpoint.trustConfirm")}
        </Button>
        <Button id="trust-ca-cancel" variant="link" data-testid="trust-ca-cancel" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
