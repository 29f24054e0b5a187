import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Content,
  DatePicker,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  FormSelect,
  FormSelectOption,
  Label,
  PageSection,
  Spinner,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
} from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { FileExportIcon, HistoryIcon, SearchIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { ActivityExportFormat } from "../bindings/ActivityExportFormat";
import type { ActivityOutcomeFilter } from "../bindings/ActivityOutcomeFilter";
import type { ActivityAction } from "../bindings/ActivityAction";
import type { SettingsState } from "../bindings/SettingsState";
import { pickSavePath } from "../components/fileDialogs";
import { TimeText } from "../components/TimeText";
import { ErrorBody } from "../components/ErrorAlert";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { ACTIONS, NO_FILTER, dayBound, toActivityFilter, type FilterState } from "./activityFilter";

/** Entries asked for at a time: the newest page comes from the end of the files at once. */
export const PAGE_SIZE = 100;

/** How long typing may pause before the search runs. */
const TYPING_PAUSE_MS = 250;

type Load =
  | { status: "loading" }
  | { status: "failed"; error: UiError }
  | { status: "ready"; entries: ActivityEntry[]; hasMore: boolean; skipped: number; loadingMore: boolean };

/** The Activity page: the local log of every change the app made, filtered and exported. */
export function ActivityPage({ state }: { state: SettingsState }) {
  const t = useT();
  const [filter, setFilter] = useState<FilterState>(NO_FILTER);
  /** The search box as typed; copied into the filter after a pause in typing. */
  const [typed, setTyped] = useState("");
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [exported, setExported] = useState<{ count: number; path: string } | null>(null);
  const [exportError, setExportError] = useState<UiError | null>(null);
  const [exporting, setExporting] = useState(false);
  /** Answers of an older filter are dropped. */
  const generation = useRef(0);
  const backendFilter = useMemo(() => toActivityFilter(filter), [filter]);

  useEffect(() => {
    const timer = setTimeout(() => setFilter((f) => (f.text === typed ? f : { ...f, text: typed })), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const reload = useCallback(() => {
    generation.current += 1;
    const mine = generation.current;
    setLoad({ status: "loading" });
    commands.activityPage(backendFilter, 0, PAGE_SIZE).then(
      (page) => {
        if (mine !== generation.current) return;
        setLoad({ status: "ready", entries: page.entries, hasMore: page.hasMore, skipped: page.skippedLines, loadingMore: false });
      },
      (reason: unknown) => {
        if (mine === generation.current) setLoad({ status: "failed", error: toUiError(reason) });
      },
    );
  }, [backendFilter]);

  useEffect(reload, [reload]);

  const loadMore = () => {
    if (load.status !== "ready") return;
    const mine = generation.current;
    setLoad({ ...load, loadingMore: true });
    commands.activityPage(backendFilter, load.entries.length, PAGE_SIZE).then(
      (page) => {
        if (mine !== generation.current) return;
        setLoad((prev) =>
          prev.status === "ready"
            ? { status: "ready", entries: [...prev.entries, ...page.entries], hasMore: page.hasMore, skipped: page.skippedLines, loadingMore: false }
            : prev,
        );
      },
      (reason: unknown) => {
        if (mine === generation.current) setLoad({ status: "failed", error: toUiError(reason) });
      },
    );
  };

  const exportAs = async (format: ActivityExportFormat) => {
    setExported(null);
    setExportError(null);
    const extension = format === "csv" ? "csv" : "json";
    const path = await pickSavePath({
      title: t("activity.export.dialogTitle"),
      defaultPath: `activity.${extension}`,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    }).catch((reason: unknown) => {
      setExportError(toUiError(reason));
      return null;
    });
    if (!path) return;
    setExporting(true);
    try {
      const written = await commands.activityExport(backendFilter, format, path);
      setExported({ count: written.count, path: written.path });
    } catch (reason) {
      setExportError(toUiError(reason));
    } finally {
      setExporting(false);
    }
  };

  const connections = state.settings.connections;
  const set = (change: Partial<FilterState>) => setFilter((f) => ({ ...f, ...change }));
  // The calendars keep the two days in order: the last day's starts at the first day, and a
  // first day typed after the last day is said under the field.
  const firstDayBound = dayBound(filter.from, false);
  const firstDay = firstDayBound ? new Date(firstDayBound) : undefined;
  const lastDayBound = dayBound(filter.to, true);
  const afterLastDay = (day: Date) =>
    lastDayBound && day.getTime() > Date.parse(lastDayBound) ? t("activity.filter.fromAfterTo") : "";
  const filtered = JSON.stringify(filter) !== JSON.stringify(NO_FILTER) || typed !== "";
  const clear = () => {
    setTyped("");
    setFilter(NO_FILTER);
  };

  return (
    <>
      <PageSection>
        <div className="rc-title-row">
          <Title headingLevel="h1" data-testid="page-title">
            {t("activity.title")}
          </Title>
          <div>
            <Button variant="secondary" icon={<FileExportIcon />} data-testid="activity-export-csv" isDisabled={exporting} onClick={() => void exportAs("csv")}>
              {t("activity.export.csv")}
            </Button>{" "}
            <Button variant="secondary" icon={<FileExportIcon />} data-testid="activity-export-json" isDisabled={exporting} onClick={() => void exportAs("json")}>
              {t("activity.export.json")}
            </Button>
          </div>
        </div>
        <Content component="p">
          {t("activity.intro")}
        </Content>
        {exported && (
          <Alert
            isInline
            variant="success"
            data-testid="activity-exported"
            title={t("activity.export.done", exported)}
            actionClose={<AlertActionCloseButton onClose={() => setExported(null)} />}
          />
        )}
        {exportError && (
          <Alert
            isInline
            variant="danger"
            data-testid="activity-export-error"
            title={t("activity.export.failed")}
            actionClose={<AlertActionCloseButton onClose={() => setExportError(null)} />}
          >
            <ErrorBody error={exportError} />
          </Alert>
        )}
      </PageSection>
      <PageSection>
        <Toolbar>
          <ToolbarContent>
            <ToolbarGroup>
              <ToolbarItem>
                <FormSelect
                  id="activity-connection"
                  className="rc-toolbar-select"
                  data-testid="activity-connection"
                  aria-label={t("activity.filter.connection")}
                  value={filter.connectionId}
                  onChange={(_e, v) => set({ connectionId: v })}
                >
                  <FormSelectOption value="" label={t("activity.filter.anyConnection")} />
                  {connections.map((c) => (
                    <FormSelectOption key={c.id} value={c.id} label={c.name} />
                  ))}
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <FormSelect
                  id="activity-action"
                  className="rc-toolbar-select"
                  data-testid="activity-action"
                  aria-label={t("activity.filter.action")}
                  value={filter.action}
                  onChange={(_e, v) => set({ action: v as ActivityAction | "" })}
                >
                  <FormSelectOption value="" label={t("activity.filter.anyAction")} />
                  {ACTIONS.map((a) => (
                    <FormSelectOption key={a} value={a} label={t(`activity.action.${a}`)} />
                  ))}
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <FormSelect
                  id="activity-outcome"
                  className="rc-toolbar-select"
                  data-testid="activity-outcome"
                  aria-label={t("activity.filter.outcome")}
                  value={filter.outcome}
                  onChange={(_e, v) => set({ outcome: v as ActivityOutcomeFilter | "" })}
                >
                  <FormSelectOption value="" label={t("activity.filter.anyOutcome")} />
                  <FormSelectOption value="done" label={t("activity.outcome.done")} />
                  <FormSelectOption value="failed" label={t("activity.outcome.failed")} />
                </FormSelect>
              </ToolbarItem>
            </ToolbarGroup>
            <ToolbarGroup>
              <ToolbarItem>
                {/* PatternFly's date picker, not the native field: WebKitGTK writes a native date
                    in the system's format (03/01/2026 under en_US even when the window speaks
                    Japanese); this one is YYYY-MM-DD in both languages with a calendar in the
                    window's language. */}
                <DatePicker
                  data-testid="activity-from"
                  value={filter.from}
                  onChange={(_e, v) => set({ from: v })}
                  locale={t.language}
                  placeholder="YYYY-MM-DD"
                  aria-label={t("activity.filter.from")}
                  buttonAriaLabel={t("activity.filter.fromCalendar")}
                  invalidFormatText={t("activity.filter.dayInvalid")}
                  validators={[afterLastDay]}
                  appendTo={() => document.body}
                  popoverProps={{ position: "bottom-start" }}
                />
              </ToolbarItem>
              <ToolbarItem>
                <DatePicker
                  data-testid="activity-to"
                  value={filter.to}
                  onChange={(_e, v) => set({ to: v })}
                  locale={t.language}
                  placeholder="YYYY-MM-DD"
                  aria-label={t("activity.filter.to")}
                  buttonAriaLabel={t("activity.filter.toCalendar")}
                  invalidFormatText={t("activity.filter.dayInvalid")}
                  rangeStart={firstDay}
                  appendTo={() => document.body}
                  popoverProps={{ position: "bottom-start" }}
                />
              </ToolbarItem>
              <ToolbarItem>
                <FilterInput className="rc-filter" testId="activity-text" label={t("activity.filter.text")} placeholder={t("activity.filter.textPlaceholder")} filter={typed} onFilter={setTyped} />
              </ToolbarItem>
            </ToolbarGroup>
            {load.status === "ready" && (
              <ToolbarItem className="rc-count" data-testid="activity-count">
                {t("activity.count", { count: load.entries.length })}
              </ToolbarItem>
            )}
          </ToolbarContent>
        </Toolbar>
      </PageSection>
      <PageSection isFilled>
        {load.status === "loading" && <Spinner size="lg" aria-label={t("activity.loading")} />}
        {load.status === "failed" && (
          <Alert isInline variant="danger" data-testid="activity-load-error" title={t("activity.loadFailed")}>
            <ErrorBody error={load.error} />
          </Alert>
        )}
        {load.status === "ready" && load.skipped > 0 && (
          <Alert isInline isPlain variant="info" data-testid="activity-skipped" title={t("activity.skipped", { count: load.skipped })} />
        )}
        {load.status === "ready" && load.entries.length === 0 && (
          <EmptyState
            data-testid="activity-empty"
            icon={filtered ? SearchIcon : HistoryIcon}
            titleText={filtered ? t("activity.noMatch") : t("activity.empty")}
            headingLevel="h2"
          >
            {!filtered && <EmptyStateBody>{t("activity.emptyBody")}</EmptyStateBody>}
            {filtered && (
              <EmptyStateFooter>
                <Button variant="link" onClick={clear}>
                  {t("activity.clearFilters")}
                </Button>
              </EmptyStateFooter>
            )}
          </EmptyState>
        )}
        {load.status === "ready" && load.entries.length > 0 && (
          <>
            <Table aria-label={t("activity.title")} variant="compact" data-testid="activity-table">
              <Thead>
                <Tr>
                  <Th width={15}>{t("activity.col.time")}</Th>
                  <Th width={15}>{t("activity.col.connection")}</Th>
                  <Th width={10}>{t("activity.col.user")}</Th>
                  <Th width={15}>{t("activity.col.action")}</Th>
                  <Th width={35}>{t("activity.col.target")}</Th>
                  <Th width={10}>{t("activity.col.outcome")}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {load.entries.map((entry, index) => (
                  <EntryRow key={`${entry.time}/${index}`} entry={entry} />
                ))}
              </Tbody>
            </Table>
            {load.hasMore && (
              <Button variant="link" data-testid="activity-more" isLoading={load.loadingMore} isDisabled={load.loadingMore} onClick={loadMore}>
                {t("activity.more")}
              </Button>
            )}
          </>
        )}
      </PageSection>
    </>
  );
}

function EntryRow({ entry }: { entry: ActivityEntry }) {
  const t = useT();
  const outcome = entry.outcome;
  return (
    <Tr data-testid="activity-row" data-action={entry.action}>
      <Td dataLabel={t("activity.col.time")}>
        <TimeText value={entry.time} testId="activity-time" />
      </Td>
      <Td dataLabel={t("activity.col.connection")}>
        {entry.connection ? entry.connection.name : t("activity.noConnection")}
        {entry.server && <div className="rc-count">{entry.server}</div>}
      </Td>
      <Td dataLabel={t("activity.col.user")}>{entry.user ?? t("activity.noConnection")}</Td>
      <Td dataLabel={t("activity.col.action")}>{t(`activity.action.${entry.action}`)}</Td>
      <Td dataLabel={t("activity.col.target")} data-testid="activity-target" modifier="breakWord">
        {entry.target.map((part, i) => (
          <span key={i}>
            {i > 0 && ", "}
            <span className="rc-count">{t(`activity.kind.${part.kind}`)}</span> <code>{part.name}</code>
          </span>
        ))}
      </Td>
      <Td dataLabel={t("activity.col.outcome")}>
        {outcome === "done" ? (
          <Label color="green" data-testid="activity-outcome-done">
            {t("activity.outcome.done")}
          </Label>
        ) : (
          <Label color="red" data-testid="activity-outcome-failed">
            {t("activity.outcome.failedCode", { code: outcome.failed })}
          </Label>
        )}
      </Td>
    </Tr>
  );
}
