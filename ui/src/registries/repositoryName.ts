/**
 * Repository names as the distribution spec's grammar allows them, checked as the user types
 * (the backend checks again: `registry::is_repository_name`): path components
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*` joined by `/`, at most 255 characters.
 */
const COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
const NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);

export const MAX_REPOSITORY_NAME = 255;

export function isRepositoryName(name: string): boolean {
  return name.length <= MAX_REPOSITORY_NAME && NAME.test(name);
}

/**
 * What the user typed, as the backend reads it: surrounding spaces go, and so does the
 * registry's own host when it was pasted with it (`registry.example:5000/demo/x`).
 */
export function normalizeRepositoryInput(registryHost: string, input: string): string {
  let name = input.trim();
  if (name.startsWith("docker://")) name = name.slice("docker://".length);
  name = name.replace(/^\/+/, "");
  const slash = name.indexOf("/");
  if (slash > 0 && name.slice(0, slash).toLowerCase() === registryHost.toLowerCase()) name = name.slice(slash + 1);
  return name;
}

/** `host[:port]` of a connection URL, as pull specs name it. */
export function registryHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
