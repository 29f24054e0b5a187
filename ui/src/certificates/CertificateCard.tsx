import { useState, type ReactNode } from "react";
import {
  Card,
  CardBody,
  CardExpandableContent,
  CardHeader,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  LabelGroup,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import type { CertificateInfo } from "../bindings/CertificateInfo";
import { useT } from "../i18n/i18n";
import { CopyButton } from "../components/CopyButton";
import { formatDate } from "./checkWords";

/** Where a certificate sits in its chain, for the label on its card. */
export type CertificateRole = "server" | "intermediate" | "root" | "ca";

/** The role of the certificate at `index` of a chain given leaf first. */
export function roleInChain(cert: CertificateInfo, index: number): CertificateRole {
  if (index === 0 && !cert.isCa) return "server";
  if (cert.selfSigned) return "root";
  return cert.isCa ? "intermediate" : "server";
}

function validityLabel(cert: CertificateInfo, language: string, t: ReturnType<typeof useT>) {
  const now = Date.now();
  const from = new Date(cert.notBefore).getTime();
  const until = new Date(cert.notAfter).getTime();
  if (until < now) {
    return (
      <Label color="red" isCompact>
        {t("cert.expired", { date: formatDate(cert.notAfter, language) })}
      </Label>
    );
  }
  if (from > now) {
    return (
      <Label color="orange" isCompact>
        {t("cert.notYetValid", { date: formatDate(cert.notBefore, language) })}
      </Label>
    );
  }
  return (
    <Label color="grey" isCompact variant="outline">
      {t("cert.validUntil", { date: formatDate(cert.notAfter, language) })}
    </Label>
  );
}

function dateTime(value: string, language: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return `${date.toLocaleString(language, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}

export interface CertificateCardProps {
  cert: CertificateInfo;
  role: CertificateRole;
  /** A stable id for the card's expand toggle. */
  id: string;
  defaultExpanded?: boolean;
  /** A button or two in the card's header (trust this CA). */
  actions?: ReactNode;
}

/** One certificate: subject, role and validity at a glance, every field as openssl shows it when expanded. */
export function CertificateCard({ cert, role, id, defaultExpanded = false, actions }: CertificateCardProps) {
  const t = useT();
  const [expanded, setExpanded] = useState(defaultExpanded);
  return (
    <Card
      isExpanded={expanded}
      isCompact
      className="rc-cert-card"
      data-testid="certificate-card"
      data-role={role}
      data-subject={cert.subject}
    >
      <CardHeader
        onExpand={() => setExpanded((e) => !e)}
        toggleButtonProps={{
          id: `${id}-toggle`,
          "aria-label": t("cert.details", { subject: cert.subject }),
          "aria-expanded": expanded,
          "data-testid": "certificate-toggle",
        } as Record<string, unknown>}
        actions={actions ? { actions, hasNoOffset: true } : undefined}
      >
        <CardTitle>
          <div className="rc-cert-title">
            <span className="rc-mono rc-cert-subject" data-testid="certificate-subject">
              {cert.subject}
            </span>
            <LabelGroup numLabels={4} className="rc-cert-labels">
              <Label color={role === "server" ? "blue" : "purple"} isCompact>
                {t(`cert.role.${role}`)}
              </Label>
              {cert.selfSigned && role !== "root" && (
                <Label color="grey" isCompact>
                  {t("cert.selfSigned")}
                </Label>
              )}
              {validityLabel(cert, t.language, t)}
            </LabelGroup>
          </div>
        </CardTitle>
      </CardHeader>
      <CardExpandableContent>
        <CardBody>
          <DescriptionList isHorizontal isCompact className="rc-cert-fields" data-testid="certificate-fields">
            <Field label={t("cert.subject")} mono>
              {cert.subject}
            </Field>
            <Field label={t("cert.issuer")} mono>
              {cert.issuer}
            </Field>
            <Field label={t("cert.serial")} mono>
              {cert.serial}
            </Field>
            <Field label={t("cert.notBefore")}>{dateTime(cert.notBefore, t.language)}</Field>
            <Field label={t("cert.notAfter")}>{dateTime(cert.notAfter, t.language)}</Field>
            <Field label={t("cert.sans")}>
              {cert.sans.length === 0 ? (
                t("cert.noSans")
              ) : (
                <span className="rc-sans" data-testid="certificate-sans">
                  {cert.sans.map((s) => (
                    <code key={`${s.kind}:${s.value}`} className="rc-san">
                      {s.kind === "ip" ? "IP Address" : s.kind === "dns" ? "DNS" : s.kind === "email" ? "email" : s.kind === "uri" ? "URI" : "othername"}:
                      {s.value}
                    </code>
                  ))}
                </span>
              )}
            </Field>
            <Field label={t("cert.publicKey")}>{cert.publicKey}</Field>
            <Field label={t("cert.signatureAlgorithm")} mono>
              {cert.signatureAlgorithm}
            </Field>
            <Field label={t("cert.fingerprint")}>
              <span className="rc-fingerprint">
                <code className="rc-small" data-testid="certificate-fingerprint">
                  {cert.sha256Fingerprint}
                </code>
                <CopyButton text={cert.sha256Fingerprint} label={t("cert.copyFingerprint")} />
              </span>
            </Field>
            <Field label="PEM">
              <CopyButton text={cert.pem} label={t("cert.copyPem")} />
            </Field>
          </DescriptionList>
          {cert.extensions.length > 0 && (
            <Table
              aria-label={t("cert.extensionsLabel", { subject: cert.subject })}
              variant="compact"
              className="rc-cert-extensions"
              data-testid="certificate-extensions"
            >
              <Thead>
                <Tr>
                  <Th width={30}>{t("cert.extensionName")}</Th>
                  <Th width={70}>{t("cert.extensionValue")}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {cert.extensions.map((x) => (
                  <Tr key={x.oid}>
                    <Td dataLabel={t("cert.extensionName")} className="rc-small">
                      {x.name}
                      {x.critical && (
                        <Label color="orange" isCompact className="rc-gap-left">
                          {t("cert.critical")}
                        </Label>
                      )}
                    </Td>
                    <Td dataLabel={t("cert.extensionValue")} className="rc-mono rc-small">
                      {x.value}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </CardExpandableContent>
    </Card>
  );
}

function Field({ label, mono, children }: { label: string; mono?: boolean; children: ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{label}</DescriptionListTerm>
      <DescriptionListDescription className={mono ? "rc-mono rc-small" : "rc-small"}>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}
