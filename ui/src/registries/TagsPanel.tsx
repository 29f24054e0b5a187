import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Button,
  EmptyState,
  EmptyStateBody,
  FormSelect,
  FormSelectOption,
  Label,
  LabelGroup,
  Pagination,
  SearchInput,
  Skeleton,
  Spinner,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { CubesIcon, ExclamationCircleIcon, InfoCircleIcon, SearchIcon, TrashIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { CopyButton } from "./CopyButton";
import { DeleteTagModal } from "./DeleteTagModal";
import { exactTime, formatBytes, MANIFEST_KIND_LABEL, parseTime, platformLabel, relativeTime, shortDigest } from "./format";
import { ManifestDetailModal } from "./ManifestDetailModal";
import { RegistryErrorAlert } from "./RegistryErrorAlert";
import type { SummaryEntry, SummaryStore } from "./summaryStore";

export type TagSort = "version" | "newest";

type TagsState =
  | { status: "loading"; listingId: string }
  | { status: "ok"; tags: string[] }
  | { status: "cancelled" }
  | { status: "failed"; error: UiError };

type Dialog = { kind: "detail"; tag: string } | { kind: "delete"; tag: string };

export interface TagsPanelProps {
  connectionId: string;
  repository: string;
  store: SummaryStore;
  /** Changes after each sign-in: whatever failed for want of credentials is asked again. */
  authEpoch: number;
  onSignIn: () => void;
}

/** Newest first by the image's created time; tags whose time is not known yet go last. */
export function sortNewestFirst(tags: readonly string[], created: (tag: string) => number | null): string[] {
  return tags
    .map((tag, i) => ({ tag, i, time: created(tag) }))
    .sort((a, b) => {
      if (a.time === null && b.time === null) return a.i - b.i;
      if (a.time === null) return 1;
      if (b.time === null) return -1;
      return b.time - a.time || a.i - b.i;
    })
    .map((x) => x.tag);
}

/** The tags of one repository, like Quay's Tags tab: one row per tag, filled in lazily. */
export function TagsPanel({ connectionId, repository, store, authEpoch, onSignIn }: TagsPanelProps) {
  const t = useT();
  const [state, setState] = useState<TagsState>({ status: "loading", listingId: "" });
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<TagSort>("version");
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [, redraw] = useState(0);
  const [reloads, setReloads] = useState(0);
  const withSignIn = useWithSignIn(connectionId);

  useEffect(() => store.subscribe(() => redraw((n) => n + 1)), [store]);

  // A repository with 100,000 tags is a hundred pages: the listing can be cancelled, and
  // leaving the repository (or reloading) stops it in the backend, as the catalog does.
  useEffect(() => {
    let stale = false;
    let finished = false;
    const listingId = crypto.randomUUID();
    setState({ status: "loading", listingId });
    withSignIn("reauth.what.tags", () => commands.registryTags(connectionId, repository, listingId)).then(
      (tags) => {
        finished = true;
        if (!stale) setState({ status: "ok", tags });
      },
      (reason: unknown) => {
        finished = true;
        if (stale) return;
        const error = toUiError(reason);
        setState(error.code === "cancelled" ? { status: "cancelled" } : { status: "failed", error });
      },
    );
    return () => {
      stale = true;
      if (!finished) commands.registryTagsCancel(listingId).catch(() => undefined);
    };
  }, [connectionId, repository, reloads, withSignIn]);

  const loadingId = state.status === "loading" ? state.listingId : null;
  const cancel = useCallback(() => {
    // The backend stops after the page in flight and fails with `cancelled`, which ends it here.
    if (loadingId) commands.registryTagsCancel(loadingId).catch(() => undefined);
  }, [loadingId]);

  // After a sign-in, ask again for what the registry refused before.
  useEffect(() => {
    if (authEpoch === 0) return;
    store.dropFailures();
    if (state.status === "failed" && state.error.code === "signInRequired") setReloads((n) => n + 1);
    // Only a new sign-in triggers this; `state` is read as it is at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [authEpoch, store]);

  const tags = state.status === "ok" ? state.tags : [];
  const filtered = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? tags.filter((tag) => tag.toLowerCase().includes(needle)) : tags;
  }, [tags, filter]);

  const createdOf = (tag: string): number | null => {
    const entry = store.get(repository, tag);
    if (entry?.status !== "ok") return null;
    return parseTime(entry.summary.created)?.getTime() ?? null;
  };
  const ordered = sort === "newest" ? sortNewestFirst(filtered, createdOf) : filtered;
  const firstIndex = (page - 1) * perPage;
  const rows = ordered.slice(firstIndex, firstIndex + perPage);

  // Summaries for the rows in view; sorting by date needs every tag's date.
  const wanted = sort === "newest" ? filtered : rows;
  // Runs after every render: each finished fetch redraws, which starts the next ones.
  useEffect(() => store.want(repository, wanted));

  const missingDates = sort === "newest" ? filtered.filter((tag) => !store.get(repository, tag)).length : 0;
  const signInNeeded = rows.some((tag) => {
    const entry = store.get(repository, tag);
    return entry?.status === "failed" && entry.error.code === "signInRequired";
  });

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const onDeleted = (removed: readonly string[]) => {
    store.forget(repository, removed);
    setDialog(null);
    reload();
  };

  return (
    <div className="rc-tags-panel" data-testid="tags-panel" data-repository={repository}>
      <Title headingLevel="h2" size="lg" className="rc-tags-title">
        <span className="rc-mono">{repository}</span>
      </Title>

      {state.status === "loading" && (
        <div className="rc-inline-status">
          <Spinner size="md" aria-label={t("tags.loading")} /> {t("tags.loading")}{" "}
          <Button variant="link" isInline data-testid="tags-cancel" onClick={cancel}>
            {t("tags.cancel")}
          </Button>
        </div>
      )}

      {state.status === "cancelled" && (
        <div className="rc-inline-status">
          <span data-testid="tags-cancelled">{t("tags.cancelled")}</span>{" "}
          <Button variant="link" isInline data-testid="tags-reload" onClick={reload}>
            {t("tags.loadAgain")}
          </Button>
        </div>
      )}

      {state.status === "failed" &&
        (state.error.code === "notFound" ? (
          <EmptyState variant="sm" icon={CubesIcon} titleText={t("tags.noneTitle")} headingLevel="h3" data-testid="tags-empty">
            <EmptyStateBody>
              {t("tags.noneBody")}
              <div className="rc-detail">{state.error.message}</div>
            </EmptyStateBody>
          </EmptyState>
        ) : (
          <RegistryErrorAlert error={state.error} fallbackTitle="tags.loadFailed" onSignIn={onSignIn} onRetry={reload} />
        ))}

      {state.status === "ok" && tags.length === 0 && (
        <EmptyState variant="sm" icon={CubesIcon} titleText={t("tags.noneTitle")} headingLevel="h3" data-testid="tags-empty">
          <EmptyStateBody>{t("tags.noneBody")}</EmptyStateBody>
        </EmptyState>
      )}

      {state.status === "ok" && tags.length > 0 && (
        <>
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <SearchInput
                  aria-label={t("tags.filterLabel")}
                  placeholder={t("tags.filterPlaceholder")}
                  value={filter}
                  onChange={(_e, value) => {
                    setFilter(value);
                    setPage(1);
                  }}
                  onClear={() => {
                    setFilter("");
                    setPage(1);
                  }}
                  inputProps={{ "data-testid": "tag-filter" } as React.InputHTMLAttributes<HTMLInputElement>}
                />
              </ToolbarItem>
              <ToolbarItem>
                <FormSelect
                  id="tag-sort"
                  data-testid="tag-sort"
                  aria-label={t("tags.sortLabel")}
                  className="rc-sort-select"
                  value={sort}
                  onChange={(_e, value) => {
                    setSort(value as TagSort);
                    setPage(1);
                  }}
                >
                  <FormSelectOption value="version" label={t("tags.sortVersion")} />
                  <FormSelectOption value="newest" label={t("tags.sortNewest")} />
                </FormSelect>
              </ToolbarItem>
              {missingDates > 0 && (
                <ToolbarItem alignSelf="center">
                  <span className="rc-count" data-testid="tag-dates-progress">
                    <Spinner size="sm" aria-hidden /> {t("tags.readingDates", { left: missingDates })}
                  </span>
                </ToolbarItem>
              )}
              <ToolbarItem variant="pagination" align={{ default: "alignEnd" }}>
                <Pagination
                  itemCount={ordered.length}
                  page={page}
                  perPage={perPage}
                  perPageOptions={[
                    { title: "20", value: 20 },
                    { title: "50", value: 50 },
                    { title: "100", value: 100 },
                  ]}
                  onSetPage={(_e, p) => setPage(p)}
                  onPerPageSelect={(_e, n) => {
                    setPerPage(n);
                    setPage(1);
                  }}
                  isCompact
                  titles={{
                    paginationAriaLabel: t("tags.pagination"),
                    ofWord: t("pagination.of"),
                    items: "",
                    perPageSuffix: t("pagination.perPage"),
                    toNextPageAriaLabel: t("pagination.next"),
                    toPreviousPageAriaLabel: t("pagination.previous"),
                    optionsToggleAriaLabel: t("pagination.perPageLabel"),
                  }}
                />
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>

          {signInNeeded && (
            <RegistryErrorAlert
              error={{ code: "signInRequired", message: t("tags.summarySignIn"), detail: null }}
              fallbackTitle="tags.loadFailed"
              onSignIn={onSignIn}
              className="pf-v6-u-mb-sm"
            />
          )}

          {ordered.length === 0 ? (
            <EmptyState variant="xs" icon={SearchIcon} titleText={t("tags.noMatchTitle")} headingLevel="h3">
              <EmptyStateBody>{t("tags.noMatchBody")}</EmptyStateBody>
            </EmptyState>
          ) : (
            <div className="rc-table-scroll">
            <Table aria-label={t("tags.tableLabel", { repository })} variant="compact" data-testid="tags-table">
              <Thead>
                <Tr>
                  <Th>{t("tags.columnTagDigest")}</Th>
                  <Th>{t("tags.columnKind")}</Th>
                  <Th>{t("tags.columnSize")}</Th>
                  <Th>{t("tags.columnCreated")}</Th>
                  <Th>{t("tags.columnPlatforms")}</Th>
                  <Th screenReaderText={t("tags.columnActions")} />
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((tag) => (
                  <TagRow
                    key={tag}
                    tag={tag}
                    entry={store.get(repository, tag)}
                    onDetails={() => setDialog({ kind: "detail", tag })}
                    onDelete={() => setDialog({ kind: "delete", tag })}
                  />
                ))}
              </Tbody>
            </Table>
            </div>
          )}
        </>
      )}

      {dialog?.kind === "detail" && (
        <ManifestDetailModal
          connectionId={connectionId}
          repository={repository}
          tag={dialog.tag}
          authEpoch={authEpoch}
          onSignIn={onSignIn}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteTagModal
          connectionId={connectionId}
          repository={repository}
          tag={dialog.tag}
          onSignIn={onSignIn}
          onDeleted={onDeleted}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}

function TagRow({
  tag,
  entry,
  onDetails,
  onDelete,
}: {
  tag: string;
  entry: SummaryEntry | undefined;
  onDetails: () => void;
  onDelete: () => void;
}) {
  const t = useT();
  const summary = entry?.status === "ok" ? entry.summary : null;
  const created = parseTime(summary?.created);
  const pending = <Skeleton width="6rem" screenreaderText={t("tags.summaryLoading")} />;

  return (
    <Tr data-testid="tag-row" data-tag={tag}>
      {/* The digest sits under the tag, as in Quay, so the table fits a laptop window. */}
      <Td dataLabel={t("tags.columnTag")} modifier="nowrap">
        <Button variant="link" isInline onClick={onDetails} className="rc-mono rc-tag-link">
          {tag}
        </Button>
        {summary && (
          <div className="rc-digest">
            <code data-testid="tag-digest">{shortDigest(summary.digest)}</code>
            <CopyButton text={summary.digest} label={t("tags.copyDigest", { tag })} />
          </div>
        )}
        {!summary && entry?.status !== "failed" && <div>{pending}</div>}
      </Td>
      {entry?.status === "failed" ? (
        <Td dataLabel={t("tags.columnKind")} colSpan={4}>
          <span className="rc-row-error" data-testid="tag-summary-error" data-code={entry.error.code}>
            <ExclamationCircleIcon /> {t(SUMMARY_ERROR[entry.error.code] ?? "tags.summaryFailed")}{" "}
            <span className="rc-detail">{entry.error.message}</span>
          </span>
        </Td>
      ) : (
        <>
          <Td dataLabel={t("tags.columnKind")} data-testid="tag-kind" modifier="nowrap">
            {summary ? (
              summary.kind === "dockerV1" ? (
                <Label color="orange" isCompact>
                  {t(MANIFEST_KIND_LABEL[summary.kind])}
                </Label>
              ) : (
                t(MANIFEST_KIND_LABEL[summary.kind])
              )
            ) : (
              pending
            )}
          </Td>
          <Td dataLabel={t("tags.columnSize")} data-testid="tag-size" modifier="nowrap">
            {summary ? (summary.totalSize === null ? "—" : formatBytes(summary.totalSize)) : pending}
          </Td>
          <Td dataLabel={t("tags.columnCreated")} data-testid="tag-created" modifier="nowrap">
            {summary ? (
              created ? (
                <Tooltip content={exactTime(created, t.language)}>
                  <time dateTime={summary.created ?? undefined} tabIndex={0}>
                    {relativeTime(created, t.language)}
                  </time>
                </Tooltip>
              ) : (
                "—"
              )
            ) : (
              pending
            )}
          </Td>
          <Td dataLabel={t("tags.columnPlatforms")} data-testid="tag-platforms">
            {summary ? (
              summary.platforms.length ? (
                <LabelGroup
                  numLabels={3}
                  isCompact
                  // PatternFly fills `${remaining}` itself.
                  collapsedText={t("labels.more", { remaining: "${remaining}" })}
                  expandedText={t("labels.less")}
                >
                  {summary.platforms.map((p) => (
                    <Label key={platformLabel(p)} isCompact>
                      {platformLabel(p)}
                    </Label>
                  ))}
                </LabelGroup>
              ) : (
                "—"
              )
            ) : (
              pending
            )}
          </Td>
        </>
      )}
      <Td isActionCell>
        <div className="rc-row-actions rc-row-actions--icons">
          {/* Icon buttons keep the row one line high beside the repository list. */}
          <Tooltip content={t("tags.details")}>
            <Button
              variant="plain"
              size="sm"
              data-testid="tag-details"
              onClick={onDetails}
              aria-label={t("tags.detailsLabel", { tag })}
              icon={<InfoCircleIcon />}
            />
          </Tooltip>
          <Tooltip content={t("tags.delete")}>
            <Button
              variant="plain"
              size="sm"
              className="rc-danger-icon"
              data-testid="tag-delete"
              onClick={onDelete}
              aria-label={t("tags.deleteLabel", { tag })}
              icon={<TrashIcon />}
            />
          </Tooltip>
        </div>
      </Td>
    </Tr>
  );
}

const SUMMARY_ERROR: Partial<Record<UiError["code"], "registryError.digestMismatch" | "registryError.signInRequired" | "registryError.accessDenied" | "registryError.unreachable" | "registryError.notFound">> = {
  digestMismatch: "registryError.digestMismatch",
  signInRequired: "registryError.signInRequired",
  accessDenied: "registryError.accessDenied",
  unreachable: "registryError.unreachable",
  notFound: "registryError.notFound",
};
