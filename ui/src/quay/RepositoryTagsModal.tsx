import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import {
  ActionGroup,
  Alert,
  AlertActionCloseButton,
  AlertActionLink,
  Button,
  DatePicker,
  ExpandableSection,
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
  Spinner,
  TimePicker,
  Title,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { RepositoryDetail } from "../bindings/RepositoryDetail";
import type { Tag } from "../bindings/Tag";
import type { TagHistoryEntry } from "../bindings/TagHistoryEntry";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import type { Params } from "../i18n/i18n";
import { matches } from "../access/AccessPage";
import { CopyButton } from "../components/CopyButton";
import { ManifestDetailModal } from "../registries/ManifestDetailModal";
import { formatBytes, shortDigest } from "../registries/format";
import { TimeText } from "../components/TimeText";
import { formatAbsolute, formatRelative } from "../components/time";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { FilterToolbar } from "../components/FilterToolbar";

type Loaded = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; tags: Tag[]; detail: RepositoryDetail };
type View = { kind: "list" } | { kind: "history"; tag: string } | { kind: "expiration"; tag: Tag } | { kind: "delete"; tag: Tag } | { kind: "manifest"; tag: string };
/** What was just done; after a deletion, the deleted tag and its manifest, to restore at once. */
type Notice = { key: MessageKey; params: Params; variant: "success" | "info"; deleted?: { tag: string; digest: string } };

/** Quay's default time machine (two weeks), when the repository's detail does not say. */
const DEFAULT_TIME_MACHINE_S = 14 * 24 * 3600;

const startOfToday = () => new Date(new Date().setHours(0, 0, 0, 0)).getTime();
const nowSeconds = () => Math.floor(Date.now() / 1000);
const dateOf = (unix: number) => new Date(unix * 1000);

/** A date's local day and time as the pickers write them: `2026-12-03` and `14:05`. */
export function localParts(date: Date): { day: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, "0");
  return { day: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`, time: `${pad(date.getHours())}:${pad(date.getMinutes())}` };
}

/** The local time of a picked day and time, or null when either is not a whole value. */
export function fromLocalParts(day: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const date = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Rolled over (2026-02-31, 25:00): not a real day or time.
  if (date.getDate() !== Number(d[3]) || date.getHours() !== Number(t[1]) || date.getMinutes() !== Number(t[2])) return null;
  return date;
}

/** A time exactly, relative on the side, in the UI's language. */
function When({ unix }: { unix: number }) {
  return <TimeText value={unix} />;
}

/**
 * One repository's tags, as Quay's Tags tab shows them: name, manifest digest (short,
 * copyable), size, last modified, expiration; a tag's history with Restore, its expiration
 * set or cleared, deletion after asking, and the manifest's details through `/v2` (the Quay
 * sign-in is also a registry sign-in, as `$oauthtoken`).
 */
export function RepositoryTagsModal({
  connectionId,
  namespace,
  name,
  registryHost,
  onSignIn,
  onChanged,
  onClose,
}: {
  connectionId: string;
  namespace: string;
  name: string;
  registryHost: string;
  onSignIn: () => void;
  /** The tags changed (the repository's tag count is stale). */
  onChanged: () => void;
  onClose: () => void;
}) {
  const t = useT();
  const full = `${namespace}/${name}`;
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [view, setView] = useState<View>({ kind: "list" });
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState<Notice | null>(null);

  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoaded({ status: "loading" });
      try {
        // Independent calls at once: Quay checks the token on each (~0.3 s).
        const [tags, detail] = await Promise.all([commands.quayTags(connectionId, namespace, name), commands.quayRepository(connectionId, namespace, name)]);
        setLoaded({ status: "ready", tags, detail });
      } catch (reason) {
        setLoaded({ status: "failed", error: toUiError(reason) });
      }
    },
    [connectionId, namespace, name],
  );
  useEffect(() => void load(), [load]);

  const shown = useMemo(() => (loaded.status === "ready" ? loaded.tags.filter((tag) => matches(filter, tag.name, tag.manifestDigest)) : []), [loaded, filter]);
  const timeMachine = loaded.status === "ready" ? (loaded.detail.tagExpirationSeconds ?? DEFAULT_TIME_MACHINE_S) : DEFAULT_TIME_MACHINE_S;
  const days = Math.round(timeMachine / 86400);
  const canWrite = loaded.status === "ready" ? loaded.detail.canWrite : false;

  /** After a change: the notice, the list again, the count stale. */
  /** Bumped by every change, so the deleted tags are read again. */
  const [generation, setGeneration] = useState(0);
  const changed = async (next: Notice) => {
    setNotice(next);
    setGeneration((g) => g + 1);
    setUndoError(null);
    onChanged();
    await load(true);
  };

  const [undoError, setUndoError] = useState<UiError | null>(null);
  /** Restores a tag just deleted, to the manifest it pointed at. */
  const undoDelete = async ({ tag, digest }: { tag: string; digest: string }) => {
    setUndoError(null);
    try {
      await commands.quayTagRestore(connectionId, namespace, name, tag, digest);
      await changed({ key: "quayTags.restoreDone", params: { tag, digest: shortDigest(digest) }, variant: "success" });
    } catch (reason) {
      setUndoError(toUiError(reason));
    }
  };

  if (view.kind === "manifest") {
    return (
      <ManifestDetailModal
        connectionId={connectionId}
        repository={full}
        tag={view.tag}
        authEpoch={0}
        onSignIn={onSignIn}
        onClose={() => setView({ kind: "list" })}
      />
    );
  }

  const back = () => setView({ kind: "list" });

  return (
    <Modal isOpen variant="large" onClose={onClose} aria-labelledby="quay-tags-title" data-testid="quay-tags">
      <ModalHeader title={t("quayTags.title", { name: full })} labelId="quay-tags-title" className="rc-mono-title" />
      <ModalBody>
        {loaded.status === "loading" && <Spinner size="lg" aria-label={t("quayTags.loading")} />}
        {loaded.status === "failed" && <QuayErrorAlert error={loaded.error} title="quayTags.loadFailed" onSignIn={onSignIn} onRetry={() => void load()} />}
        {loaded.status === "ready" && view.kind === "list" && (
          <>
            {notice && (
              <Alert
                variant={notice.variant}
                isInline
                data-testid="quay-tags-notice"
                title={t(notice.key, notice.params)}
                actionClose={<AlertActionCloseButton onClose={() => setNotice(null)} />}
                actionLinks={
                  notice.deleted && (
                    <>
                      <AlertActionLink data-testid="quay-tags-notice-restore" onClick={() => void undoDelete(notice.deleted!)}>
                        {t("quayTags.restore")}
                      </AlertActionLink>
                      <AlertActionLink data-testid="quay-tags-notice-history" onClick={() => setView({ kind: "history", tag: notice.deleted!.tag })}>
                        {t("quayTags.history")}
                      </AlertActionLink>
                    </>
                  )
                }
                className="rc-mb-md"
              />
            )}
            {undoError && <QuayErrorAlert error={undoError} title="quayTags.restoreFailed" onSignIn={onSignIn} />}
            {!canWrite && <Alert variant="info" isInline isPlain title={t("quayTags.readOnly")} className="rc-mb-md" />}
            {loaded.tags.length === 0 ? (
              <p data-testid="quay-tags-none">{t("quayTags.none", { host: registryHost, name: full })}</p>
            ) : (
              <>
                <FilterToolbar
                  testId="quay-tags-filter"
                  label={t("quayTags.filter")}
                  filter={filter}
                  onFilter={setFilter}
                  count={t("quayTags.count", { shown: shown.length, total: loaded.tags.length })}
                  countTestId="quay-tags-count"
                />
                <Table aria-label={t("quayTags.title", { name: full })} variant="compact" data-testid="quay-tags-table">
                  <Thead>
                    <Tr>
                      <Th>{t("quayTags.columnTag")}</Th>
                      <Th>{t("quayTags.columnManifest")}</Th>
                      <Th>{t("quayTags.columnSize")}</Th>
                      <Th>{t("quayTags.columnModified")}</Th>
                      <Th>{t("quayTags.columnExpires")}</Th>
                      <Th screenReaderText={t("quayTags.actionsLabel", { tag: "" })} />
                    </Tr>
                  </Thead>
                  <Tbody>
                    {shown.map((tag) => (
                      <Tr key={tag.name} data-testid="quay-tag-row" data-name={tag.name}>
                        <Td dataLabel={t("quayTags.columnTag")}>
                          <strong>{tag.name}</strong>
                        </Td>
                        <Td dataLabel={t("quayTags.columnManifest")}>
                          <span style={{ whiteSpace: "nowrap" }}>
                            <code title={tag.manifestDigest} data-testid="quay-tag-digest">
                              {shortDigest(tag.manifestDigest)}
                            </code>
                            <CopyButton text={tag.manifestDigest} label={t("quayTags.copyDigest", { tag: tag.name })} />
                          </span>
                          {tag.isManifestList && (
                            <Label isCompact color="purple">
                              {t("quayTags.index")}
                            </Label>
                          )}
                        </Td>
                        <Td dataLabel={t("quayTags.columnSize")}>{tag.size === null ? "—" : formatBytes(tag.size)}</Td>
                        <Td dataLabel={t("quayTags.columnModified")}>{tag.lastModified === null ? "—" : <When unix={tag.lastModified} />}</Td>
                        <Td dataLabel={t("quayTags.columnExpires")} data-testid="quay-tag-expires">
                          {tag.expiration === null ? t("quayTags.never") : <When unix={tag.expiration} />}
                        </Td>
                        <Td isActionCell>
                          <div className="rc-row-actions" aria-label={t("quayTags.actionsLabel", { tag: tag.name })}>
                            <Button variant="secondary" size="sm" data-testid="quay-tag-manifest" onClick={() => setView({ kind: "manifest", tag: tag.name })}>
                              {t("quayTags.details")}
                            </Button>
                            <Button variant="secondary" size="sm" data-testid="quay-tag-history" onClick={() => setView({ kind: "history", tag: tag.name })}>
                              {t("quayTags.history")}
                            </Button>
                            <Button
                              variant="secondary"
                              size="sm"
                              data-testid="quay-tag-expiration"
                              isDisabled={!canWrite}
                              onClick={() => setView({ kind: "expiration", tag })}
                            >
                              {t("quayTags.setExpiration")}
                            </Button>
                            <Button
                              variant="secondary"
                              isDanger
                              size="sm"
                              data-testid="quay-tag-delete"
                              isDisabled={!canWrite}
                              onClick={() => setView({ kind: "delete", tag })}
                            >
                              {t("quayTags.delete")}
                            </Button>
                          </div>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </>
            )}
            <DeletedTags
              connectionId={connectionId}
              namespace={namespace}
              name={name}
              timeMachine={timeMachine}
              canWrite={canWrite}
              generation={generation}
              onSignIn={onSignIn}
              onRestored={(tag, digest) => changed({ key: "quayTags.restoreDone", params: { tag, digest: shortDigest(digest) }, variant: "success" })}
            />
          </>
        )}
        {loaded.status === "ready" && view.kind === "history" && (
          <HistoryPanel
            connectionId={connectionId}
            namespace={namespace}
            name={name}
            tag={view.tag}
            current={loaded.tags.find((x) => x.name === view.tag) ?? null}
            timeMachine={timeMachine}
            canWrite={canWrite}
            onSignIn={onSignIn}
            onRestored={(digest) => changed({ key: "quayTags.restoreDone", params: { tag: view.tag, digest: shortDigest(digest) }, variant: "success" })}
          />
        )}
        {loaded.status === "ready" && view.kind === "expiration" && (
          <ExpirationPanel
            connectionId={connectionId}
            namespace={namespace}
            name={name}
            tag={view.tag}
            onSignIn={onSignIn}
            onCancel={back}
            onDone={(notice) => {
              back();
              void changed(notice);
            }}
          />
        )}
        {loaded.status === "ready" && view.kind === "delete" && (
          <DeletePanel
            connectionId={connectionId}
            namespace={namespace}
            name={name}
            tag={view.tag}
            days={days}
            onSignIn={onSignIn}
            onCancel={back}
            onDeleted={() => {
              back();
              void changed({
                key: "quayTags.deleted",
                params: { tag: view.tag.name },
                variant: "success",
                deleted: { tag: view.tag.name, digest: view.tag.manifestDigest },
              });
            }}
          />
        )}
      </ModalBody>
      <ModalFooter>
        {view.kind !== "list" && view.kind !== "delete" && view.kind !== "expiration" && (
          <Button variant="secondary" data-testid="quay-tags-back" onClick={back}>
            {t("quayTags.back")}
          </Button>
        )}
        <Button variant="link" data-testid="quay-tags-close" onClick={onClose}>
          {t("quayTags.close")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/**
 * The tags that are gone but still in Quay's history, read when the section is opened: each
 * with when it ended and Restore while the time machine keeps it.
 */
function DeletedTags({
  connectionId,
  namespace,
  name,
  timeMachine,
  canWrite,
  generation,
  onSignIn,
  onRestored,
}: {
  connectionId: string;
  namespace: string;
  name: string;
  timeMachine: number;
  canWrite: boolean;
  generation: number;
  onSignIn: () => void;
  onRestored: (tag: string, digest: string) => Promise<void>;
}) {
  const t = useT();
  const [expanded, setExpanded] = useState(false);
  const [gone, setGone] = useState<TagHistoryEntry[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restoreError, setRestoreError] = useState<UiError | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setGone(await commands.quayDeletedTags(connectionId, namespace, name));
    } catch (reason) {
      setError(toUiError(reason));
    }
  }, [connectionId, namespace, name]);
  useEffect(() => {
    if (expanded) void load();
  }, [expanded, load, generation]);

  const restore = async (entry: TagHistoryEntry) => {
    setRestoring(entry.name);
    setRestoreError(null);
    try {
      await commands.quayTagRestore(connectionId, namespace, name, entry.name, entry.manifestDigest);
      await onRestored(entry.name, entry.manifestDigest);
    } catch (reason) {
      setRestoreError(toUiError(reason));
    } finally {
      setRestoring(null);
    }
  };

  const now = nowSeconds();
  return (
    <ExpandableSection
      toggleText={t("quayTags.deletedTitle")}
      isExpanded={expanded}
      onToggle={(_e, open) => setExpanded(open)}
      className="pf-v6-u-mt-md"
      data-testid="quay-tags-deleted"
    >
      <p className="rc-mb-md pf-v6-u-font-size-sm">{t("quayTags.deletedHelp", { days: Math.round(timeMachine / 86400) })}</p>
      {error && <QuayErrorAlert error={error} title="quayTags.deletedFailed" onSignIn={onSignIn} onRetry={() => void load()} />}
      {restoreError && <QuayErrorAlert error={restoreError} title="quayTags.restoreFailed" onSignIn={onSignIn} />}
      {!gone && !error && <Spinner size="md" aria-label={t("quayTags.loading")} />}
      {gone && gone.length === 0 && <p data-testid="quay-tags-deleted-none">{t("quayTags.deletedNone")}</p>}
      {gone && gone.length > 0 && (
        <Table aria-label={t("quayTags.deletedTitle")} variant="compact" data-testid="quay-tags-deleted-table">
          <Thead>
            <Tr>
              <Th>{t("quayTags.columnTag")}</Th>
              <Th>{t("quayTags.columnManifest")}</Th>
              <Th>{t("quayTags.columnEnded")}</Th>
              <Th screenReaderText={t("quayTags.restore")} />
            </Tr>
          </Thead>
          <Tbody>
            {gone.map((entry) => {
              const kept = entry.end !== null && now - entry.end <= timeMachine;
              return (
                <Tr key={entry.name} data-testid="quay-deleted-tag-row" data-name={entry.name}>
                  <Td dataLabel={t("quayTags.columnTag")}>
                    <strong>{entry.name}</strong>
                  </Td>
                  <Td dataLabel={t("quayTags.columnManifest")}>
                    <code title={entry.manifestDigest}>{shortDigest(entry.manifestDigest)}</code>
                    <CopyButton text={entry.manifestDigest} label={t("quayTags.copyDigest", { tag: entry.name })} />
                  </Td>
                  <Td dataLabel={t("quayTags.columnEnded")}>{entry.end === null ? "—" : <When unix={entry.end} />}</Td>
                  <Td isActionCell>
                    {kept && canWrite ? (
                      <Button
                        variant="secondary"
                        size="sm"
                        data-testid="quay-deleted-tag-restore"
                        aria-label={t("quayTags.restoreLabel", { tag: entry.name, digest: shortDigest(entry.manifestDigest) })}
                        isLoading={restoring === entry.name}
                        isDisabled={restoring !== null}
                        onClick={() => void restore(entry)}
                      >
                        {t("quayTags.restore")}
                      </Button>
                    ) : (
                      !kept && <Label isCompact>{t("quayTags.stateGone")}</Label>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </ExpandableSection>
  );
}

/** What a history span is: current, current with an expiration to come, moved, or ended. */
function stateOf(entry: TagHistoryEntry, newer: TagHistoryEntry | undefined, now: number, timeMachine: number): MessageKey {
  if (entry.end === null) return "quayTags.stateCurrent";
  if (entry.end > now) return "quayTags.stateExpiring";
  if (newer && newer.start === entry.end) return "quayTags.stateReplaced";
  if (now - entry.end > timeMachine) return "quayTags.stateGone";
  return "quayTags.stateEnded";
}

function HistoryPanel({
  connectionId,
  namespace,
  name,
  tag,
  current,
  timeMachine,
  canWrite,
  onSignIn,
  onRestored,
}: {
  connectionId: string;
  namespace: string;
  name: string;
  tag: string;
  current: Tag | null;
  timeMachine: number;
  canWrite: boolean;
  onSignIn: () => void;
  onRestored: (digest: string) => Promise<void>;
}) {
  const t = useT();
  const [history, setHistory] = useState<TagHistoryEntry[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restoreError, setRestoreError] = useState<UiError | null>(null);
  const [restored, setRestored] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setHistory(await commands.quayTagHistory(connectionId, namespace, name, tag));
    } catch (reason) {
      setError(toUiError(reason));
    }
  }, [connectionId, namespace, name, tag]);
  useEffect(() => void load(), [load]);

  const restore = async (entry: TagHistoryEntry) => {
    setRestoring(entry.manifestDigest);
    setRestoreError(null);
    setRestored(null);
    try {
      await commands.quayTagRestore(connectionId, namespace, name, tag, entry.manifestDigest);
      setRestored(entry.manifestDigest);
      await Promise.all([load(), onRestored(entry.manifestDigest)]);
    } catch (reason) {
      setRestoreError(toUiError(reason));
    } finally {
      setRestoring(null);
    }
  };

  const now = nowSeconds();
  const days = Math.round(timeMachine / 86400);
  return (
    <div data-testid="quay-tag-history-panel">
      <Title headingLevel="h2" size="lg" className="rc-mb-md">
        {t("quayTags.historyTitle", { tag })}
      </Title>
      <p className="rc-mb-md pf-v6-u-font-size-sm">{t("quayTags.historyHelp", { days })}</p>
      {error && <QuayErrorAlert error={error} title="quayTags.historyFailed" onSignIn={onSignIn} onRetry={() => void load()} />}
      {restoreError && <QuayErrorAlert error={restoreError} title="quayTags.restoreFailed" onSignIn={onSignIn} />}
      {restored && (
        <Alert variant="success" isInline data-testid="quay-tag-restored" title={t("quayTags.restoreDone", { tag, digest: shortDigest(restored) })} className="rc-mb-md" />
      )}
      {!history && !error && <Spinner size="lg" aria-label={t("quayTags.loading")} />}
      {history && history.length === 0 && <p>{t("quayTags.historyNone")}</p>}
      {history && history.length > 0 && (
        <Table aria-label={t("quayTags.historyTitle", { tag })} variant="compact" data-testid="quay-tag-history-table">
          <Thead>
            <Tr>
              <Th>{t("quayTags.columnManifest")}</Th>
              <Th>{t("quayTags.columnStart")}</Th>
              <Th>{t("quayTags.columnEnd")}</Th>
              <Th>{t("quayTags.columnState")}</Th>
              <Th screenReaderText={t("quayTags.restore")} />
            </Tr>
          </Thead>
          <Tbody>
            {history.map((entry, i) => {
              const state = stateOf(entry, history[i - 1], now, timeMachine);
              const ended = state === "quayTags.stateEnded" || state === "quayTags.stateReplaced";
              // Quay restores a tag to a manifest it still keeps (alive, or within the time
              // machine); pointing the tag where it already points does nothing.
              const restorable = ended && canWrite && current?.manifestDigest !== entry.manifestDigest;
              return (
                <Tr key={`${entry.manifestDigest}@${entry.start ?? i}`} data-testid="quay-tag-history-row" data-state={state.replace("quayTags.state", "").toLowerCase()}>
                  <Td dataLabel={t("quayTags.columnManifest")}>
                    <code title={entry.manifestDigest}>{shortDigest(entry.manifestDigest)}</code>
                    <CopyButton text={entry.manifestDigest} label={t("quayTags.copyDigest", { tag })} />
                  </Td>
                  <Td dataLabel={t("quayTags.columnStart")}>{entry.start === null ? "—" : <Exact unix={entry.start} />}</Td>
                  <Td dataLabel={t("quayTags.columnEnd")}>{entry.end === null ? "—" : <Exact unix={entry.end} />}</Td>
                  <Td dataLabel={t("quayTags.columnState")}>
                    <Label isCompact color={state === "quayTags.stateCurrent" || state === "quayTags.stateExpiring" ? "green" : state === "quayTags.stateEnded" ? "red" : "grey"}>
                      {t(state)}
                    </Label>
                    {entry.reversion && (
                      <Label isCompact color="blue" className="pf-v6-u-ml-xs">
                        {t("quayTags.restored")}
                      </Label>
                    )}
                  </Td>
                  <Td isActionCell>
                    {restorable && (
                      <Button
                        variant="secondary"
                        size="sm"
                        data-testid="quay-tag-restore"
                        aria-label={t("quayTags.restoreLabel", { tag, digest: shortDigest(entry.manifestDigest) })}
                        isLoading={restoring === entry.manifestDigest}
                        isDisabled={restoring !== null}
                        onClick={() => void restore(entry)}
                      >
                        {t("quayTags.restore")}
                      </Button>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
    </div>
  );
}

/** An exact time in the UI's language, relative on hover. */
function Exact({ unix }: { unix: number }) {
  return <TimeText value={unix} absolute />;
}

function ExpirationPanel({
  connectionId,
  namespace,
  name,
  tag,
  onSignIn,
  onCancel,
  onDone,
}: {
  connectionId: string;
  namespace: string;
  name: string;
  tag: Tag;
  onSignIn: () => void;
  onCancel: () => void;
  onDone: (notice: Notice) => void;
}) {
  const t = useT();
  const initial = localParts(tag.expiration !== null && tag.expiration > nowSeconds() ? dateOf(tag.expiration) : new Date(Date.now() + 7 * 86400 * 1000));
  const [day, setDay] = useState(initial.day);
  const [time, setTime] = useState(initial.time);
  const [busy, setBusy] = useState<"set" | "clear" | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const chosen = fromLocalParts(day, time);
  const valid = chosen !== null;
  const past = valid && chosen.getTime() <= Date.now();

  const run = async (expiration: number | null) => {
    setBusy(expiration === null ? "clear" : "set");
    setError(null);
    try {
      const stored = await commands.quayTagExpiration(connectionId, namespace, name, tag.name, expiration);
      if (stored.expiration === null) onDone({ key: "quayTags.expirationCleared", params: { tag: tag.name }, variant: "success" });
      else {
        const when = formatAbsolute(dateOf(stored.expiration), t.language);
        // Quay moves a time outside [push + 1 h, push + 104 w] to the nearest bound.
        const moved = expiration !== null && Math.abs(stored.expiration - expiration) > 60;
        onDone({ key: moved ? "quayTags.expirationMoved" : "quayTags.expirationDone", params: { tag: tag.name, when }, variant: moved ? "info" : "success" });
      }
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(null);
    }
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid || past || busy) return;
    void run(Math.floor(chosen.getTime() / 1000));
  };

  return (
    <div data-testid="quay-tag-expiration-panel">
      <Title headingLevel="h2" size="lg" className="rc-mb-md">
        {t("quayTags.expirationTitle", { tag: tag.name })}
      </Title>
      {error && <QuayErrorAlert error={error} title="quayTags.expirationFailed" onSignIn={onSignIn} />}
      <p className="rc-mb-md" data-testid="quay-tag-expiration-current">
        {tag.expiration === null
          ? t("quayTags.expirationNone")
          : t("quayTags.expirationCurrent", { when: formatAbsolute(dateOf(tag.expiration), t.language), relative: formatRelative(dateOf(tag.expiration), new Date(), t.language) })}
      </p>
      <Form onSubmit={submit} id="quay-tag-expiration-form" noValidate>
        <FormGroup label={t("quayTags.expirationAt")} fieldId="quay-tag-expiration-date" role="group">
          <div className="rc-row-actions" style={{ justifyContent: "flex-start", alignItems: "flex-start" }}>
            <DatePicker
              value={day}
              onChange={(_e, v) => setDay(v)}
              locale={t.language}
              placeholder="YYYY-MM-DD"
              aria-label={t("quayTags.expirationDay")}
              buttonAriaLabel={t("quayTags.expirationCalendar")}
              invalidFormatText={t("quayTags.expirationDayInvalid")}
              isDisabled={busy !== null}
              inputProps={{ id: "quay-tag-expiration-date" }}
              // Days before today cannot be picked; the modal's body would clip the calendar.
              validators={[(date) => (date.getTime() < startOfToday() ? t("quayTags.expirationPast") : "")]}
              appendTo={() => document.body}
              popoverProps={{ position: "bottom-start" }}
            />
            <TimePicker
              time={time}
              is24Hour
              stepMinutes={30}
              width="8rem"
              onChange={(_e, v) => setTime(v)}
              aria-label={t("quayTags.expirationTime")}
              invalidFormatErrorMessage={t("quayTags.expirationTimeInvalid")}
              isDisabled={busy !== null}
              inputProps={{ id: "quay-tag-expiration-time" }}
            />
          </div>
          <FormHelperText>
            <HelperText>
              {past ? (
                <HelperTextItem variant="error" data-testid="quay-tag-expiration-past">
                  {t("quayTags.expirationPast")}
                </HelperTextItem>
              ) : valid ? (
                <HelperTextItem data-testid="quay-tag-expiration-chosen">
                  {t("quayTags.expirationChosen", { when: formatAbsolute(chosen, t.language), relative: formatRelative(chosen, new Date(), t.language) })}
                </HelperTextItem>
              ) : null}
              <HelperTextItem>{t("quayTags.expirationHelp")}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="primary" data-testid="quay-tag-expiration-set" isLoading={busy === "set"} isDisabled={busy !== null || !valid || past}>
            {t("quayTags.expirationSet")}
          </Button>
          {tag.expiration !== null && (
            <Button variant="secondary" data-testid="quay-tag-expiration-clear" isLoading={busy === "clear"} isDisabled={busy !== null} onClick={() => void run(null)}>
              {t("quayTags.expirationClear")}
            </Button>
          )}
          <Button variant="link" onClick={onCancel} isDisabled={busy !== null}>
            {t("quayTags.cancel")}
          </Button>
        </ActionGroup>
      </Form>
    </div>
  );
}

function DeletePanel({
  connectionId,
  namespace,
  name,
  tag,
  days,
  onSignIn,
  onCancel,
  onDeleted,
}: {
  connectionId: string;
  namespace: string;
  name: string;
  tag: Tag;
  days: number;
  onSignIn: () => void;
  onCancel: () => void;
  onDeleted: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  return (
    <div data-testid="quay-tag-delete-confirm">
      <Title headingLevel="h2" size="lg" className="rc-mb-md">
        {t("quayTags.deleteTitle", { tag: tag.name })}
      </Title>
      {error && <QuayErrorAlert error={error} title="quayTags.deleteFailed" onSignIn={onSignIn} />}
      <p className="rc-mb-md">{t("quayTags.deleteBody", { name: `${namespace}/${name}`, tag: tag.name, days })}</p>
      <div className="rc-row-actions">
        <Button
          variant="danger"
          data-testid="quay-tag-delete-confirm-submit"
          isLoading={busy}
          isDisabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await commands.quayTagDelete(connectionId, namespace, name, tag.name);
              onDeleted();
            } catch (reason) {
              setError(toUiError(reason));
              setBusy(false);
            }
          }}
        >
          {t("quayTags.deleteSubmit")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("quayTags.cancel")}
        </Button>
      </div>
    </div>
  );
}
