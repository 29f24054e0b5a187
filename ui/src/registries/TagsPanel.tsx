import "./registries.css";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import {
  Alert,
  AlertActionCloseButton,
  AlertGroup,
  Button,
  EmptyState,
  EmptyStateBody,
  Label,
  LabelGroup,
  Pagination,
  Skeleton,
  Spinner,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr, type IAction, type ThProps } from "@patternfly/react-table";
import { MenuToggle } from "@patternfly/react-core";
import { CubesIcon, EllipsisVIcon, ExclamationCircleIcon, SearchIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import { useWithSignIn } from "../signin/Reauth";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import { CopyButton } from "../components/CopyButton";
import { ClusterTagDeleteModal } from "./ClusterTagDeleteModal";
import { DeleteTagModal } from "./DeleteTagModal";
import { formatBytes, MANIFEST_KIND_LABEL, parseTime, platformLabel, shortDigest } from "./format";
import { RelativeTime } from "../components/Time";
import { markerColor, markerText, sharedDigests } from "./digestMarkers";
import { RegistryErrorAlert } from "./RegistryErrorAlert";
import type { SummaryEntry, SummaryStore } from "./summaryStore";
import { useReloadShortcut } from "../hooks/useShortcuts";
import { isComposing } from "../shortcuts/keys";
import { moveRowFocus } from "../shortcuts/lists";

/** The sortable columns: the tag (in the listing's order), size and created. */
export type TagSortColumn = "tag" | "size" | "created";
export interface TagSort {
  column: TagSortColumn;
  direction: "asc" | "desc";
}

/** The columns' positions, as PatternFly's sort counts them. */
const SORT_COLUMN_INDEX: Record<TagSortColumn, number> = { tag: 0, size: 1, created: 2 };

type TagsState =
  | { status: "loading"; listingId: string }
  | { status: "ok"; tags: string[] }
  | { status: "cancelled" }
  | { status: "failed"; error: UiError };

type Dialog = { kind: "delete"; tag: string };

/** A short message after an action, shown as a toast. */
interface Notice {
  key: number;
  variant: "success" | "danger";
  title: string;
}

export interface TagsPanelProps {
  connectionId: string;
  repository: string;
  store: SummaryStore;
  /** Changes after each sign-in: whatever failed for want of credentials is asked again. */
  authEpoch: number;
  onSignIn: () => void;
  /**
   * The connection is the cluster's registry (linked to an OpenShift connection): a tag is
   * removed from its image stream through the image API, never by the registry's manifest delete.
   */
  linked?: boolean;
  /** `host[:port]` of the registry, for the pull specs the row menu copies. */
  host: string;
  /** Opens a tag's manifest page. */
  onOpenManifest: (tag: string) => void;
}

/**
 * Tags ordered by a value read from their summaries; tags whose value is not known yet go last
 * whichever the direction, and equal values keep the listing's order.
 */
export function sortByValue(
  tags: readonly string[],
  value: (tag: string) => number | null,
  direction: "asc" | "desc",
): string[] {
  const sign = direction === "asc" ? 1 : -1;
  return tags
    .map((tag, i) => ({ tag, i, v: value(tag) }))
    .sort((a, b) => {
      if (a.v === null && b.v === null) return a.i - b.i;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      return sign * (a.v - b.v) || a.i - b.i;
    })
    .map((x) => x.tag);
}

/** Newest first by the image's created time; tags whose time is not known yet go last. */
export function sortNewestFirst(tags: readonly string[], created: (tag: string) => number | null): string[] {
  return sortByValue(tags, created, "desc");
}

/** The tags of one repository, like Quay's Tags tab: one row per tag, filled in lazily. */
export function TagsPanel({ connectionId, repository, store, authEpoch, onSignIn, linked = false, host, onOpenManifest }: TagsPanelProps) {
  const t = useT();
  const [state, setState] = useState<TagsState>({ status: "loading", listingId: "" });
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<TagSort>({ column: "tag", direction: "asc" });
  /** Only the tags of this manifest digest are shown (a marker was clicked). */
  const [digestFilter, setDigestFilter] = useState<string | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
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

  const tags = useMemo(() => (state.status === "ok" ? state.tags : []), [state]);
  const summaryOf = (tag: string) => {
    const entry = store.get(repository, tag);
    return entry?.status === "ok" ? entry.summary : null;
  };
  const digestOf = (tag: string) => summaryOf(tag)?.digest ?? null;
  const byName = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? tags.filter((tag) => tag.toLowerCase().includes(needle)) : tags;
  }, [tags, filter]);
  const filtered = digestFilter ? byName.filter((tag) => digestOf(tag) === digestFilter) : byName;
  // Among every listed tag, not only this page's: a tag on page 3 goes with a delete on page 1.
  const shared = sharedDigests(tags, digestOf);

  const ordered =
    sort.column === "tag"
      ? sort.direction === "asc"
        ? filtered
        : [...filtered].reverse()
      : sortByValue(
          filtered,
          sort.column === "size"
            ? (tag) => summaryOf(tag)?.totalSize ?? null
            : (tag) => parseTime(summaryOf(tag)?.created)?.getTime() ?? null,
          sort.direction,
        );
  const firstIndex = (page - 1) * perPage;
  const rows = ordered.slice(firstIndex, firstIndex + perPage);

  // Summaries for the rows in view; sorting by size or date, or keeping one digest's tags,
  // needs every candidate's summary.
  const needsAll = sort.column !== "tag" || digestFilter !== null;
  const wanted = needsAll ? byName : rows;
  // Runs after every render: each finished fetch redraws, which starts the next ones.
  useEffect(() => store.want(repository, wanted));

  const missing = needsAll ? byName.filter((tag) => !store.get(repository, tag)).length : 0;
  const signInNeeded = rows.some((tag) => {
    const entry = store.get(repository, tag);
    return entry?.status === "failed" && entry.error.code === "signInRequired";
  });

  const sortParams = (column: TagSortColumn): ThProps["sort"] => ({
    sortBy: { index: SORT_COLUMN_INDEX[sort.column], direction: sort.direction, defaultDirection: column === "tag" ? "asc" : "desc" },
    onSort: (_event, _index, direction) => {
      setSort({ column, direction });
      setPage(1);
    },
    columnIndex: SORT_COLUMN_INDEX[column],
  });

  const notify = (variant: Notice["variant"], title: string) =>
    setNotices((now) => [...now.slice(-2), { key: Date.now() + Math.random(), variant, title }]);
  const dismiss = (key: number) => setNotices((now) => now.filter((n) => n.key !== key));

  const copyPullSpec = (tag: string) => {
    const spec = `${host}/${repository}:${tag}`;
    const clipboard = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
    if (!clipboard) {
      notify("danger", t("tags.pullSpecCopyFailed"));
      return;
    }
    clipboard.writeText(spec).then(
      () => notify("success", t("tags.pullSpecCopied", { spec })),
      () => notify("danger", t("tags.pullSpecCopyFailed")),
    );
  };

  const toggleDigest = (digest: string) => {
    setDigestFilter((now) => (now === digest ? null : digest));
    setPage(1);
  };

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const panel = useRef<HTMLDivElement>(null);
  useReloadShortcut(panel, reload);

  // ↑/↓ move from tag to tag (↓ from the filter enters the table); Enter on a tag opens its
  // manifest details, as its click does.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (isComposing(event.nativeEvent) || event.altKey || event.ctrlKey || event.metaKey) return;
    const root = panel.current;
    if (!root || dialog) return;
    const target = event.target as Element;
    const row = target.closest("[data-testid=tag-row]");
    const links = [...root.querySelectorAll<HTMLElement>("[data-testid=tag-open]")];
    const from = row?.querySelector("[data-testid=tag-open]") ?? target;
    if (moveRowFocus(event.key, from, links, root.querySelector("[data-testid=tag-filter]"))) event.preventDefault();
  };
  const onDeleted = (removed: readonly string[]) => {
    store.forget(repository, removed);
    setDialog(null);
    const names = removed.map((tag) => `${repository}:${tag}`).join(", ");
    notify(
      "success",
      linked
        ? t("tags.removedFromStream", { tags: names })
        : removed.length > 1
          ? t("tags.deletedMany", { count: removed.length, tags: names })
          : t("tags.deleted", { tags: names }),
    );
    // The manifest is gone: a filter on its digest would show nothing.
    setDigestFilter(null);
    reload();
  };

  return (
    <div className="rc-tags-panel" data-testid="tags-panel" data-repository={repository} ref={panel} onKeyDown={onKeyDown}>
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
                <FilterInput
                  inputTestId="tag-filter"
                  label={t("tags.filterLabel")}
                  placeholder={t("tags.filterPlaceholder")}
                  filter={filter}
                  onFilter={(value) => {
                    setFilter(value);
                    setPage(1);
                  }}
                />
              </ToolbarItem>
              {digestFilter && (
                <ToolbarItem alignSelf="center" data-testid="digest-filter">
                  <Label color={markerColor(digestFilter)} isCompact className="rc-mono">
                    {t("tags.digestFilter", { digest: shortDigest(digestFilter) })}
                  </Label>
                  <Button variant="link" isInline className="pf-v6-u-ml-sm" data-testid="digest-filter-clear" onClick={() => toggleDigest(digestFilter)}>
                    {t("tags.digestFilterClear")}
                  </Button>
                </ToolbarItem>
              )}
              {missing > 0 && (
                <ToolbarItem alignSelf="center">
                  <span className="rc-count" data-testid="tag-dates-progress">
                    <Spinner size="sm" aria-hidden /> {t("tags.readingSummaries", { left: missing })}
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
                    // No options toggle label: its name is then the range it shows ("1 - 20 of 45"),
                    // as a name that hides the visible text confuses speech input (axe).
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
            <Table aria-label={t("tags.tableLabel", { repository })} variant="compact" data-testid="tags-table" className="rc-tags-table">
              <Thead>
                <Tr>
                  <Th sort={sortParams("tag")} data-testid="tag-sort-tag">
                    {t("tags.columnTagDigest")}
                  </Th>
                  {/* As wide as their header with its sort icon: never "Si…". */}
                  <Th sort={sortParams("size")} modifier="fitContent" data-testid="tag-sort-size">
                    {t("tags.columnSize")}
                  </Th>
                  <Th sort={sortParams("created")} modifier="fitContent" data-testid="tag-sort-created">
                    {t("tags.columnCreated")}
                  </Th>
                  <Th modifier="wrap">{t("tags.columnKindPlatforms")}</Th>
                  <Th screenReaderText={t("tags.columnActions")} />
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((tag) => {
                  const digest = digestOf(tag);
                  const group = digest ? shared.get(digest) : undefined;
                  return (
                    <TagRow
                      key={tag}
                      tag={tag}
                      entry={store.get(repository, tag)}
                      linked={linked}
                      sharedWith={group ? group.filter((x) => x !== tag) : null}
                      filtering={digest !== null && digest === digestFilter}
                      onFilterDigest={() => digest && toggleDigest(digest)}
                      onDetails={() => onOpenManifest(tag)}
                      onCopyPullSpec={() => copyPullSpec(tag)}
                      onDelete={() => setDialog({ kind: "delete", tag })}
                    />
                  );
                })}
              </Tbody>
            </Table>
          )}
        </>
      )}

      {dialog?.kind === "delete" && linked && (
        <ClusterTagDeleteModal
          connectionId={connectionId}
          repository={repository}
          tag={dialog.tag}
          onDeleted={onDeleted}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete" && !linked && (
        <DeleteTagModal
          connectionId={connectionId}
          repository={repository}
          tag={dialog.tag}
          onSignIn={onSignIn}
          onDeleted={onDeleted}
          onCancel={() => setDialog(null)}
        />
      )}
      <AlertGroup isToast isLiveRegion data-testid="tags-notices">
        {notices.map((n) => (
          <Alert
            key={n.key}
            variant={n.variant}
            title={n.title}
            timeout={8000}
            onTimeout={() => dismiss(n.key)}
            data-testid={n.variant === "success" ? "tags-notice-success" : "tags-notice-failure"}
            actionClose={<AlertActionCloseButton aria-label={t("common.close")} onClose={() => dismiss(n.key)} />}
          />
        ))}
      </AlertGroup>
    </div>
  );
}

function TagRow({
  tag,
  entry,
  linked,
  sharedWith,
  filtering,
  onFilterDigest,
  onDetails,
  onCopyPullSpec,
  onDelete,
}: {
  tag: string;
  entry: SummaryEntry | undefined;
  linked: boolean;
  /** The other listed tags on the same manifest, or null when no other tag shares it. */
  sharedWith: readonly string[] | null;
  /** The table shows only this row's digest. */
  filtering: boolean;
  onFilterDigest: () => void;
  onDetails: () => void;
  onCopyPullSpec: () => void;
  onDelete: () => void;
}) {
  const t = useT();
  const summary = entry?.status === "ok" ? entry.summary : null;
  const pending = <Skeleton width="6rem" screenreaderText={t("tags.summaryLoading")} />;
  const actions: IAction[] = [
    { title: t("tags.details"), onClick: onDetails, "data-testid": "tag-details" } as IAction,
    { title: t("tags.copyPullSpec"), onClick: onCopyPullSpec, "data-testid": "tag-copy-pull" } as IAction,
    { isSeparator: true },
    {
      title: linked ? t("clusterRegistry.delete.tooltip") : t("tags.delete"),
      onClick: onDelete,
      isDanger: true,
      "data-testid": "tag-delete",
    } as IAction,
  ];

  return (
    <Tr data-testid="tag-row" data-tag={tag}>
      {/* The digest sits under the tag, as in Quay, so the table fits a laptop window. */}
      <Td dataLabel={t("tags.columnTag")} className="rc-tag-cell">
        <span className="rc-tag-line">
          <Button variant="link" isInline onClick={onDetails} className="rc-mono rc-tag-link" data-testid="tag-open">
            {tag}
          </Button>
          {summary && sharedWith && (
            <DigestMarker digest={summary.digest} others={sharedWith} active={filtering} onClick={onFilterDigest} />
          )}
        </span>
        {summary && (
          <div className="rc-digest">
            <code data-testid="tag-digest">{shortDigest(summary.digest)}</code>
            <CopyButton text={summary.digest} label={t("tags.copyDigest", { tag })} />
          </div>
        )}
        {!summary && entry?.status !== "failed" && <div>{pending}</div>}
      </Td>
      {entry?.status === "failed" ? (
        <Td dataLabel={t("tags.columnKindPlatforms")} colSpan={3}>
          <span className="rc-row-error" data-testid="tag-summary-error" data-code={entry.error.code}>
            <ExclamationCircleIcon /> {t(SUMMARY_ERROR[entry.error.code] ?? "tags.summaryFailed")}{" "}
            <span className="rc-detail">{entry.error.message}</span>
          </span>
        </Td>
      ) : (
        <>
          <Td dataLabel={t("tags.columnSize")} data-testid="tag-size" modifier="nowrap">
            {summary ? (summary.totalSize === null ? "—" : formatBytes(summary.totalSize)) : pending}
          </Td>
          <Td dataLabel={t("tags.columnCreated")} data-testid="tag-created" modifier="nowrap">
            {summary ? <RelativeTime value={summary.created} /> : pending}
          </Td>
          {/* Kind and platforms share a column, so the table fits beside the repository list. */}
          <Td dataLabel={t("tags.columnKindPlatforms")}>
            <div data-testid="tag-kind">
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
            </div>
            {summary && (
              <div data-testid="tag-platforms" className="rc-tag-platforms">
                {summary.platforms.length ? (
                  <LabelGroup
                    numLabels={2}
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
                )}
              </div>
            )}
          </Td>
        </>
      )}
      <Td isActionCell>
        <ActionsColumn
          items={actions}
          // The menu opens over the page, never clipped by the table's box.
          popperProps={{ position: "end", direction: "down", appendTo: () => document.body }}
          actionsToggle={({ onToggle, isOpen, isDisabled, toggleRef }) => (
            <Tooltip content={t("tags.actionsTooltip")}>
              <MenuToggle
                ref={toggleRef}
                variant="plain"
                onClick={onToggle}
                isExpanded={isOpen}
                isDisabled={isDisabled}
                aria-label={t("tags.actionsLabel", { tag })}
                data-testid="tag-actions"
                icon={<EllipsisVIcon />}
              />
            </Tooltip>
          )}
        />
      </Td>
    </Tr>
  );
}

/**
 * The mark of a manifest two or more listed tags share: its colour and first hex digits, the
 * other tags on hover, and a click that keeps only its tags (again: all of them).
 */
function DigestMarker({
  digest,
  others,
  active,
  onClick,
}: {
  digest: string;
  others: readonly string[];
  active: boolean;
  onClick: () => void;
}) {
  const t = useT();
  const SHOWN = 8;
  const names = others.slice(0, SHOWN).join(", ");
  const also =
    others.length > SHOWN
      ? t("tags.alsoTaggedAsMore", { tags: names, count: others.length - SHOWN })
      : t("tags.alsoTaggedAs", { tags: names });
  const button = useRef<HTMLButtonElement>(null);
  const text = t("tags.markerText", { digest: markerText(digest), count: others.length + 1 });
  const action = active ? t("tags.markerShowAll") : t("tags.markerFilter");
  return (
    <>
      <Label
        isCompact
        isClickable
        color={markerColor(digest)}
        variant={active ? "filled" : "outline"}
        className="rc-digest-marker"
        // A button of our own inside the label: it carries the name, the test id and the state.
        render={({ className, content }) => (
          <button
            type="button"
            ref={button}
            className={`${className} rc-mono`}
            onClick={onClick}
            aria-pressed={active}
            // Starts with the visible text, so speech input finds it by what it shows.
            aria-label={`${text}: ${also} ${action}`}
            data-testid="tag-digest-marker"
            data-digest={digest}
          >
            {content}
          </button>
        )}
      >
        {text}
      </Label>
      {/* On the button itself, so that keyboard focus shows it as hover does. */}
      <Tooltip triggerRef={button} content={<div data-testid="tag-digest-marker-tooltip">{`${also} ${action}`}</div>} />
    </>
  );
}

const SUMMARY_ERROR: Partial<Record<UiError["code"], "registryError.digestMismatch" | "registryError.signInRequired" | "registryError.accessDenied" | "registryError.unreachable" | "registryError.notFound">> = {
  digestMismatch: "registryError.digestMismatch",
  signInRequired: "registryError.signInRequired",
  accessDenied: "registryError.accessDenied",
  unreachable: "registryError.unreachable",
  notFound: "registryError.notFound",
};
