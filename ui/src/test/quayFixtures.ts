import type { CommandError } from "../bindings/CommandError";
import type { Organization } from "../bindings/Organization";
import type { Repository } from "../bindings/Repository";
import type { Robot } from "../bindings/Robot";
import type { RobotCredentials } from "../bindings/RobotCredentials";

/** A Quay as the fake backend keeps it: its valid token, organizations, repositories, robots. */
export interface FakeQuay {
  /** The token Quay accepts; another is refused with 401. */
  token: string;
  username: string;
  superUser: boolean;
  organizations: Organization[];
  repositories: Record<string, Repository[]>;
  /** Robots by organization, with their tokens. */
  robots: Record<string, { robot: Robot; token: string }[]>;
  /** Counts regenerations, so each new token differs. */
  generation: number;
}

export const sampleQuay = (): FakeQuay => ({
  token: "quay-oauth-token-1",
  username: "admin",
  superUser: true,
  organizations: [
    { name: "openshift_demo", isOrgAdmin: true, canCreateRepo: true },
    { name: "team", isOrgAdmin: true, canCreateRepo: true },
  ],
  repositories: {
    team: [
      { namespace: "team", name: "app", isPublic: false, description: "The app", lastModified: 1_764_000_000 },
      { namespace: "team", name: "base", isPublic: true, description: null, lastModified: null },
    ],
  },
  robots: {
    team: [{ robot: { name: "team+builder", description: "CI builds", created: "Tue, 01 Dec 2026 10:00:00 -0000", lastAccessed: null }, token: "ROBOTTOKEN1" }],
  },
  generation: 1,
});

const refused = (code: CommandError["code"], message: string): CommandError => ({ code, message, detail: null });

const SHORT_NAME = /^[a-z0-9][a-z0-9_]{0,254}$/;

/** The quay_* commands against `q`, for a backend where `signedInWith` is the kept token. */
export function handleQuay(q: FakeQuay, cmd: string, args: Record<string, unknown> | undefined, keyOf: (id: string) => string): unknown {
  const org = String(args?.organization ?? args?.namespace ?? "");
  const short = String(args?.name ?? "");
  const full = `${org}+${short}`;
  const robots = (q.robots[org] ??= []);
  const found = () => {
    const r = robots.find((x) => x.robot.name === full);
    if (!r) throw refused("notFound", `GET /organization/${org}/robots/${short}: not found (HTTP 400): Could not find robot with specified username.`);
    return r;
  };
  const credentials = (name: string, token: string): RobotCredentials => {
    const key = keyOf(String(args?.connectionId));
    return {
      name,
      token,
      login: {
        key,
        username: name,
        docker: `docker login -u '${name}' '${key}'`,
        podman: `podman login -u '${name}' '${key}'`,
      },
    };
  };
  switch (cmd) {
    case "quay_whoami":
      return { username: q.username, superUser: q.superUser };
    case "quay_organizations":
      return q.organizations;
    case "quay_repositories":
      return q.repositories[org] ?? [];
    case "quay_robots":
      return robots.map((r) => r.robot);
    case "quay_robot_create": {
      if (!SHORT_NAME.test(short)) {
        throw refused("invalidInput", `"${short}" is not a valid robot name: lowercase letters, digits and _ (organizations also . and -), starting with a letter or digit.`);
      }
      if (robots.some((r) => r.robot.name === full)) {
        throw refused("invalidInput", `PUT /organization/${org}/robots/${short}: Quay refused it (HTTP 400): Existing robot with name: ${full}.`);
      }
      const token = `ROBOT-${short}-${q.generation++}`;
      robots.push({ robot: { name: full, description: String(args?.description ?? "") || null, created: "now", lastAccessed: null }, token });
      return credentials(full, token);
    }
    case "quay_robot_credentials":
      return credentials(full, found().token);
    case "quay_robot_regenerate": {
      const r = found();
      r.token = `ROBOT-${short}-${q.generation++}`;
      return credentials(full, r.token);
    }
    case "quay_robot_delete":
      found();
      q.robots[org] = robots.filter((r) => r.robot.name !== full);
      return null;
    case "quay_robot_pull_secret": {
      const request = args?.request as { name: string; namespace: string };
      const token = found().token;
      const yaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${request.name}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${btoa(`${full}:${token}`)}\n`;
      return { yaml, yamlMasked: yaml.replace(/\.dockerconfigjson: .*/, ".dockerconfigjson: ••••••••"), keys: [keyOf(String(args?.connectionId))] };
    }
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}
