import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import {
  Alert,
  AlertActionCloseButton,
  Button,
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
  Radio,
  Spinner,
  TextArea,
  TextInput,
  Tooltip,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { Repository } from "../bindings/Repository";
import type { Visibility } from "../bindings/Visibility";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { matches } from "../access/AccessPage";
import { TimeText } from "../components/TimeText";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { RepositoryTagsModal } from "./RepositoryTagsModal";
import { ConfirmModal } from "../components/ConfirmModal";
import { FilterToolbar } from "../components/FilterToolbar";

type Loaded = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: Repository[] };
type Dialog = { kind: "create" } | { kind: "visibility"; repository: Repository } | { kind: "delete"; repository: Repository } | { kind: "tags"; name: string };

/** Tag counts asked of Quay at once: each is a repository detail, ~0.3 s on the server. */
export const TAG_COUNTS_IN_FLIGHT = 4;

/** A repository name Quay takes: lowercase parts of letters, digits, `.`, `_`, `-`, `/` between. */
export function validRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name.split("/").every((part) => /^[a-z0-9][a-z0-9._-]*$/.test(part));
}

type Count = { status: "loading" } | { status: "ok"; count: number; capped: boolean } | { status: "failed"; message: string };

/**
 * Each repository's tag count, asked when its row is seen, at most {@link TAG_COUNTS_IN_FLIGHT}
 * at a time, the rest queued; a row that leaves before its turn leaves the queue.
 */
function useTagCounts(connectionId: string, organization: string) {
  const [counts, setCounts] = useState<Record<string, Count>>({});
  const queue = useRef<string[]>([]);
  const inFlight = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const pump = useCallback(() => {
    while (mounted.current && inFlight.current < TAG_COUNTS_IN_FLIGHT && queue.current.length) {
      const name = queue.current.shift()!;
      inFlight.current += 1;
      commands
        .quayRepository(connectionId, organization, name)
        .then(
          (detail): Count => ({ status: "ok", count: detail.tagCount, capped: detail.tagCountCapped }),
          (reason): Count => ({ status: "failed", message: toUiError(reason).message }),
        )
        .then((count) => {
          inFlight.current -= 1;
          if (!mounted.current) return;
          setCounts((c) => ({ ...c, [name]: count }));
          pump();
        });
    }
  }, [connectionId, organization]);

  const request = useCallback(
    (name: string) => {
      if (queue.current.includes(name)) return;
      setCounts((c) => ({ ...c, [name]: { status: "loading" } }));
      queue.current.push(name);
      pump();
    },
    [pump],
  );
  /** A row that is no longer seen: its count is not asked for if it has not started. */
  const withdraw = useCallback((name: string) => {
    const at = queue.current.indexOf(name);
    if (at < 0) return;
    queue.current.splice(at, 1);
    setCounts(({ [name]: _gone, ...rest }) => rest);
  }, []);
  /** Counted again when next seen (its tags changed). */
  const forget = useCallback((name: string) => setCounts(({ [name]: _gone, ...rest }) => rest), []);
  return { counts, request, withdraw, forget };
}

/**
 * An organization's repositories: name, visibility, tag count (asked lazily, a few at a time),
 * when each last changed; create one, make one public or private and delete one (each asks
 * once, saying what happens), and open one's tags.
 */
export function RepositoriesTab({ connectionId, organization, registryHost, onSignIn }: QuayTabProps) {
  const t = useT();
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [filter, setFilter] = useState("");
  const [dialog, setDialog] = useState<Dialog | null>(null);
  /** What was just done, said in the language in force (it may change meanwhile). */
  const [done, setDone] = useState<{ key: MessageKey; name: string } | null>(null);
  const tagCounts = useTagCounts(connectionId, organization);

  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoaded({ status: "loading" });
      try {
        setLoaded({ status: "ready", value: await commands.quayRepositories(connectionId, organization) });
      } catch (reason) {
        setLoaded({ status: "failed", error: toUiError(reason) });
      }
    },
    [connectionId, organization],
  );
  useEffect(() => void load(), [load]);

  const shown = useMemo(
    () => (loaded.status === "ready" ? loaded.value.filter((r) => matches(filter, r.name, r.description)) : []),
    [loaded, filter],
  );

  if (loaded.status === "loading") return <Spinner size="lg" aria-label={t("quay.loading")} />;
  if (loaded.status === "failed")
    return <QuayErrorAlert error={loaded.error} title="quay.error.load" onSignIn={onSignIn} onRetry={() => void load()} />;

  const full = (r: Repository) => `${r.namespace}/${r.name}`;
  const countOf = (name: string) => tagCounts.counts[name];

  return (
    <>
      {done && (
        <Alert
          variant="success"
          isInline
          data-testid="quay-repo-done"
          title={t(done.key, { name: done.name })}
          actionClose={<AlertActionCloseButton onClose={() => setDone(null)} />}
          className="rc-mb-md"
        />
      )}
      <FilterToolbar
        testId="quay-repo-filter"
        label={t("quay.repos.filter")}
        filter={filter}
        onFilter={setFilter}
        count={t("quay.repos.count", { shown: shown.length, total: loaded.value.length })}
        countTestId="quay-repo-count"
      >
        <Button variant="primary" data-testid="quay-repo-create" onClick={() => setDialog({ kind: "create" })}>
          {t("quayRepos.create")}
        </Button>
      </FilterToolbar>
      {loaded.value.length === 0 ? (
        <p data-testid="quay-repos-none">{t("quay.repos.none")}</p>
      ) : (
        <Table aria-label={t("quay.tab.repositories")} variant="compact" data-testid="quay-repos">
          <Thead>
            <Tr>
              <Th>{t("quay.repos.columnName")}</Th>
              <Th>{t("quay.repos.columnVisibility")}</Th>
              <Th>{t("quayRepos.columnTags")}</Th>
              <Th>{t("quay.repos.columnModified")}</Th>
              <Th screenReaderText={t("quayRepos.actionsLabel", { name: "" })} />
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((r) => {
              return (
                <Tr key={r.name} data-testid="quay-repo-row" data-name={r.name}>
                  <Td dataLabel={t("quay.repos.columnName")}>
                    <Button
                      variant="link"
                      isInline
                      data-testid="quay-repo-open"
                      aria-label={t("quayRepos.openTags", { name: full(r) })}
                      onClick={() => setDialog({ kind: "tags", name: r.name })}
                    >
                      <strong>{full(r)}</strong>
                    </Button>
                    {r.description && <div className="rc-detail">{r.description}</div>}
                  </Td>
                  <Td dataLabel={t("quay.repos.columnVisibility")}>
                    <Label color={r.isPublic ? "orange" : "grey"} data-testid="quay-repo-visibility">
                      {r.isPublic ? t("quay.repos.public") : t("quay.repos.private")}
                    </Label>
                  </Td>
                  <Td dataLabel={t("quayRepos.columnTags")}>
                    <TagCountCell name={r.name} label={full(r)} count={countOf(r.name)} request={tagCounts.request} withdraw={tagCounts.withdraw} />
                  </Td>
                  <Td dataLabel={t("quay.repos.columnModified")}>
                    <TimeText value={r.lastModified || null} empty={t("quay.repos.never")} />
                  </Td>
                  <Td isActionCell>
                    <div className="rc-row-actions" aria-label={t("quayRepos.actionsLabel", { name: full(r) })}>
                      <Button variant="secondary" size="sm" data-testid="quay-repo-visibility-toggle" onClick={() => setDialog({ kind: "visibility", repository: r })}>
                        {r.isPublic ? t("quayRepos.makePrivate") : t("quayRepos.makePublic")}
                      </Button>
                      <Button variant="secondary" isDanger size="sm" data-testid="quay-repo-delete" onClick={() => setDialog({ kind: "delete", repository: r })}>
                        {t("quayRepos.delete")}
                      </Button>
                    </div>
                  </Td>
                </Tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      {dialog?.kind === "create" && (
        <CreateRepositoryModal
          connectionId={connectionId}
          organization={organization}
          registryHost={registryHost}
          onCancel={() => setDialog(null)}
          onCreated={(repository) => {
            setDone({ key: "quayRepos.created", name: full(repository) });
            setDialog(null);
            void load(true);
          }}
        />
      )}
      {dialog?.kind === "visibility" && (
        <ConfirmModal
          testId="quay-repo-visibility-confirm"
          confirmTestId="quay-repo-visibility-confirm-submit"
          errorAlert={QuayErrorAlert}
          variant="warning"
          title={t(dialog.repository.isPublic ? "quayRepos.privateTitle" : "quayRepos.publicTitle", { name: full(dialog.repository) })}
          body={t(dialog.repository.isPublic ? "quayRepos.privateBody" : "quayRepos.publicBody", { name: full(dialog.repository) })}
          confirm={t(dialog.repository.isPublic ? "quayRepos.privateSubmit" : "quayRepos.publicSubmit")}
          failed="quayRepos.visibilityFailed"
          onCancel={() => setDialog(null)}
          run={async () => {
            const r = dialog.repository;
            const next: Visibility = r.isPublic ? "private" : "public";
            await commands.quayRepositoryVisibility(connectionId, organization, r.name, next);
            setDone({ key: next === "public" ? "quayRepos.madePublic" : "quayRepos.madePrivate", name: full(r) });
            setDialog(null);
            await load(true);
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmModal
          testId="quay-repo-delete-confirm"
          confirmTestId="quay-repo-delete-confirm-submit"
          errorAlert={QuayErrorAlert}
          title={t("quayRepos.deleteTitle", { name: full(dialog.repository) })}
          body={(() => {
            const count = countOf(dialog.repository.name);
            return count?.status === "ok" && count.count > 0
              ? t("quayRepos.deleteBodyCount", { count: count.capped ? t("quayRepos.tagCountCapped") : count.count })
              : t("quayRepos.deleteBody");
          })()}
          confirm={t("quayRepos.deleteSubmit")}
          failed="quayRepos.deleteFailed"
          variant="danger"
          onCancel={() => setDialog(null)}
          run={async () => {
            const r = dialog.repository;
            await commands.quayRepositoryDelete(connectionId, organization, r.name);
            setDone({ key: "quayRepos.deleted", name: full(r) });
            setDialog(null);
            tagCounts.forget(r.name);
            await load(true);
          }}
        />
      )}
      {dialog?.kind === "tags" && (
        <RepositoryTagsModal
          connectionId={connectionId}
          namespace={organization}
          name={dialog.name}
          registryHost={registryHost}
          onSignIn={onSignIn}
          onChanged={() => tagCounts.forget(dialog.name)}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** A repository's tag count: asked when the cell is seen, a spinner meanwhile, "500+" when capped. */
function TagCountCell({
  name,
  label,
  count,
  request,
  withdraw,
}: {
  name: string;
  label: string;
  count: Count | undefined;
  request: (name: string) => void;
  withdraw: (name: string) => void;
}) {
  const t = useT();
  const cell = useRef<HTMLSpanElement>(null);
  const [seen, setSeen] = useState(typeof IntersectionObserver === "undefined");
  useEffect(() => {
    if (typeof IntersectionObserver === "undefined" || !cell.current) return;
    const observer = new IntersectionObserver((entries) => setSeen(entries.some((e) => e.isIntersecting)));
    observer.observe(cell.current);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (seen && !count) request(name);
    if (!seen && count?.status === "loading") withdraw(name);
  }, [seen, count, name, request, withdraw]);
  useEffect(() => () => withdraw(name), [name, withdraw]);

  let shown;
  if (!count || count.status === "loading") shown = <Spinner size="sm" aria-label={t("quayRepos.tagCountLoading", { name: label })} />;
  else if (count.status === "failed")
    shown = (
      <Tooltip content={t("quayRepos.tagCountFailed", { message: count.message })}>
        <span tabIndex={0}>—</span>
      </Tooltip>
    );
  else if (count.capped)
    shown = (
      <Tooltip content={t("quayRepos.tagCountCappedHelp")}>
        <span tabIndex={0}>{t("quayRepos.tagCountCapped")}</span>
      </Tooltip>
    );
  else shown = <>{count.count}</>;
  return (
    <span ref={cell} data-testid="quay-repo-tag-count" data-status={count?.status ?? "waiting"}>
      {shown}
    </span>
  );
}

function CreateRepositoryModal({
  connectionId,
  organization,
  registryHost,
  onCancel,
  onCreated,
}: {
  connectionId: string;
  organization: string;
  registryHost: string;
  onCancel: () => void;
  onCreated: (repository: Repository) => void;
}) {
  const t = useT();
  const [name, setName] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const trimmed = name.trim();
  const invalid = trimmed !== "" && !validRepositoryName(trimmed);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !trimmed || invalid) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await commands.quayRepositoryCreate(connectionId, organization, trimmed, visibility, description.trim()));
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby="quay-repo-create-title" data-testid="quay-repo-create-modal">
      <ModalHeader title={t("quayRepos.createTitle", { organization })} labelId="quay-repo-create-title" />
      <ModalBody>
        <Form id="quay-repo-create-form" onSubmit={submit} noValidate>
          {error && <QuayErrorAlert error={error} title="quayRepos.createFailed" />}
          <FormGroup label={t("quayRepos.name")} isRequired fieldId="quay-repo-name">
            <TextInput
              id="quay-repo-name"
              value={name}
              onChange={(_e, v) => setName(v)}
              isDisabled={busy}
              validated={invalid ? "error" : "default"}
              autoFocus
            />
            <FormHelperText>
              <HelperText>
                {invalid ? (
                  <HelperTextItem variant="error" data-testid="quay-repo-name-invalid">
                    {t("quayRepos.nameInvalid", { name: trimmed })}
                  </HelperTextItem>
                ) : (
                  <HelperTextItem>{t("quayRepos.nameHelp", { host: registryHost, organization })}</HelperTextItem>
                )}
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label={t("quayRepos.visibility")} role="radiogroup" isStack fieldId="quay-repo-visibility">
            <Radio
              id="quay-repo-private"
              name="quay-repo-visibility"
              label={t("quay.repos.private")}
              description={t("quayRepos.privateHelp")}
              isChecked={visibility === "private"}
              onChange={() => setVisibility("private")}
              isDisabled={busy}
            />
            <Radio
              id="quay-repo-public"
              name="quay-repo-visibility"
              label={t("quay.repos.public")}
              description={t("quayRepos.publicHelp")}
              isChecked={visibility === "public"}
              onChange={() => setVisibility("public")}
              isDisabled={busy}
            />
          </FormGroup>
          <FormGroup label={t("quayRepos.description")} fieldId="quay-repo-description">
            <TextArea id="quay-repo-description" value={description} onChange={(_e, v) => setDescription(v)} isDisabled={busy} rows={2} resizeOrientation="vertical" />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="quay-repo-create-form"
          variant="primary"
          data-testid="quay-repo-create-submit"
          isLoading={busy}
          isDisabled={busy || !trimmed || invalid}
        >
          {t("quayRepos.createSubmit")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
