import type { AccessEntry } from "../bindings/AccessEntry";
import type { AccessSource } from "../bindings/AccessSource";
import type { AccessSubject } from "../bindings/AccessSubject";
import type { CommandError } from "../bindings/CommandError";
import type { DefaultPermission } from "../bindings/DefaultPermission";
import type { Grantee } from "../bindings/Grantee";
import type { LogEntry } from "../bindings/LogEntry";
import type { LogScope } from "../bindings/LogScope";
import type { QuayRole } from "../bindings/QuayRole";
import type { RepositoryPermission } from "../bindings/RepositoryPermission";
import type { RobotPermission } from "../bindings/RobotPermission";
import type { Team } from "../bindings/Team";
import type { TeamMember } from "../bindings/TeamMember";
import type { TeamRole } from "../bindings/TeamRole";
import type { FakeQuay } from "./quayFixtures";

/** A Quay's teams, permissions and audit logs as the fake backend keeps them, beside its
 * organizations, repositories and robots (`FakeQuay`). */
export interface FakeQuayTeams {
  /** Teams by organization. */
  teams: Record<string, Team[]>;
  /** Members by `org/team`. */
  members: Record<string, TeamMember[]>;
  /** Permissions by `namespace/repository`. */
  permissions: Record<string, RepositoryPermission[]>;
  /** Default permissions by organization. */
  defaults: Record<string, DefaultPermission[]>;
  /** Audit log entries by scope (`org` or `org/repo`), newest first. */
  logs: Record<string, LogEntry[]>;
  /** Entries per page of the audit log. */
  pageSize: number;
  /** The clock of new log entries, Unix seconds. */
  now: number;
  nextId: number;
}

/** Now, in the fake (the day the fixtures' entries are from). */
export const FAKE_NOW = 1_764_770_000;

export const sampleQuayTeams = (): FakeQuayTeams => ({
  teams: {
    team: [
      { name: "devs", description: "Builds the app", role: "member", memberCount: 3, repositoryCount: 1 },
      { name: "owners", description: null, role: "admin", memberCount: 1, repositoryCount: 0 },
    ],
  },
  members: {
    "team/devs": [
      { name: "alice", isRobot: false, invited: false },
      { name: "bob@example.com", isRobot: false, invited: true },
      { name: "team+builder", isRobot: true, invited: false },
    ],
    "team/owners": [{ name: "admin", isRobot: false, invited: false }],
  },
  permissions: {
    "team/app": [
      { grantee: { kind: "user", name: "admin" }, role: "admin" },
      { grantee: { kind: "team", name: "devs" }, role: "write" },
    ],
    "team/base": [],
  },
  defaults: {
    team: [{ id: "1b2c-3d", delegate: { kind: "team", name: "devs" }, role: "read", activatingUser: null }],
  },
  logs: {
    team: [
      { kind: "push_repo", time: FAKE_NOW - 600, performer: "team+builder", performerIsRobot: true, ip: "10.0.0.7", metadata: '{"repo":"app","tag":"1.0"}' },
      { kind: "create_repo", time: FAKE_NOW - 7200, performer: "admin", performerIsRobot: false, ip: "10.0.0.1", metadata: '{"repo":"app"}' },
      { kind: "org_create_team", time: FAKE_NOW - 86_400 * 2, performer: "admin", performerIsRobot: false, ip: "10.0.0.1", metadata: '{"team":"devs"}' },
    ],
  },
  pageSize: 2,
  now: FAKE_NOW,
  nextId: 1,
});

const state = new WeakMap<FakeQuay, FakeQuayTeams>();

/** The teams side of fake Quay `q` (made from the sample on first use). */
export function teamsOf(q: FakeQuay): FakeQuayTeams {
  let found = state.get(q);
  if (!found) {
    found = sampleQuayTeams();
    state.set(q, found);
  }
  return found;
}

export const QUAY_TEAMS_COMMANDS = new Set([
  "quay_teams",
  "quay_team_members",
  "quay_team_save",
  "quay_team_delete",
  "quay_team_member_add",
  "quay_team_member_remove",
  "quay_repository_permissions",
  "quay_permission_set",
  "quay_permission_revoke",
  "quay_default_permissions",
  "quay_default_permission_create",
  "quay_default_permission_delete",
  "quay_robot_permissions",
  "quay_repository_access",
  "quay_logs",
  "quay_log_kinds",
]);

const refused = (code: CommandError["code"], message: string): CommandError => ({ code, message, detail: null });
const TEAM_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const RANK: Record<QuayRole, number> = { read: 0, write: 1, admin: 2 };
const sameGrantee = (a: Grantee, b: Grantee) => a.kind === b.kind && a.name === b.name;
const scopeKey = (scope: LogScope) => (scope.kind === "organization" ? scope.name : `${scope.namespace}/${scope.name}`);

/** Who may do what on `org/repo`, worked out as the backend's `effective_access` does. */
function effectiveAccess(x: FakeQuayTeams, isPublic: boolean, org: string, repo: string): AccessEntry[] {
  const sources = new Map<string, { subject: AccessSubject; sources: AccessSource[] }>();
  const add = (subject: AccessSubject, source: AccessSource) => {
    const key = subject.kind === "anyone" ? "0" : `1${subject.name}`;
    const entry = sources.get(key) ?? { subject, sources: [] };
    entry.sources.push(source);
    sources.set(key, entry);
  };
  const subjectOf = (m: TeamMember): AccessSubject => (m.isRobot ? { kind: "robot", name: m.name } : { kind: "user", name: m.name });
  if (isPublic) add({ kind: "anyone" }, { kind: "public" });
  for (const p of x.permissions[`${org}/${repo}`] ?? []) {
    if (p.grantee.kind === "team") {
      for (const m of (x.members[`${org}/${p.grantee.name}`] ?? []).filter((m) => !m.invited)) add(subjectOf(m), { kind: "team", team: p.grantee.name, role: p.role });
    } else add({ kind: p.grantee.kind, name: p.grantee.name }, { kind: "direct", role: p.role });
  }
  for (const team of (x.teams[org] ?? []).filter((t) => t.role === "admin")) {
    for (const m of (x.members[`${org}/${team.name}`] ?? []).filter((m) => !m.invited)) add(subjectOf(m), { kind: "organizationAdmin", team: team.name });
  }
  const roleOf = (s: AccessSource): QuayRole => (s.kind === "direct" || s.kind === "team" ? s.role : s.kind === "public" ? "read" : "admin");
  return [...sources.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, e]) => {
      const role = e.sources.map(roleOf).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
      return { subject: e.subject, role, canPull: true, canPush: RANK[role] >= 1, canAdmin: role === "admin", sources: e.sources };
    });
}

/** The teams, permissions and audit log commands against `q`. */
export function handleQuayTeams(q: FakeQuay, cmd: string, args: Record<string, unknown> | undefined): unknown {
  const x = teamsOf(q);
  const org = String(args?.organization ?? args?.namespace ?? "");
  const repo = String(args?.repository ?? "");
  const teamName = String(args?.team ?? "");
  const teams = (x.teams[org] ??= []);
  const log = (kind: string, metadata: Record<string, string>, scopes: string[]) => {
    const entry: LogEntry = { kind, time: ++x.now, performer: q.username, performerIsRobot: false, ip: "127.0.0.1", metadata: JSON.stringify(metadata) };
    for (const s of scopes) (x.logs[s] ??= []).unshift(entry);
  };
  const team = () => {
    const found = teams.find((t) => t.name === teamName);
    if (!found) throw refused("notFound", `GET /organization/${org}/team/${teamName}/members: not found (HTTP 400): Team '${teamName}' is not a team in org '${org}'`);
    return found;
  };
  const repository = () => {
    const found = (q.repositories[org] ?? []).find((r) => r.name === repo);
    if (!found) throw refused("notFound", `GET /repository/${org}/${repo}: not found (HTTP 404)`);
    return found;
  };
  const knows = (g: Grantee) =>
    g.kind === "team"
      ? teams.some((t) => t.name === g.name)
      : g.kind === "robot"
        ? (q.robots[org] ?? []).some((r) => r.robot.name === g.name)
        : g.name === q.username || Object.values(x.members).some((ms) => ms.some((m) => m.name === g.name));
  switch (cmd) {
    case "quay_teams":
      return teams.map((t) => ({ ...t, memberCount: (x.members[`${org}/${t.name}`] ?? []).length }));
    case "quay_team_members":
      team();
      return x.members[`${org}/${teamName}`] ?? [];
    case "quay_team_save": {
      if (!TEAM_NAME.test(teamName) || teamName.length < 2) {
        throw refused("invalidInput", `"${teamName}" is not a valid team name: lowercase letters, digits and _ (organizations also . and -), starting with a letter or digit`);
      }
      const role = args?.role as TeamRole;
      const description = String(args?.description ?? "") || null;
      const found = teams.find((t) => t.name === teamName);
      if (found) {
        Object.assign(found, { role, description });
      } else {
        teams.push({ name: teamName, description, role, memberCount: 0, repositoryCount: 0 });
        teams.sort((a, b) => (a.name < b.name ? -1 : 1));
        log("org_create_team", { team: teamName }, [org]);
      }
      return { name: teamName, description, role, created: !found };
    }
    case "quay_team_delete":
      team();
      x.teams[org] = teams.filter((t) => t.name !== teamName);
      delete x.members[`${org}/${teamName}`];
      for (const [key, ps] of Object.entries(x.permissions)) {
        if (key.startsWith(`${org}/`)) x.permissions[key] = ps.filter((p) => !sameGrantee(p.grantee, { kind: "team", name: teamName }));
      }
      log("org_delete_team", { team: teamName }, [org]);
      return null;
    case "quay_team_member_add": {
      team();
      const name = String(args?.member);
      const isRobot = name.includes("+");
      if (!knows({ kind: isRobot ? "robot" : "user", name })) throw refused("invalidInput", `PUT /organization/${org}/team/${teamName}/members/${name}: Quay refused it (HTTP 400): Unknown user`);
      const members = (x.members[`${org}/${teamName}`] ??= []);
      const member = { name, isRobot, invited: false };
      if (!members.some((m) => m.name === name)) members.push(member);
      members.sort((a, b) => (a.name < b.name ? -1 : 1));
      log("org_add_team_member", { team: teamName, member: name }, [org]);
      return member;
    }
    case "quay_team_member_remove": {
      team();
      const name = String(args?.member);
      x.members[`${org}/${teamName}`] = (x.members[`${org}/${teamName}`] ?? []).filter((m) => m.name !== name);
      log("org_remove_team_member", { team: teamName, member: name }, [org]);
      return null;
    }
    case "quay_repository_permissions":
      repository();
      return x.permissions[`${org}/${repo}`] ?? [];
    case "quay_permission_set": {
      repository();
      const grantee = args?.grantee as Grantee;
      const role = args?.role as QuayRole;
      if (!knows(grantee)) {
        throw grantee.kind === "team"
          ? refused("notFound", `PUT /repository/${org}/${repo}/permissions/team/${grantee.name}: not found (HTTP 400): Team '${grantee.name}' is not a team in org '${org}'`)
          : refused("invalidInput", `PUT /repository/${org}/${repo}/permissions/user/${grantee.name}: Quay refused it (HTTP 400): Invalid username: ${grantee.name}`);
      }
      const ps = (x.permissions[`${org}/${repo}`] ??= []);
      const found = ps.find((p) => sameGrantee(p.grantee, grantee));
      if (found) found.role = role;
      else ps.push({ grantee, role });
      log("change_repo_permission", { repo, role, [grantee.kind === "team" ? "team" : "username"]: grantee.name }, [org, `${org}/${repo}`]);
      return null;
    }
    case "quay_permission_revoke": {
      repository();
      const grantee = args?.grantee as Grantee;
      const ps = x.permissions[`${org}/${repo}`] ?? [];
      if (!ps.some((p) => sameGrantee(p.grantee, grantee))) {
        throw refused("invalidInput", `DELETE /repository/${org}/${repo}/permissions/${grantee.kind === "team" ? "team" : "user"}/${grantee.name}: Quay refused it (HTTP 400): Team does not have permission for repo.`);
      }
      x.permissions[`${org}/${repo}`] = ps.filter((p) => !sameGrantee(p.grantee, grantee));
      log("delete_repo_permission", { repo, [grantee.kind === "team" ? "team" : "username"]: grantee.name }, [org, `${org}/${repo}`]);
      return null;
    }
    case "quay_default_permissions":
      return x.defaults[org] ?? [];
    case "quay_default_permission_create": {
      const delegate = args?.delegate as Grantee;
      if (!knows(delegate)) throw refused("notFound", `POST /organization/${org}/prototypes: not found (HTTP 400): ('Team does not exist: %s/%s', '${org}', '${delegate.name}')`);
      const created: DefaultPermission = {
        id: `0000-${x.nextId++}`,
        delegate,
        role: args?.role as QuayRole,
        activatingUser: (args?.activatingUser as string | null) || null,
      };
      (x.defaults[org] ??= []).push(created);
      log("create_prototype_permission", { role: created.role }, [org]);
      return created;
    }
    case "quay_default_permission_delete":
      x.defaults[org] = (x.defaults[org] ?? []).filter((d) => d.id !== args?.permission);
      log("delete_prototype_permission", {}, [org]);
      return null;
    case "quay_robot_permissions": {
      const name = `${org}+${String(args?.name)}`;
      const out: RobotPermission[] = [];
      for (const [key, ps] of Object.entries(x.permissions)) {
        const [ns, r] = key.split("/");
        const p = ps.find((p) => sameGrantee(p.grantee, { kind: "robot", name }));
        if (ns === org && r && p) out.push({ repository: r, isPublic: (q.repositories[org] ?? []).some((x) => x.name === r && x.isPublic), role: p.role });
      }
      return out.sort((a, b) => (a.repository < b.repository ? -1 : 1));
    }
    case "quay_repository_access":
      return effectiveAccess(x, repository().isPublic, org, repo);
    case "quay_logs": {
      const entries = x.logs[scopeKey(args?.scope as LogScope)] ?? [];
      const from = args?.page ? Number(String(args.page).slice(4)) : 0;
      const next = from + x.pageSize;
      return { entries: entries.slice(from, next), nextPage: next < entries.length ? `page${next}` : null };
    }
    case "quay_log_kinds": {
      const counts = new Map<string, number>();
      for (const e of x.logs[scopeKey(args?.scope as LogScope)] ?? []) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
      return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, count]) => ({ kind, count }));
    }
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}
