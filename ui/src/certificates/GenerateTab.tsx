import { useMemo, useState } from "react";
import {
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
  Radio,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import type { Generated } from "../bindings/Generated";
import type { InputFile } from "../bindings/InputFile";
import type { KeyType } from "../bindings/KeyType";
import type { SavePart } from "../bindings/SavePart";
import { toUiError, type UiError } from "../errors";
import type { MessageKey } from "../i18n/en";
import { useT } from "../i18n/i18n";
import { CertificateCard } from "./CertificateCard";
import { CertsErrorAlert } from "./CertsErrorAlert";
import { inHome, useHomeDir } from "./common";
import { ConnectionPicker } from "../components/ConnectionPicker";
import { OpenFileButton } from "../components/OpenFileButton";
import { CERT_FILE_FILTERS, pickedFile } from "./files";
import { parseHostList, presetHosts, splitSans } from "./hosts";
import { CheckList, CheckSummary, Section } from "./ReportParts";
import { SaveToPath } from "./SaveToPath";

/** What `oc adm ca create-server-cert` gives, and the most the documents advise. */
export const DEFAULT_DAYS = 730;
const MAX_DAYS = 3650;

const SAVE_PARTS: { part: SavePart; label: MessageKey; file: string }[] = [
  { part: "certificate", label: "generate.saveCertificate", file: "registry.crt" },
  { part: "key", label: "generate.saveKey", file: "registry.key" },
  { part: "bundle", label: "generate.saveBundle", file: "registry.cert" },
];

/** Make a server certificate, self-signed or signed by a CA the user picks, and save its parts. */
export function GenerateTab({ connections }: { connections: Connection[] }) {
  const t = useT();
  const home = useHomeDir();
  const [hostText, setHostText] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [keyType, setKeyType] = useState<KeyType>("ecdsaP256");
  const [signer, setSigner] = useState<"selfSigned" | "ca">("selfSigned");
  const [caCert, setCaCert] = useState<InputFile | null>(null);
  const [caKey, setCaKey] = useState<InputFile | null>(null);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [generated, setGenerated] = useState<Generated | null>(null);

  const hostnames = useMemo(() => parseHostList(hostText), [hostText]);
  const split = useMemo(() => splitSans(hostnames), [hostnames]);
  const dayCount = Number(days);
  const daysValid = /^\d+$/.test(days.trim()) && dayCount >= 1 && dayCount <= MAX_DAYS;
  const caReady = signer === "selfSigned" || (caCert != null && caKey != null);
  const valid = hostnames.length > 0 && daysValid && caReady;

  const fillFrom = (id: string) => {
    setConnectionId(id);
    const c = connections.find((x) => x.id === id) ?? null;
    // SANs carry no port: the connection's host:port gives its host name only.
    const names = presetHosts(c).map((h) => h.replace(/:\d+$/, ""));
    if (names.length) setHostText((text) => parseHostList(`${text} ${names.join(" ")}`).join(", "));
  };

  const generate = async () => {
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const result = await commands.certsGenerate({
        hostnames,
        days: dayCount,
        keyType,
        signer: signer === "ca" && caCert && caKey ? { kind: "ca", certificate: caCert, key: caKey } : { kind: "selfSigned" },
      });
      setGenerated(result);
    } catch (reason) {
      setError(toUiError(reason));
      setGenerated(null);
    } finally {
      setBusy(false);
    }
  };

  const pickFile = (set: (f: InputFile) => void) => (paths: string[]) => {
    const first = paths[0];
    if (first) set(pickedFile(first));
  };

  return (
    <div className="rc-certs-tab" data-testid="generate-tab">
      <Content component="p" className="rc-intro">
        {t("generate.intro")}
      </Content>
      <Form onSubmit={(e) => e.preventDefault()}>
        <Grid hasGutter>
          <GridItem md={7}>
            <FormGroup label={t("generate.hostnames")} fieldId="generate-hostnames" isRequired>
              <TextArea
                id="generate-hostnames"
                data-testid="generate-hostnames"
                value={hostText}
                onChange={(_e, v) => setHostText(v)}
                placeholder={t("generate.hostnamesPlaceholder")}
                rows={3}
                resizeOrientation="vertical"
                className="rc-mono"
                spellCheck={false}
                validated={touched && hostnames.length === 0 ? "error" : "default"}
              />
              <FormHelperText>
                <HelperText>
                  {touched && hostnames.length === 0 ? (
                    <HelperTextItem variant="error">{t("generate.hostnamesRequired")}</HelperTextItem>
                  ) : (
                    <HelperTextItem>{t("generate.hostnamesHelp")}</HelperTextItem>
                  )}
                </HelperText>
              </FormHelperText>
            </FormGroup>
            <div className="rc-san-preview" data-testid="generate-split">
              <span className="rc-copy-label rc-small">{t("generate.dnsSans")}</span>
              <span data-testid="generate-dns">
                {split.dns.length ? (
                  split.dns.map((d) => (
                    <Label key={d} isCompact color="blue" className="rc-gap-right rc-mono">
                      DNS:{d}
                    </Label>
                  ))
                ) : (
                  <span className="rc-subtle rc-small">{t("generate.none")}</span>
                )}
              </span>
              <span className="rc-copy-label rc-small">{t("generate.ipSans")}</span>
              <span data-testid="generate-ip">
                {split.ip.length ? (
                  split.ip.map((d) => (
                    <Label key={d} isCompact color="purple" className="rc-gap-right rc-mono">
                      IP Address:{d}
                    </Label>
                  ))
                ) : (
                  <span className="rc-subtle rc-small">{t("generate.none")}</span>
                )}
              </span>
            </div>
          </GridItem>
          <GridItem md={5}>
            <FormGroup label={t("generate.fillFrom")} fieldId="generate-connection">
              <ConnectionPicker
                none={t("certs.noConnection")}
                id="generate-connection"
                connections={connections}
                value={connectionId}
                onChange={fillFrom}
                label={t("generate.fillFrom")}
              />
            </FormGroup>
            <FormGroup label={t("generate.days")} fieldId="generate-days" isRequired className="pf-v6-u-mt-sm">
              <TextInput
                id="generate-days"
                data-testid="generate-days"
                value={days}
                inputMode="numeric"
                onChange={(_e, v) => setDays(v)}
                validated={!daysValid ? "error" : dayCount > DEFAULT_DAYS ? "warning" : "default"}
                className="rc-days"
              />
              <FormHelperText>
                <HelperText>
                  {!daysValid ? (
                    <HelperTextItem variant="error">{t("generate.daysInvalid")}</HelperTextItem>
                  ) : dayCount > DEFAULT_DAYS ? (
                    <HelperTextItem variant="warning" data-testid="generate-days-long">
                      {t("generate.daysLong")}
                    </HelperTextItem>
                  ) : (
                    <HelperTextItem>{t("generate.daysHelp")}</HelperTextItem>
                  )}
                </HelperText>
              </FormHelperText>
            </FormGroup>
          </GridItem>
          <GridItem md={5}>
            <FormGroup label={t("generate.keyType")} fieldId="generate-key" role="radiogroup" isInline>
              <Radio
                id="generate-key-p256"
                data-testid="generate-key-p256"
                name="generate-key"
                label={t("generate.keyP256")}
                isChecked={keyType === "ecdsaP256"}
                onChange={() => setKeyType("ecdsaP256")}
              />
              <Radio
                id="generate-key-p384"
                data-testid="generate-key-p384"
                name="generate-key"
                label={t("generate.keyP384")}
                isChecked={keyType === "ecdsaP384"}
                onChange={() => setKeyType("ecdsaP384")}
              />
            </FormGroup>
          </GridItem>
          <GridItem md={7}>
            <FormGroup label={t("generate.signer")} fieldId="generate-signer" role="radiogroup">
              <Radio
                id="generate-self-signed"
                data-testid="generate-self-signed"
                name="generate-signer"
                label={t("generate.selfSigned")}
                description={t("generate.selfSignedDescription")}
                isChecked={signer === "selfSigned"}
                onChange={() => setSigner("selfSigned")}
              />
              <Radio
                id="generate-ca-signed"
                data-testid="generate-ca-signed"
                name="generate-signer"
                label={t("generate.caSigned")}
                description={t("generate.caSignedDescription")}
                isChecked={signer === "ca"}
                onChange={() => setSigner("ca")}
                body={
                  signer === "ca" && (
                    <div className="rc-ca-files">
                      <CaFileRow
                        testId="generate-ca-cert"
                        label={t("generate.caCert")}
                        file={caCert}
                        onPaths={pickFile(setCaCert)}
                        onClear={() => setCaCert(null)}
                      />
                      <CaFileRow
                        testId="generate-ca-key"
                        label={t("generate.caKey")}
                        file={caKey}
                        onPaths={pickFile(setCaKey)}
                        onClear={() => setCaKey(null)}
                      />
                      {touched && !caReady && (
                        <HelperText>
                          <HelperTextItem variant="error">{t("generate.caFilesRequired")}</HelperTextItem>
                        </HelperText>
                      )}
                    </div>
                  )
                }
              />
            </FormGroup>
          </GridItem>
        </Grid>
        <div className="rc-actions">
          <Button variant="primary" data-testid="generate-submit" onClick={() => void generate()} isLoading={busy} isDisabled={busy}>
            {busy ? t("generate.generating") : t("generate.submit")}
          </Button>
        </div>
      </Form>

      {error && <CertsErrorAlert error={error} fallbackTitle="generate.failed" className="rc-section" testId="generate-error" />}

      {generated && (
        <div data-testid="generate-result" className="rc-result">
          <Section title={t("generate.resultTitle")}>
            <div className="rc-cards">
              <CertificateCard key={generated.generatedId} id="generated-cert" cert={generated.certificate} role="server" defaultExpanded />
              {generated.ca && <CertificateCard id="generated-ca" cert={generated.ca} role="root" />}
            </div>
          </Section>
          <Section title={t("checks.title")}>
            <CheckSummary checks={generated.checks} />
            <CheckList checks={generated.checks} />
          </Section>
          <Section title={t("generate.saveTitle")} testId="generate-save">
            <div className="rc-save-list">
              {SAVE_PARTS.map(({ part, label, file }) => (
                <SaveToPath
                  key={`${generated.generatedId}-${part}`}
                  testId={`save-${part}`}
                  label={t(label)}
                  defaultPath={inHome(home, file)}
                  button={t("generate.save")}
                  failedTitle="generate.saveFailed"
                  save={(path, overwrite) => commands.certsSaveGenerated(generated.generatedId, part, path, overwrite)}
                />
              ))}
            </div>
          </Section>
        </div>
      )}
    </div>
  );
}

function CaFileRow({
  testId,
  label,
  file,
  onPaths,
  onClear,
}: {
  testId: string;
  label: string;
  file: InputFile | null;
  onPaths: (paths: string[]) => void;
  onClear: () => void;
}) {
  const t = useT();
  return (
    <div className="rc-ca-file">
      <span className="rc-copy-label rc-small">{label}</span>
      {file ? (
        <Label data-testid={`${testId}-file`} onClose={onClear} closeBtnAriaLabel={t("doctor.removeFile", { name: file.name })}>
          {file.name}
        </Label>
      ) : (
        <OpenFileButton testId={testId} label={t("generate.chooseFile")} title={label} filters={CERT_FILE_FILTERS} onPaths={onPaths} />
      )}
    </div>
  );
}
