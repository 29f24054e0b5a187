import type { CommandError } from "../bindings/CommandError";
import type { OpenedRepository } from "../bindings/OpenedRepository";
import { isRepositoryName, normalizeRepositoryInput } from "../registries/repositoryName";
import type { FakeRegistry } from "./registryFixtures";

/** The commands of opening a repository by its name. */
export const RECENT_REPOS_COMMANDS = new Set([
  "registry_recent_repositories",
  "registry_open_repository",
  "registry_forget_recent_repository",
]);

/** What the backend answers when a registry will not list its repositories to the user. */
export const CATALOG_REFUSED: CommandError = {
  code: "catalogRefused",
  message:
    "Http://127.0.0.1:5001/token refused to list the registry's repositories to this user (HTTP 403), though it accepts the sign-in: open a repository by its name.",
  detail: "DENIED: requested access to the resource is denied",
};

/** The same, when nobody is signed in. */
export const CATALOG_REFUSED_ANONYMOUS: CommandError = {
  code: "catalogRefused",
  message:
    "Https://registry-1.docker.io/v2/_catalog?n=1000 lists the registry's repositories only to users who may see them (HTTP 401): sign in, or open a repository by its name.",
  detail: "UNAUTHORIZED: authentication required",
};

/** A registry without a catalog. */
export const CATALOG_NOT_OFFERED: CommandError = {
  code: "catalogNotOffered",
  message:
    "Https://registry.example/v2/_catalog answered HTTP 404: this registry does not offer a list of its repositories; open a repository by its name.",
  detail: "NOT_FOUND: not found",
};

const MAX_RECENT = 10;

/**
 * The backend's side of opening by name, over the fake registry: the name is checked against
 * the grammar, its tags must exist, and only then is it put first among the connection's
 * recent names (at most ten), which `recent` keeps as the settings file does.
 */
export function handleRecentRepos(
  registry: FakeRegistry,
  recent: Record<string, string[]>,
  cmd: string,
  args: Record<string, unknown> | undefined,
): unknown {
  const id = String(args?.connectionId);
  const list = recent[id] ?? [];
  switch (cmd) {
    case "registry_recent_repositories":
      return [...list];
    case "registry_forget_recent_repository":
      recent[id] = list.filter((n) => n !== args?.repository);
      return [...recent[id]];
    case "registry_open_repository": {
      const name = normalizeRepositoryInput(registry.host, String(args?.repository));
      if (!isRepositoryName(name)) {
        throw {
          code: "invalidInput",
          message: `"${name}" is not a repository name: lowercase letters and digits, separated by \`.\`, \`_\`, \`__\` or \`-\`, in parts joined by \`/\`, such as namespace/name.`,
          detail: null,
        } satisfies CommandError;
      }
      const failure = registry.failures[`registry_open_repository ${name}`];
      if (failure) throw failure;
      if (!registry.tags[name]) {
        throw {
          code: "notFound",
          message: `${name} was not found on the registry (HTTP 404): NAME_UNKNOWN repository name not known to registry.`,
          detail: "NAME_UNKNOWN: repository name not known to registry",
        } satisfies CommandError;
      }
      recent[id] = [name, ...list.filter((n) => n !== name)].slice(0, MAX_RECENT);
      return { repository: name, recent: [...recent[id]] } satisfies OpenedRepository;
    }
    default:
      throw new Error(`not a recent-repositories command: ${cmd}`);
  }
}
