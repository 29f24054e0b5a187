import type { ReactNode } from "react";
import { Icon, Label, Title } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon } from "@patternfly/react-icons";
import type { Check } from "../bindings/Check";
import type { CheckStatus } from "../bindings/CheckStatus";
import type { HostCoverage } from "../bindings/HostCoverage";
import type { ParseNote } from "../bindings/ParseNote";
import type { MessageKey } from "../i18n/en";
import { useT } from "../i18n/i18n";
import { bySeverity, checkSentence, checkTitle, countByStatus, noteSentence } from "./checkWords";

/** A titled block of the results. */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rc-section" data-testid={testId}>
      <Title headingLevel="h3" size="md" className="pf-v6-u-mb-sm">
        {title}
      </Title>
      {children}
    </section>
  );
}

export function StatusIcon({ status }: { status: CheckStatus }) {
  const t = useT();
  const label = t(`checks.${status}` as MessageKey);
  switch (status) {
    case "pass":
      return (
        <Icon status="success" aria-label={label} role="img">
          <CheckCircleIcon />
        </Icon>
      );
    case "warn":
      return (
        <Icon status="warning" aria-label={label} role="img">
          <ExclamationTriangleIcon />
        </Icon>
      );
    default:
      return (
        <Icon status="danger" aria-label={label} role="img">
          <ExclamationCircleIcon />
        </Icon>
      );
  }
}

/** "2 failed · 1 warning · 13 passed". */
export function CheckSummary({ checks }: { checks: Check[] }) {
  const t = useT();
  const n = countByStatus(checks);
  return (
    <span className="rc-count" data-testid="check-summary">
      {t("doctor.summary", { fail: n.fail, warn: n.warn, pass: n.pass })}
    </span>
  );
}

/**
 * The checklist, failed checks first, then warnings, then passes (each in the backend's order:
 * input, key, chain, validity, names): each item's icon, name and sentence.
 */
export function CheckList({ checks }: { checks: Check[] }) {
  const t = useT();
  return (
    <ul className="rc-checklist" data-testid="checklist">
      {bySeverity(checks).map((c) => (
        <li key={c.id} className="rc-check" data-testid="check-row" data-check={c.id} data-status={c.status} data-problem={c.params.problem}>
          <span className="rc-check-icon">
            <StatusIcon status={c.status} />
          </span>
          <span className="rc-check-text">
            <strong className="rc-check-title">{checkTitle(t, c.id)}</strong>{" "}
            <span data-testid="check-sentence">{checkSentence(t, c)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Covered / missing per host name, with the SAN that matched or why it nearly did. */
export function HostCoverageTable({ hosts }: { hosts: HostCoverage[] }) {
  const t = useT();
  return (
    <Table aria-label={t("hosts.tableLabel")} variant="compact" data-testid="host-coverage">
      <Thead>
        <Tr>
          <Th width={30}>{t("hosts.columnHost")}</Th>
          <Th width={10} modifier="nowrap">{t("hosts.columnType")}</Th>
          <Th width={10}>{t("hosts.columnResult")}</Th>
          <Th width={20}>{t("hosts.columnMatchedBy")}</Th>
          <Th width={30}>{t("hosts.columnWhy")}</Th>
        </Tr>
      </Thead>
      <Tbody>
        {hosts.map((h) => (
          <Tr key={h.host} data-testid="host-row" data-host={h.host} data-covered={String(h.covered)}>
            <Td dataLabel={t("hosts.columnHost")} className="rc-mono rc-small">
              {h.host}
            </Td>
            <Td dataLabel={t("hosts.columnType")} modifier="nowrap">{t(h.isIp ? "hosts.ip" : "hosts.dns")}</Td>
            <Td dataLabel={t("hosts.columnResult")}>
              {h.covered ? (
                <Label color="green" icon={<CheckCircleIcon />} isCompact>
                  {t("hosts.covered")}
                </Label>
              ) : (
                <Label color="red" icon={<ExclamationCircleIcon />} isCompact>
                  {t("hosts.missing")}
                </Label>
              )}
            </Td>
            <Td dataLabel={t("hosts.columnMatchedBy")} className="rc-mono rc-small">
              {h.matchedBy ?? "—"}
            </Td>
            <Td dataLabel={t("hosts.columnWhy")} className="rc-small" data-testid="host-why">
              {h.covered ? "" : h.nearMiss ? nearMissWords(t, h.nearMiss) : t("hosts.noSan")}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

const NEAR_MISS: Record<string, MessageKey> = {
  ipWrittenAsDns: "hosts.nearMiss.ipWrittenAsDns",
  invalidWildcard: "hosts.nearMiss.invalidWildcard",
  wildcardOneLabelOnly: "hosts.nearMiss.wildcardOneLabelOnly",
  commonNameOnly: "hosts.nearMiss.commonNameOnly",
};

function nearMissWords(t: ReturnType<typeof useT>, reason: string): string {
  const key = NEAR_MISS[reason];
  return key ? t(key) : reason;
}

/** What the parser noticed: where, and what it means. */
export function ParseNotes({ notes }: { notes: ParseNote[] }) {
  const t = useT();
  return (
    <ul className="rc-notes" data-testid="parse-notes">
      {notes.map((n, i) => (
        <li key={`${n.source}-${n.line ?? ""}-${n.kind}-${i}`} data-testid="parse-note" data-kind={n.kind}>
          <span className="rc-mono rc-small">
            {n.line != null ? t("notes.where", { source: n.source, line: n.line }) : n.source}
          </span>
          {" — "}
          {noteSentence(t, n.kind)}
          {n.detail && <span className="rc-mono rc-small rc-gap-left">({n.detail})</span>}
        </li>
      ))}
    </ul>
  );
}
