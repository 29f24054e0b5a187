import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, Button, FormSelect, FormSelectOption, Label, Spinner, TextInput } from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { LogDay } from "../bindings/LogDay";
import type { LogEntry } from "../bindings/LogEntry";
import type { LogScope } from "../bindings/LogScope";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { matches } from "../access/AccessPage";
import { useLoad } from "../hooks/useLoad";
import { TimeText } from "../components/TimeText";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { failedTitle } from "./quayTeamsShared";

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day `days` before `now`. */
export function utcDay(now: Date, days = 0): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` as Quay's log day, or null when it is not a date. */
export function logDay(text: string): LogDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

type Page = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; entries: LogEntry[]; nextPage: string | null; more: "idle" | "loading" };

/**
 * Quay's audit log of the organization or one of its repositories: a range of UTC days (the
 * last 7 by default), newest first, a page at a time ("Load more" through Quay's next page),
 * filtered by kind (the kinds Quay counted in the range) and by performer or details.
 */
export function AuditLogTab({ connectionId, organization, onSignIn }: QuayTabProps) {
  const t = useT();
  const [repositories] = useLoad(() => commands.quayRepositories(connectionId, organization), [connectionId, organization]);
  const [repository, setRepository] = useState("");
  const [from, setFrom] = useState(() => utcDay(new Date(), 6));
  const [to, setTo] = useState(() => utcDay(new Date()));
  const [kind, setKind] = useState("");
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState<Page>({ status: "loading" });
  const [moreError, setMoreError] = useState<UiError | null>(null);

  const scope: LogScope = useMemo(
    () => (repository ? { kind: "repository", namespace: organization, name: repository } : { kind: "organization", name: organization }),
    [organization, repository],
  );
  const start = logDay(from);
  const end = logDay(to);
  const badRange = !start || !end || from > to;

  const [kinds] = useLoad(
    () => (badRange ? Promise.resolve([]) : commands.quayLogKinds(connectionId, scope, start, end)),
    // As below: `start` and `end` are read from `from` and `to`, new objects on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connectionId, scope, from, to],
  );

  const loadFirst = useCallback(
    (live: () => boolean = () => true) => {
      if (badRange) return;
      setPage({ status: "loading" });
      setMoreError(null);
      commands.quayLogs(connectionId, scope, start, end, null).then(
        (p) => live() && setPage({ status: "ready", entries: p.entries, nextPage: p.nextPage, more: "idle" }),
        (reason: unknown) => live() && setPage({ status: "failed", error: toUiError(reason) }),
      );
    },
    // `start` and `end` are new objects on every render, read from `from` and `to`: the two
    // strings are what the query really depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connectionId, scope, from, to],
  );
  useEffect(() => {
    let live = true;
    loadFirst(() => live);
    return () => {
      live = false;
    };
  }, [loadFirst]);

  const loadMore = async () => {
    if (page.status !== "ready" || !page.nextPage) return;
    setPage({ ...page, more: "loading" });
    setMoreError(null);
    try {
      const next = await commands.quayLogs(connectionId, scope, start, end, page.nextPage);
      setPage({ status: "ready", entries: [...page.entries, ...next.entries], nextPage: next.nextPage, more: "idle" });
    } catch (reason) {
      setMoreError(toUiError(reason));
      setPage({ ...page, more: "idle" });
    }
  };

  const entries = useMemo(() => (page.status === "ready" ? page.entries : []), [page]);
  const shown = useMemo(
    () => entries.filter((e) => (!kind || e.kind === kind) && matches(filter, e.performer, e.metadata, e.ip, e.kind)),
    [entries, kind, filter],
  );

  return (
    <>
      <div className="rc-qt-bar">
        <FormSelect
          id="quay-log-scope"
          data-testid="quay-log-scope"
          aria-label={t("quay.logs.scope")}
          value={repository}
          onChange={(_e, v) => setRepository(v)}
          className="rc-qt-repo"
        >
          <FormSelectOption value="" label={t("quay.logs.scopeOrganization", { name: organization })} />
          {repositories.status === "ready" &&
            repositories.value.map((r) => <FormSelectOption key={r.name} value={r.name} label={`${r.namespace}/${r.name}`} />)}
        </FormSelect>
        <label className="rc-small" htmlFor="quay-log-from">
          {t("quay.logs.from")}
        </label>
        <TextInput id="quay-log-from" data-testid="quay-log-from" type="date" value={from} onChange={(_e, v) => setFrom(v)} className="rc-qt-date" />
        <label className="rc-small" htmlFor="quay-log-to">
          {t("quay.logs.to")}
        </label>
        <TextInput id="quay-log-to" data-testid="quay-log-to" type="date" value={to} onChange={(_e, v) => setTo(v)} className="rc-qt-date" />
      </div>
      <div className="rc-qt-bar">
        <FormSelect
          id="quay-log-kind"
          data-testid="quay-log-kind"
          aria-label={t("quay.logs.kind")}
          value={kind}
          onChange={(_e, v) => setKind(v)}
          className="rc-qt-field"
        >
          <FormSelectOption value="" label={t("quay.logs.allKinds")} />
          {kinds.status === "ready" &&
            kinds.value.map((k) => <FormSelectOption key={k.kind} value={k.kind} label={t("quay.logs.kindCount", { kind: k.kind, count: k.count })} />)}
          {kind && kinds.status === "ready" && !kinds.value.some((k) => k.kind === kind) && <FormSelectOption value={kind} label={kind} />}
        </FormSelect>
        <FilterInput className="rc-qt-field" testId="quay-log-filter" label={t("quay.logs.filter")} filter={filter} onFilter={setFilter} />
        {page.status === "ready" && (
          <span className="rc-count" data-testid="quay-log-count">
            {t("quay.logs.count", { shown: shown.length, total: entries.length })}
          </span>
        )}
        <Button variant="link" onClick={() => loadFirst()} data-testid="quay-log-reload" isDisabled={badRange}>
          {t("quay.refresh")}
        </Button>
      </div>
      {badRange && <Alert isInline variant="warning" data-testid="quay-log-bad-range" title={t("quay.logs.badRange")} className="rc-mb-md" />}
      {!badRange && page.status === "loading" && <Spinner size="lg" aria-label={t("quay.loading")} />}
      {!badRange && page.status === "failed" && (
        <QuayErrorAlert
          error={page.error}
          title={failedTitle(page.error, "quay.logs.denied", "quay.logs.loadFailed")}
          onSignIn={onSignIn}
          onRetry={() => loadFirst()}
        />
      )}
      {!badRange && page.status === "ready" && (
        <>
          <Table aria-label={t("quay.tab.logs")} variant="compact" data-testid="quay-log-table">
            <Thead>
              <Tr>
                <Th modifier="fitContent">{t("quay.logs.columnWhen")}</Th>
                <Th modifier="fitContent">{t("quay.logs.columnKind")}</Th>
                <Th modifier="wrap">{t("quay.logs.columnPerformer")}</Th>
                <Th>{t("quay.logs.columnDetails")}</Th>
                <Th modifier="fitContent">{t("quay.logs.columnIp")}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {shown.map((e, i) => {
                return (
                  <Tr key={`${e.time}-${e.kind}-${i}`} data-testid="quay-log-row" data-kind={e.kind}>
                    <Td dataLabel={t("quay.logs.columnWhen")}>
                      {e.time !== null ? (
                        <span className="rc-qt-nowrap">
                          <TimeText value={e.time} testId="quay-log-when" />
                        </span>
                      ) : (
                        t("quay.logs.nobody")
                      )}
                    </Td>
                    <Td dataLabel={t("quay.logs.columnKind")}>
                      <span className="rc-qt-kind">{e.kind}</span>
                    </Td>
                    <Td dataLabel={t("quay.logs.columnPerformer")}>
                      {e.performer ? <span className="rc-qt-kind">{e.performer}</span> : t("quay.logs.nobody")}
                      {e.performerIsRobot && (
                        <>
                          {" "}
                          <Label isCompact color="teal">
                            {t("quay.logs.robot")}
                          </Label>
                        </>
                      )}
                    </Td>
                    <Td dataLabel={t("quay.logs.columnDetails")}>
                      <Metadata text={e.metadata} />
                    </Td>
                    <Td dataLabel={t("quay.logs.columnIp")}>
                      <span className="rc-qt-nowrap rc-small">{e.ip ?? ""}</span>
                    </Td>
                  </Tr>
                );
              })}
              {!shown.length && (
                <Tr>
                  <Td colSpan={5} data-testid="quay-log-none">
                    {t(entries.length ? "quay.logs.noMatch" : "quay.logs.none")}
                  </Td>
                </Tr>
              )}
            </Tbody>
          </Table>
          {moreError && <QuayErrorAlert error={moreError} title={failedTitle(moreError, "quay.logs.denied", "quay.logs.loadFailed")} onSignIn={onSignIn} />}
          <div className="rc-mt-md">
            {page.nextPage ? (
              <Button variant="secondary" data-testid="quay-log-more" isLoading={page.more === "loading"} isDisabled={page.more === "loading"} onClick={() => void loadMore()}>
                {t("quay.logs.more")}
              </Button>
            ) : (
              <span className="rc-subtle" data-testid="quay-log-end">
                {t("quay.logs.end")}
              </span>
            )}
          </div>
        </>
      )}
    </>
  );
}

/** An entry's details: Quay's metadata object as `key value` pairs (compact JSON otherwise). */
function Metadata({ text }: { text: string }) {
  let pairs: [string, string][] | null = null;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      pairs = Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
    }
  } catch {
    pairs = null;
  }
  if (!pairs) return <div className="rc-qt-metadata">{text}</div>;
  return (
    <div className="rc-qt-metadata">
      {pairs.map(([k, v]) => (
        <span key={k} className="rc-qt-pair">
          <span className="rc-subtle">{k}</span> {v}
        </span>
      ))}
    </div>
  );
}
