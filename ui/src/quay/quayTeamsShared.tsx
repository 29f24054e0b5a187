import { useEffect, useState } from "react";
import { FormSelect, FormSelectOption, Label, TextInput } from "@patternfly/react-core";
import "./quayTeams.css";
import { commands } from "../bindings/commands";
import type { Grantee } from "../bindings/Grantee";
import type { QuayRole } from "../bindings/QuayRole";
import type { Repository } from "../bindings/Repository";
import type { Robot } from "../bindings/Robot";
import type { Team } from "../bindings/Team";
import type { TeamRole } from "../bindings/TeamRole";
import type { UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { useLoad, type Load } from "../hooks/useLoad";

/** Quay's repository roles, weakest first, named as Quay's UI names them. */
export const ROLES: QuayRole[] = ["read", "write", "admin"];
export const ROLE_NAME: Record<QuayRole, string> = { read: "Read", write: "Write", admin: "Admin" };
export const ROLE_HELP: Record<QuayRole, MessageKey> = { read: "quay.role.read", write: "quay.role.write", admin: "quay.role.admin" };

/** Quay's team roles, named as Quay's UI names them. */
export const TEAM_ROLES: TeamRole[] = ["member", "creator", "admin"];
export const TEAM_ROLE_NAME: Record<TeamRole, string> = { member: "Member", creator: "Creator", admin: "Admin" };
export const TEAM_ROLE_HELP: Record<TeamRole, MessageKey> = {
  member: "quay.teamRole.member",
  creator: "quay.teamRole.creator",
  admin: "quay.teamRole.admin",
};

export type GranteeKind = Grantee["kind"];
export const KIND_LABEL: Record<GranteeKind | "anyone", MessageKey> = {
  user: "quay.kind.user",
  robot: "quay.kind.robot",
  team: "quay.kind.team",
  anyone: "quay.kind.anyone",
};
const KIND_COLOR = { user: "blue", robot: "teal", team: "purple", anyone: "orange" } as const;

/** A user, robot account, team or "anyone", with its kind. */
export function SubjectName({ kind, name }: { kind: GranteeKind | "anyone"; name?: string }) {
  const t = useT();
  return (
    <span className="rc-subject" data-kind={kind}>
      <Label isCompact color={KIND_COLOR[kind]}>
        {t(KIND_LABEL[kind])}
      </Label>
      {name && (
        <>
          {" "}
          <span className="rc-mono">{name}</span>
        </>
      )}
    </span>
  );
}

/** The title of a failure: the words for a 403 when Quay refused, else the general one. */
export function failedTitle(error: UiError, denied: MessageKey, otherwise: MessageKey): MessageKey {
  return error.code === "accessDenied" ? denied : otherwise;
}

/** The last repository picked in an organization, so the Permissions, Effective access and
 * Audit log tabs open on the same one (in memory only). */
const lastRepository = new Map<string, string>();

/** Forgets the repositories picked (a new window starts on the first one; tests start clean). */
export function forgetRepositoryChoices() {
  lastRepository.clear();
}

/** The repositories of `organization`, and the one picked (remembered across tabs). */
export function useRepositoryChoice(connectionId: string, organization: string): {
  repositories: Load<Repository[]>;
  picked: string;
  pick: (name: string) => void;
  reload: () => void;
} {
  const key = `${connectionId}/${organization}`;
  const [repositories, reload] = useLoad(() => commands.quayRepositories(connectionId, organization), [connectionId, organization]);
  const [picked, setPicked] = useState(lastRepository.get(key) ?? "");
  useEffect(() => {
    if (repositories.status !== "ready") return;
    const names = repositories.value.map((r) => r.name);
    if (!names.includes(picked)) setPicked(names[0] ?? "");
  }, [repositories, picked]);
  useEffect(() => {
    if (picked) lastRepository.set(key, picked);
  }, [key, picked]);
  return { repositories, picked, pick: setPicked, reload };
}

/** A picker of the organization's repositories. */
export function RepositoryPicker({
  repositories,
  picked,
  onPick,
  testId,
}: {
  repositories: Repository[];
  picked: string;
  onPick: (name: string) => void;
  testId: string;
}) {
  const t = useT();
  return (
    <FormSelect
      id={testId}
      data-testid={testId}
      aria-label={t("quay.repository")}
      value={picked}
      onChange={(_e, v) => onPick(v)}
      className="rc-qt-repo"
    >
      {repositories.map((r) => (
        <FormSelectOption key={r.name} value={r.name} label={`${r.namespace}/${r.name}`} />
      ))}
    </FormSelect>
  );
}

/** The organization's robot accounts and teams, for pickers (each may fail on its own: a
 * token without `org:admin` sees no teams, one without the robots' scope no robots). */
export function useRobotsAndTeams(connectionId: string, organization: string): { robots: Robot[]; teams: Team[] } {
  const [robots] = useLoad(() => commands.quayRobots(connectionId, organization), [connectionId, organization]);
  const [teams] = useLoad(() => commands.quayTeams(connectionId, organization), [connectionId, organization]);
  return {
    robots: robots.status === "ready" ? robots.value : [],
    teams: teams.status === "ready" ? teams.value : [],
  };
}

/** Kind + name of a user, robot account or team: a text field for a user, a picker for the
 * others (from the organization's robot accounts and teams). */
export function GranteeFields({
  idPrefix,
  kind,
  name,
  kinds,
  robots,
  teams,
  disabled,
  onKind,
  onName,
}: {
  idPrefix: string;
  kind: GranteeKind;
  name: string;
  kinds: GranteeKind[];
  robots: Robot[];
  teams: Team[];
  disabled?: boolean;
  onKind: (kind: GranteeKind) => void;
  onName: (name: string) => void;
}) {
  const t = useT();
  return (
    <>
      <FormSelect
        id={`${idPrefix}-kind`}
        data-testid={`${idPrefix}-kind`}
        aria-label={t("quay.perms.grantKind")}
        value={kind}
        isDisabled={disabled}
        onChange={(_e, v) => {
          onKind(v as GranteeKind);
          onName("");
        }}
        className="rc-qt-field"
      >
        {kinds.map((k) => (
          <FormSelectOption key={k} value={k} label={t(KIND_LABEL[k])} />
        ))}
      </FormSelect>
      {kind === "user" && (
        <TextInput
          id={`${idPrefix}-name`}
          data-testid={`${idPrefix}-name`}
          aria-label={t("quay.perms.grantUser")}
          placeholder={t("quay.perms.grantUser")}
          value={name}
          isDisabled={disabled}
          onChange={(_e, v) => onName(v)}
          className="rc-qt-field"
        />
      )}
      {kind !== "user" && (
        <FormSelect
          id={`${idPrefix}-name`}
          data-testid={`${idPrefix}-name`}
          aria-label={t(kind === "robot" ? "quay.pickRobot" : "quay.pickTeam")}
          value={name}
          isDisabled={disabled}
          onChange={(_e, v) => onName(v)}
          className="rc-qt-field"
        >
          <FormSelectOption value="" label={t(kind === "robot" ? "quay.pickRobot" : "quay.pickTeam")} isPlaceholder />
          {(kind === "robot" ? robots.map((r) => r.name) : teams.map((x) => x.name)).map((n) => (
            <FormSelectOption key={n} value={n} label={n} />
          ))}
        </FormSelect>
      )}
    </>
  );
}

/** A role picker (Read / Write / Admin). */
export function RolePicker({
  id,
  value,
  label,
  disabled,
  onChange,
}: {
  id: string;
  value: QuayRole;
  label: string;
  disabled?: boolean;
  onChange: (role: QuayRole) => void;
}) {
  const t = useT();
  return (
    <FormSelect
      id={id}
      data-testid={id}
      aria-label={label}
      value={value}
      isDisabled={disabled}
      onChange={(_e, v) => onChange(v as QuayRole)}
      className="rc-qt-field"
    >
      {ROLES.map((r) => (
        <FormSelectOption key={r} value={r} label={ROLE_NAME[r]} title={t(ROLE_HELP[r])} />
      ))}
    </FormSelect>
  );
}
