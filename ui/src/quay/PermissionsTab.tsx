import { useState, type FormEvent } from "react";
import { Alert, AlertActionCloseButton, Button, Spinner, TextInput, Title } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { DefaultPermission } from "../bindings/DefaultPermission";
import type { Grantee } from "../bindings/Grantee";
import type { QuayRole } from "../bindings/QuayRole";
import type { Robot } from "../bindings/Robot";
import type { Team } from "../bindings/Team";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { useLoad } from "../hooks/useLoad";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import {
  GranteeFields,
  RepositoryPicker,
  ROLE_NAME,
  RolePicker,
  SubjectName,
  failedTitle,
  useRepositoryChoice,
  useRobotsAndTeams,
  type GranteeKind,
} from "./quayTeamsShared";
import { ConfirmModal } from "../components/ConfirmModal";

/** What was just done, said in the language in force (it may change meanwhile). */
type Done = { key: MessageKey; params: Record<string, string> };

const granteeKey = (g: Grantee) => `${g.kind}/${g.name}`;

/**
 * A repository's permissions (users, robot accounts, teams with Read / Write / Admin): grant,
 * change a role in place, revoke after asking; and the organization's default permissions
 * (Quay's prototypes): list, add, delete after asking.
 */
export function PermissionsTab({ connectionId, organization, onSignIn }: QuayTabProps) {
  const t = useT();
  const { repositories, picked, pick, reload } = useRepositoryChoice(connectionId, organization);
  const { robots, teams } = useRobotsAndTeams(connectionId, organization);
  const [done, setDone] = useState<Done | null>(null);

  return (
    <>
      {done && (
        <Alert
          variant="success"
          isInline
          data-testid="quay-perm-done"
          title={t(done.key, done.params)}
          actionClose={<AlertActionCloseButton onClose={() => setDone(null)} />}
          className="rc-mb-md"
        />
      )}
      {repositories.status === "loading" && <Spinner size="lg" aria-label={t("quay.loading")} />}
      {repositories.status === "failed" && (
        <QuayErrorAlert error={repositories.error} title="quay.error.load" onSignIn={onSignIn} onRetry={reload} />
      )}
      {repositories.status === "ready" && !repositories.value.length && <p data-testid="quay-perm-no-repos">{t("quay.noRepositories")}</p>}
      {repositories.status === "ready" && picked && (
        <>
          <div className="rc-qt-bar">
            <RepositoryPicker repositories={repositories.value} picked={picked} onPick={pick} testId="quay-perm-repo" />
          </div>
          <RepositoryPermissions
            key={picked}
            connectionId={connectionId}
            namespace={organization}
            repository={picked}
            robots={robots}
            teams={teams}
            onSignIn={onSignIn}
            onDone={setDone}
          />
        </>
      )}
      <DefaultPermissions connectionId={connectionId} organization={organization} robots={robots} teams={teams} onSignIn={onSignIn} onDone={setDone} />
    </>
  );
}

function RepositoryPermissions({
  connectionId,
  namespace,
  repository,
  robots,
  teams,
  onSignIn,
  onDone,
}: {
  connectionId: string;
  namespace: string;
  repository: string;
  robots: Robot[];
  teams: Team[];
  onSignIn: () => void;
  onDone: (done: Done) => void;
}) {
  const t = useT();
  const [permissions, reload] = useLoad(
    () => commands.quayRepositoryPermissions(connectionId, namespace, repository),
    [connectionId, namespace, repository],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ title: MessageKey; error: UiError } | null>(null);
  const [revoking, setRevoking] = useState<{ grantee: Grantee; role: QuayRole } | null>(null);
  const [kind, setKind] = useState<GranteeKind>("robot");
  const [name, setName] = useState("");
  const [role, setRole] = useState<QuayRole>("write");

  const run = async (key: string, title: MessageKey, action: () => Promise<void>) => {
    setBusy(key);
    setActionError(null);
    try {
      await action();
      reload();
    } catch (reason) {
      const error = toUiError(reason);
      setActionError({ title: failedTitle(error, "quay.perms.denied", title), error });
    } finally {
      setBusy(null);
    }
  };

  const change = (grantee: Grantee, next: QuayRole) =>
    run(granteeKey(grantee), "quay.perms.changeFailed", async () => {
      await commands.quayPermissionSet(connectionId, namespace, repository, grantee, next);
      onDone({ key: "quay.perms.changed", params: { name: grantee.name, role: ROLE_NAME[next] } });
    });

  const grant = (event?: FormEvent) => {
    event?.preventDefault();
    const who = name.trim();
    if (!who) return;
    const grantee = { kind, name: who } as Grantee;
    void run("grant", "quay.perms.grantFailed", async () => {
      await commands.quayPermissionSet(connectionId, namespace, repository, grantee, role);
      onDone({ key: "quay.perms.granted", params: { name: who, role: ROLE_NAME[role] } });
      setName("");
    });
  };

  return (
    <div data-testid="quay-perms">
      <Title headingLevel="h2" size="lg" className="rc-mb-sm">
        {t("quay.perms.title", { repository: `${namespace}/${repository}` })}
      </Title>
      {actionError && <QuayErrorAlert error={actionError.error} title={actionError.title} onSignIn={onSignIn} />}
      {permissions.status === "loading" && <Spinner size="lg" aria-label={t("quay.loading")} />}
      {permissions.status === "failed" && (
        <QuayErrorAlert
          error={permissions.error}
          title={failedTitle(permissions.error, "quay.perms.denied", "quay.perms.loadFailed")}
          onSignIn={onSignIn}
          onRetry={reload}
        />
      )}
      {permissions.status === "ready" && (
        <Table aria-label={t("quay.perms.title", { repository })} variant="compact" data-testid="quay-perm-table">
          <Thead>
            <Tr>
              <Th>{t("quay.perms.columnSubject")}</Th>
              <Th width={20}>{t("quay.perms.columnRole")}</Th>
              <Th screenReaderText={t("quay.perms.revoke")} />
            </Tr>
          </Thead>
          <Tbody>
            {permissions.value.map((p) => (
              <Tr key={granteeKey(p.grantee)} data-testid="quay-perm-row" data-name={p.grantee.name} data-kind={p.grantee.kind} data-role={p.role}>
                <Td dataLabel={t("quay.perms.columnSubject")}>
                  <SubjectName kind={p.grantee.kind} name={p.grantee.name} />
                </Td>
                <Td dataLabel={t("quay.perms.columnRole")}>
                  <RolePicker
                    id={`quay-perm-role-${granteeKey(p.grantee).replace(/[^a-z0-9_-]/gi, "-")}`}
                    value={p.role}
                    label={t("quay.perms.roleLabel", { name: p.grantee.name })}
                    disabled={busy !== null}
                    onChange={(next) => void change(p.grantee, next)}
                  />
                </Td>
                <Td isActionCell>
                  <Button
                    variant="secondary"
                    isDanger
                    size="sm"
                    data-testid="quay-perm-revoke"
                    aria-label={t("quay.perms.revokeLabel", { name: p.grantee.name })}
                    isDisabled={busy !== null}
                    onClick={() => setRevoking({ grantee: p.grantee, role: p.role })}
                  >
                    {t("quay.perms.revoke")}
                  </Button>
                </Td>
              </Tr>
            ))}
            {!permissions.value.length && (
              <Tr>
                <Td colSpan={3} data-testid="quay-perm-none">
                  {t("quay.perms.none")}
                </Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
      <Title headingLevel="h3" size="md" className="rc-mt-md rc-mb-sm">
        {t("quay.perms.grantTitle")}
      </Title>
      <form className="rc-qt-bar" onSubmit={grant} data-testid="quay-perm-grant-form">
        <GranteeFields
          idPrefix="quay-perm-grant"
          kind={kind}
          name={name}
          kinds={["user", "robot", "team"]}
          robots={robots}
          teams={teams}
          disabled={busy !== null}
          onKind={setKind}
          onName={setName}
        />
        <RolePicker id="quay-perm-grant-role" value={role} label={t("quay.perms.grantRole")} disabled={busy !== null} onChange={setRole} />
        <Button type="submit" variant="primary" data-testid="quay-perm-grant" isLoading={busy === "grant"} isDisabled={busy !== null || !name.trim()}>
          {t("quay.perms.grant")}
        </Button>
      </form>
      {revoking && (
        <ConfirmModal
          testId="quay-perm-revoke-confirm"
          confirmTestId="quay-perm-revoke-confirm-submit"
          errorAlert={QuayErrorAlert}
          title={t("quay.perms.revokeTitle")}
          body={t("quay.perms.revokeBody", {
            name: revoking.grantee.name,
            role: ROLE_NAME[revoking.role],
            repository: `${namespace}/${repository}`,
          })}
          confirm={t("quay.perms.revokeSubmit")}
          failed="quay.perms.revokeFailed"
          variant="danger"
          onCancel={() => setRevoking(null)}
          run={async () => {
            await commands.quayPermissionRevoke(connectionId, namespace, repository, revoking.grantee);
            onDone({ key: "quay.perms.revoked", params: { name: revoking.grantee.name } });
            setRevoking(null);
            reload();
          }}
        />
      )}
    </div>
  );
}

function DefaultPermissions({
  connectionId,
  organization,
  robots,
  teams,
  onSignIn,
  onDone,
}: {
  connectionId: string;
  organization: string;
  robots: Robot[];
  teams: Team[];
  onSignIn: () => void;
  onDone: (done: Done) => void;
}) {
  const t = useT();
  const [defaults, reload] = useLoad(() => commands.quayDefaultPermissions(connectionId, organization), [connectionId, organization]);
  const [deleting, setDeleting] = useState<DefaultPermission | null>(null);
  const [creator, setCreator] = useState("");
  const [kind, setKind] = useState<GranteeKind>("team");
  const [name, setName] = useState("");
  const [role, setRole] = useState<QuayRole>("read");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const create = async (event?: FormEvent) => {
    event?.preventDefault();
    const who = name.trim();
    if (!who || busy) return;
    setBusy(true);
    setError(null);
    try {
      await commands.quayDefaultPermissionCreate(connectionId, organization, { kind, name: who } as Grantee, role, creator.trim() || null);
      onDone({ key: "quay.defaults.created", params: { delegate: who, role: ROLE_NAME[role] } });
      setName("");
      setCreator("");
      reload();
    } catch (reason) {
      setError(toUiError(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rc-qt-section" data-testid="quay-defaults">
      <Title headingLevel="h2" size="lg" className="rc-mb-sm">
        {t("quay.defaults.title")}
      </Title>
      <p className="rc-subtle rc-mb-md">{t("quay.defaults.intro", { organization })}</p>
      {defaults.status === "loading" && <Spinner size="md" aria-label={t("quay.loading")} />}
      {defaults.status === "failed" && (
        <QuayErrorAlert
          error={defaults.error}
          title={failedTitle(defaults.error, "quay.defaults.denied", "quay.defaults.loadFailed")}
          onSignIn={onSignIn}
          onRetry={reload}
        />
      )}
      {defaults.status === "ready" && (
        <Table aria-label={t("quay.defaults.title")} variant="compact" data-testid="quay-default-table">
          <Thead>
            <Tr>
              <Th>{t("quay.defaults.columnCreator")}</Th>
              <Th>{t("quay.defaults.columnDelegate")}</Th>
              <Th>{t("quay.defaults.columnRole")}</Th>
              <Th screenReaderText={t("quay.defaults.delete")} />
            </Tr>
          </Thead>
          <Tbody>
            {defaults.value.map((d) => (
              <Tr key={d.id} data-testid="quay-default-row" data-id={d.id}>
                <Td dataLabel={t("quay.defaults.columnCreator")}>
                  {d.activatingUser ? <SubjectName kind="user" name={d.activatingUser} /> : <span className="rc-subtle">{t("quay.defaults.anyone")}</span>}
                </Td>
                <Td dataLabel={t("quay.defaults.columnDelegate")}>
                  <SubjectName kind={d.delegate.kind} name={d.delegate.name} />
                </Td>
                <Td dataLabel={t("quay.defaults.columnRole")}>
                  <span title={t("quay.defaults.when", { creator: d.activatingUser ?? t("quay.defaults.anyone"), delegate: d.delegate.name, role: ROLE_NAME[d.role] })}>
                    {ROLE_NAME[d.role]}
                  </span>
                </Td>
                <Td isActionCell>
                  <Button
                    variant="secondary"
                    isDanger
                    size="sm"
                    data-testid="quay-default-delete"
                    aria-label={t("quay.defaults.deleteLabel", { name: d.delegate.name })}
                    onClick={() => setDeleting(d)}
                  >
                    {t("quay.defaults.delete")}
                  </Button>
                </Td>
              </Tr>
            ))}
            {!defaults.value.length && (
              <Tr>
                <Td colSpan={4} data-testid="quay-default-none">
                  {t("quay.defaults.none")}
                </Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
      {defaults.status !== "failed" && (
        <>
          <Title headingLevel="h3" size="md" className="rc-mt-md rc-mb-sm">
            {t("quay.defaults.createTitle")}
          </Title>
          {error && <QuayErrorAlert error={error} title={failedTitle(error, "quay.defaults.denied", "quay.defaults.createFailed")} onSignIn={onSignIn} />}
          <form className="rc-qt-bar" onSubmit={create} data-testid="quay-default-form">
            <TextInput
              id="quay-default-creator"
              data-testid="quay-default-creator"
              aria-label={t("quay.defaults.creator")}
              placeholder={t("quay.defaults.creator")}
              value={creator}
              isDisabled={busy}
              onChange={(_e, v) => setCreator(v)}
              className="rc-qt-field"
            />
            <GranteeFields
              idPrefix="quay-default-delegate"
              kind={kind}
              name={name}
              kinds={["user", "robot", "team"]}
              robots={robots}
              teams={teams}
              disabled={busy}
              onKind={setKind}
              onName={setName}
            />
            <RolePicker id="quay-default-role" value={role} label={t("quay.defaults.columnRole")} disabled={busy} onChange={setRole} />
            <Button type="submit" variant="secondary" data-testid="quay-default-create" isLoading={busy} isDisabled={busy || !name.trim()}>
              {t("quay.defaults.create")}
            </Button>
          </form>
        </>
      )}
      {deleting && (
        <ConfirmModal
          testId="quay-default-delete-confirm"
          confirmTestId="quay-default-delete-confirm-submit"
          errorAlert={QuayErrorAlert}
          title={t("quay.defaults.deleteTitle")}
          body={t("quay.defaults.deleteBody", { delegate: deleting.delegate.name, role: ROLE_NAME[deleting.role] })}
          confirm={t("quay.defaults.deleteSubmit")}
          failed="quay.defaults.deleteFailed"
          variant="danger"
          onCancel={() => setDeleting(null)}
          run={async () => {
            await commands.quayDefaultPermissionDelete(connectionId, organization, deleting.id);
            onDone({ key: "quay.defaults.deleted", params: {} });
            setDeleting(null);
            reload();
          }}
        />
      )}
    </section>
  );
}
