import { useMemo, useState, type FormEvent } from "react";
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
  TextInput,
  Title,
} from "@patternfly/react-core";
import { FilterInput } from "../components/FilterToolbar";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { Robot } from "../bindings/Robot";
import type { Team } from "../bindings/Team";
import type { TeamRole } from "../bindings/TeamRole";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { matches } from "../access/AccessPage";
import { useLoad } from "../hooks/useLoad";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { GranteeFields, SubjectName, TEAM_ROLE_HELP, TEAM_ROLE_NAME, TEAM_ROLES, failedTitle, type GranteeKind } from "./quayTeamsShared";
import { ConfirmModal } from "../components/ConfirmModal";

type Done = { key: MessageKey; params: Record<string, string> };
type Dialog = { kind: "save"; team: Team | null } | { kind: "delete"; team: string } | { kind: "remove"; team: string; member: string };

const TEAM_ROLE_COLOR = { member: "grey", creator: "blue", admin: "orange" } as const;

/**
 * An organization's teams (role as Quay names it, member count): create or edit one (name,
 * role, description), delete one after asking; a team's members (users and robot accounts,
 * invites marked): add one (a robot from the organization's robot accounts), remove after asking.
 */
export function TeamsTab({ connectionId, organization, onSignIn }: QuayTabProps) {
  const t = useT();
  const [teams, reload] = useLoad(() => commands.quayTeams(connectionId, organization), [connectionId, organization]);
  const [robots] = useLoad(() => commands.quayRobots(connectionId, organization), [connectionId, organization]);
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  /** Bumped when a member is added or removed, so the members and counts are read again. */
  const [round, setRound] = useState(0);

  const all = useMemo(() => (teams.status === "ready" ? teams.value : []), [teams]);
  const shown = useMemo(() => all.filter((x) => matches(filter, x.name, x.description, x.role)), [all, filter]);
  const current = all.find((x) => x.name === selected) ?? null;

  if (teams.status === "loading") return <Spinner size="lg" aria-label={t("quay.loading")} />;
  if (teams.status === "failed")
    return (
      <QuayErrorAlert error={teams.error} title={failedTitle(teams.error, "quay.teams.denied", "quay.error.load")} onSignIn={onSignIn} onRetry={reload} />
    );

  return (
    <>
      {done && (
        <Alert
          variant="success"
          isInline
          data-testid="quay-team-done"
          title={t(done.key, done.params)}
          actionClose={<AlertActionCloseButton onClose={() => setDone(null)} />}
          className="rc-mb-md"
        />
      )}
      <div className="rc-qt-bar">
        <Button variant="primary" data-testid="quay-team-create" onClick={() => setDialog({ kind: "save", team: null })}>
          {t("quay.teams.create")}
        </Button>
        <FilterInput className="rc-qt-field" testId="quay-team-filter" label={t("quay.teams.filter")} filter={filter} onFilter={setFilter} />
        <span className="rc-count" data-testid="quay-team-count">
          {t("quay.teams.count", { shown: shown.length, total: all.length })}
        </span>
      </div>
      {all.length === 0 ? (
        <p data-testid="quay-teams-none">{t("quay.teams.none")}</p>
      ) : (
        <Table aria-label={t("quay.tab.teams")} variant="compact" data-testid="quay-teams">
          <Thead>
            <Tr>
              <Th>{t("quay.teams.columnName")}</Th>
              <Th>{t("quay.teams.columnRole")}</Th>
              <Th modifier="fitContent">{t("quay.teams.columnMembers")}</Th>
              <Th modifier="fitContent">{t("quay.teams.columnRepositories")}</Th>
              <Th screenReaderText={t("quay.teams.actionsLabel", { name: "" })} />
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((x) => (
              <Tr key={x.name} data-testid="quay-team-row" data-name={x.name} isRowSelected={x.name === selected}>
                <Td dataLabel={t("quay.teams.columnName")}>
                  <strong>{x.name}</strong>
                  {x.description && <div className="rc-detail">{x.description}</div>}
                </Td>
                <Td dataLabel={t("quay.teams.columnRole")}>
                  <Label isCompact color={TEAM_ROLE_COLOR[x.role]} title={t(TEAM_ROLE_HELP[x.role])} data-testid="quay-team-role">
                    {TEAM_ROLE_NAME[x.role]}
                  </Label>
                </Td>
                <Td dataLabel={t("quay.teams.columnMembers")} data-testid="quay-team-members-count">
                  {x.memberCount}
                </Td>
                <Td dataLabel={t("quay.teams.columnRepositories")}>{x.repositoryCount}</Td>
                <Td isActionCell>
                  <div className="rc-row-actions" aria-label={t("quay.teams.actionsLabel", { name: x.name })}>
                    <Button variant={x.name === selected ? "primary" : "secondary"} size="sm" data-testid="quay-team-members" onClick={() => setSelected(x.name)}>
                      {t("quay.teams.members")}
                    </Button>
                    <Button variant="secondary" size="sm" data-testid="quay-team-edit" onClick={() => setDialog({ kind: "save", team: x })}>
                      {t("quay.teams.edit")}
                    </Button>
                    <Button variant="secondary" isDanger size="sm" data-testid="quay-team-delete" onClick={() => setDialog({ kind: "delete", team: x.name })}>
                      {t("quay.teams.delete")}
                    </Button>
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {current && (
        <Members
          key={`${current.name}/${round}`}
          connectionId={connectionId}
          organization={organization}
          team={current.name}
          robots={robots.status === "ready" ? robots.value : []}
          onSignIn={onSignIn}
          onAdded={(name) => {
            setDone({ key: "quay.teams.added", params: { name, team: current.name } });
            setRound((r) => r + 1);
            reload();
          }}
          onRemove={(member) => setDialog({ kind: "remove", team: current.name, member })}
        />
      )}
      {dialog?.kind === "save" && (
        <SaveTeamModal
          connectionId={connectionId}
          organization={organization}
          team={dialog.team}
          onCancel={() => setDialog(null)}
          onSaved={(name, created) => {
            setDialog(null);
            setDone({ key: created ? "quay.teams.created" : "quay.teams.saved", params: { name } });
            setSelected(name);
            reload();
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmModal
          testId="quay-team-delete-confirm"
          confirmTestId="quay-team-delete-confirm-submit"
          errorAlert={QuayErrorAlert}
          title={t("quay.teams.deleteTitle", { name: dialog.team })}
          body={t("quay.teams.deleteBody")}
          confirm={t("quay.teams.deleteSubmit")}
          failed="quay.teams.deleteFailed"
          variant="danger"
          onCancel={() => setDialog(null)}
          run={async () => {
            await commands.quayTeamDelete(connectionId, organization, dialog.team);
            setDone({ key: "quay.teams.deleted", params: { name: dialog.team } });
            if (selected === dialog.team) setSelected(null);
            setDialog(null);
            reload();
          }}
        />
      )}
      {dialog?.kind === "remove" && (
        <ConfirmModal
          testId="quay-team-remove-confirm"
          confirmTestId="quay-team-remove-confirm-submit"
          errorAlert={QuayErrorAlert}
          title={t("quay.teams.removeTitle")}
          body={t("quay.teams.removeBody", { name: dialog.member, team: dialog.team })}
          confirm={t("quay.teams.removeSubmit")}
          failed="quay.teams.removeFailed"
          variant="danger"
          onCancel={() => setDialog(null)}
          run={async () => {
            await commands.quayTeamMemberRemove(connectionId, organization, dialog.team, dialog.member);
            setDone({ key: "quay.teams.removed", params: { name: dialog.member, team: dialog.team } });
            setDialog(null);
            setRound((r) => r + 1);
            reload();
          }}
        />
      )}
    </>
  );
}

function Members({
  connectionId,
  organization,
  team,
  robots,
  onSignIn,
  onAdded,
  onRemove,
}: {
  connectionId: string;
  organization: string;
  team: string;
  robots: Robot[];
  onSignIn: () => void;
  onAdded: (name: string) => void;
  onRemove: (member: string) => void;
}) {
  const t = useT();
  const [members, reload] = useLoad(() => commands.quayTeamMembers(connectionId, organization, team), [connectionId, organization, team]);
  const [kind, setKind] = useState<GranteeKind>("robot");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const add = async (event?: FormEvent) => {
    event?.preventDefault();
    const who = name.trim();
    if (!who || busy) return;
    setBusy(true);
    setError(null);
    try {
      const added = await commands.quayTeamMemberAdd(connectionId, organization, team, who);
      onAdded(added.name);
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };

  return (
    <section className="rc-qt-section" data-testid="quay-team-members-panel" data-team={team}>
      <Title headingLevel="h2" size="lg" className="rc-mb-sm">
        {t("quay.teams.membersTitle", { name: team })}
      </Title>
      {members.status === "loading" && <Spinner size="md" aria-label={t("quay.loading")} />}
      {members.status === "failed" && (
        <QuayErrorAlert
          error={members.error}
          title={failedTitle(members.error, "quay.teams.denied", "quay.teams.membersFailed")}
          onSignIn={onSignIn}
          onRetry={reload}
        />
      )}
      {members.status === "ready" && (
        <Table aria-label={t("quay.teams.membersTitle", { name: team })} variant="compact" data-testid="quay-team-member-table">
          <Tbody>
            {members.value.map((m) => (
              <Tr key={m.name} data-testid="quay-team-member-row" data-name={m.name} data-robot={m.isRobot} data-invited={m.invited}>
                <Td>
                  <SubjectName kind={m.isRobot ? "robot" : "user"} name={m.name} />
                  {m.invited && (
                    <>
                      {" "}
                      <Label isCompact color="yellow" data-testid="quay-team-member-invited">
                        {t("quay.teams.invited")}
                      </Label>
                    </>
                  )}
                </Td>
                <Td isActionCell modifier="fitContent">
                  <Button variant="secondary" isDanger size="sm" data-testid="quay-team-member-remove" onClick={() => onRemove(m.name)}>
                    {t("quay.teams.remove")}
                  </Button>
                </Td>
              </Tr>
            ))}
            {!members.value.length && (
              <Tr>
                <Td colSpan={2} data-testid="quay-team-members-none">
                  {t("quay.teams.membersNone")}
                </Td>
              </Tr>
            )}
          </Tbody>
        </Table>
      )}
      {error && <QuayErrorAlert error={error} title={failedTitle(error, "quay.teams.denied", "quay.teams.addFailed")} onSignIn={onSignIn} />}
      <form className="rc-qt-bar rc-mt-md" onSubmit={add} data-testid="quay-team-add-form">
        <GranteeFields
          idPrefix="quay-team-add"
          kind={kind}
          name={name}
          kinds={["user", "robot"]}
          robots={robots}
          teams={[]}
          disabled={busy}
          onKind={setKind}
          onName={setName}
        />
        <Button type="submit" variant="secondary" data-testid="quay-team-add" isLoading={busy} isDisabled={busy || !name.trim()}>
          {t("quay.teams.addMember")}
        </Button>
      </form>
      {kind === "robot" && !robots.length && <p className="rc-subtle rc-small">{t("quay.noRobots")}</p>}
    </section>
  );
}

function SaveTeamModal({
  connectionId,
  organization,
  team,
  onCancel,
  onSaved,
}: {
  connectionId: string;
  organization: string;
  team: Team | null;
  onCancel: () => void;
  onSaved: (name: string, created: boolean) => void;
}) {
  const t = useT();
  const [name, setName] = useState(team?.name ?? "");
  const [role, setRole] = useState<TeamRole>(team?.role ?? "member");
  const [description, setDescription] = useState(team?.description ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await commands.quayTeamSave(connectionId, organization, name.trim(), role, description.trim());
      onSaved(saved.name, saved.created);
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby="quay-team-save-title" data-testid="quay-team-save">
      <ModalHeader
        title={team ? t("quay.teams.editTitle", { name: team.name }) : t("quay.teams.createTitle", { organization })}
        labelId="quay-team-save-title"
      />
      <ModalBody>
        <Form id="quay-team-save-form" onSubmit={submit} noValidate>
          {error && <QuayErrorAlert error={error} title={failedTitle(error, "quay.teams.denied", "quay.teams.saveFailed")} />}
          <FormGroup label={t("quay.teams.name")} isRequired fieldId="quay-team-name">
            <TextInput id="quay-team-name" value={name} onChange={(_e, v) => setName(v)} isDisabled={busy || team !== null} autoFocus={!team} />
            {!team && (
              <HelperText>
                <HelperTextItem>{t("quay.teams.nameHelp")}</HelperTextItem>
              </HelperText>
            )}
          </FormGroup>
          <FormGroup label={t("quay.teams.role")} fieldId="quay-team-role">
            <FormSelect id="quay-team-role" value={role} onChange={(_e, v) => setRole(v as TeamRole)} isDisabled={busy}>
              {TEAM_ROLES.map((r) => (
                <FormSelectOption key={r} value={r} label={t(TEAM_ROLE_HELP[r])} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label={t("quay.teams.description")} fieldId="quay-team-description">
            <TextInput id="quay-team-description" value={description} onChange={(_e, v) => setDescription(v)} isDisabled={busy} />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="quay-team-save-form" variant="primary" data-testid="quay-team-save-submit" isLoading={busy} isDisabled={busy || !name.trim()}>
          {t("quay.teams.save")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
