import type { CommandError } from "../bindings/CommandError";
import type { PullSecretImport } from "../bindings/PullSecretImport";

/** A registry service account, as the Red Hat portal makes it (seed 004). */
export const SERVICE_ACCOUNT = "12345678|registry-console";
export const SERVICE_ACCOUNT_TOKEN = "eyJhbGciOiJSUzUxMiJ9.service-account-token";

/** The Secret YAML the portal's "OpenShift Secret" tab downloads. */
export const PORTAL_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: 12345678-registry-console-pull-secret
data:
  .dockerconfigjson: ${btoa(JSON.stringify({ auths: { "registry.redhat.io": { auth: btoa(`${SERVICE_ACCOUNT}:${SERVICE_ACCOUNT_TOKEN}`), email: "" } } }))}
type: kubernetes.io/dockerconfigjson
`;

/** What the fake backend keeps of the pull secret imports. */
export interface FakePullSecretImports {
  imports: Map<string, { view: PullSecretImport; secrets: Record<string, string> }>;
  next: number;
}

export const samplePullSecretImports = (): FakePullSecretImports => ({ imports: new Map(), next: 1 });

const invalid = (file: string, reason: string): CommandError => ({ code: "invalidInput", message: `${file} cannot be imported: ${reason}`, detail: null });

/**
 * `pull_secret_import*` as the backend answers them, on the portal's Secret and on a Podman
 * auth.json with two registries; anything else is refused the way the parser refuses it.
 */
export function handlePullSecretImport(state: FakePullSecretImports, cmd: string, args: Record<string, unknown> | undefined): unknown {
  const importId = String(args?.importId ?? "");
  const kept = () => {
    const found = state.imports.get(importId);
    if (!found) throw { code: "invalidInput", message: "The imported pull secret file is no longer open: open it again.", detail: null } satisfies CommandError;
    return found;
  };
  switch (cmd) {
    case "pull_secret_import": {
      const name = String(args?.fileName);
      const text = new TextDecoder().decode(Uint8Array.from(atob(String(args?.contentBase64)), (c) => c.charCodeAt(0)));
      const id = `pull-secret-${state.next++}`;
      const entry = (registry: string, username: string, secret: string) => ({
        registry,
        registryKey: registry,
        username,
        secretMasked: "••••••••",
        secretLength: secret.length,
        email: null,
      });
      let view: PullSecretImport;
      let secrets: Record<string, string>;
      if (text.includes("kind: Secret")) {
        if (!text.includes(".dockerconfigjson: ey")) throw invalid(name, "data..dockerconfigjson is not valid base64 (the file may have been cut or edited)");
        view = {
          importId: id,
          fileName: name,
          format: "secret",
          secretName: "12345678-registry-console-pull-secret",
          namespace: null,
          entries: [entry("registry.redhat.io", SERVICE_ACCOUNT, SERVICE_ACCOUNT_TOKEN)],
          skipped: [],
        };
        secrets = { "registry.redhat.io": SERVICE_ACCOUNT_TOKEN };
      } else if (text.includes('"auths"')) {
        view = {
          importId: id,
          fileName: name,
          format: "podmanAuth",
          secretName: null,
          namespace: null,
          entries: [entry("registry.redhat.io", SERVICE_ACCOUNT, SERVICE_ACCOUNT_TOKEN), entry("quay.io/org/repo", "org+robot", "ROBOTTOKEN")],
          skipped: [{ registry: "myregistry.azurecr.io", reason: "it holds an identity token (an OAuth refresh token from a browser login), which only the client that got it can use; sign in with a user name and token instead" }],
        };
        secrets = { "registry.redhat.io": SERVICE_ACCOUNT_TOKEN, "quay.io/org/repo": "ROBOTTOKEN" };
      } else {
        throw invalid(name, 'it has no "auths" field, so it is not a .dockerconfigjson, config.json or auth.json');
      }
      state.imports.set(id, { view, secrets });
      return view;
    }
    case "pull_secret_import_reveal": {
      const secret = kept().secrets[String(args?.registry)];
      if (secret === undefined) throw { code: "invalidInput", message: `The imported pull secret file has no usable entry for ${String(args?.registry)}.`, detail: null } satisfies CommandError;
      return secret;
    }
    case "pull_secret_import_forget":
      return state.imports.delete(importId);
    default:
      throw new Error(`unexpected command ${cmd}`);
  }
}
