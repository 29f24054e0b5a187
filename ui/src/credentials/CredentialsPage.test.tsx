import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { sampleConnections, settingsState } from "../test/fixtures";
import { defaultSecretName } from "./CredentialsPage";

const SIGNED_IN = { c1: { username: "admin", password: "it's-s3cret" } };

async function openCredentials() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-credentials"));
  return user;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Credentials: login lines", () => {
  it("the_page_loads_no_secret_reveal_fetches_it_and_copy_goes_through_the_backend", { timeout: 20000 }, async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openCredentials();
    // user-event installs its own clipboard in setup(); spy on the one the page could use.
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    expect(screen.getByTestId("page-title").textContent).toBe("Credentials");

    const podman = await screen.findByTestId("podman-login-text");
    expect(screen.getByTestId("registry-key").textContent).toBe("registry.example.com");
    // The lines hold no secret: the client prompts for it, so it never reaches the shell's history.
    expect(podman.textContent).toBe("podman login -u 'admin' 'registry.example.com'");
    expect(screen.getByTestId("docker-login-text").textContent).toBe("docker login -u 'admin' 'registry.example.com'");
    expect(screen.getByTestId("login-password-text").textContent).not.toContain("s3cret");
    // Nothing was asked for the secret while the page loaded.
    expect(backend.callsTo("secret_reveal")).toHaveLength(0);
    expect(backend.callsTo("secret_copy")).toHaveLength(0);

    await user.click(screen.getByTestId("login-password-reveal"));
    await waitFor(() => expect(screen.getByTestId("login-password-text").textContent).toBe("it's-s3cret"));
    expect(backend.callsTo("secret_reveal").map((c) => c.args)).toEqual([{ reference: { connectionId: "c1", kind: "password" } }]);
    await user.click(screen.getByTestId("login-password-reveal"));
    expect(screen.getByTestId("login-password-text").textContent).not.toContain("s3cret");

    // Copied by the backend, which says when it clears the clipboard; the webview's
    // clipboard is not used for a secret.
    await user.click(within(screen.getByTestId("login-password-copy")).getByRole("button"));
    expect((await screen.findByTestId("login-password-copy-notice")).textContent).toBe("Copied — cleared in 45 s");
    expect(backend.clipboard).toEqual(["it's-s3cret"]);
    expect(backend.callsTo("secret_copy").map((c) => c.args)).toEqual([{ reference: { connectionId: "c1", kind: "password" } }]);
    expect(writeText).not.toHaveBeenCalled();
    // A line is a plain copy (no secret in it).
    await user.click(within(screen.getByTestId("podman-login-copy")).getByRole("button"));
    expect(writeText).toHaveBeenCalledWith("podman login -u 'admin' 'registry.example.com'");
    expect(backend.callsTo("credentials_login_lines")[0]?.args).toEqual({ connectionId: "c1" });
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it("without_a_sign_in_it_points_to_the_registries_page", async () => {
    fakeBackend();
    const user = await openCredentials();
    const empty = await screen.findByTestId("credentials-sign-in-first");
    expect(empty.textContent).toContain("Sign in to demo on the Registries page first");
    await user.click(screen.getByTestId("credentials-open-registries"));
    expect(screen.getByTestId("page-title").textContent).toBe("Registries");
  });

  it("a_registry_linked_to_a_cluster_points_to_the_clusters_sign_in_and_says_whose_token_it_is", async () => {
    const linked = { id: "c9", name: "prod registry", kind: "registry" as const, url: "https://registry.apps.prod.example.com", tls: { mode: "system" as const }, linkedCluster: "c2" };
    fakeBackend({ state: settingsState([...sampleConnections(), linked]) });
    const user = await openCredentials();
    await user.selectOptions(screen.getByTestId("credentials-connection"), "c9");
    const empty = await screen.findByTestId("credentials-sign-in-first");
    expect(empty.textContent).toContain("prod registry signs in with the login of prod-cluster");
    await user.click(screen.getByTestId("credentials-open-connections"));
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");
  });

  it("a_user_name_with_a_colon_is_refused_in_words", async () => {
    fakeBackend({ keyringSignIns: { c1: { username: "system:admin", password: "x" } } });
    await openCredentials();
    const alert = await screen.findByTestId("credentials-error");
    expect(alert.getAttribute("data-code")).toBe("invalidInput");
    expect(alert.textContent).toContain("contains a colon");
  });

  it("only_registry_connections_are_offered", async () => {
    fakeBackend({ state: settingsState(sampleConnections().filter((c) => c.kind !== "registry")) });
    await openCredentials();
    expect((await screen.findByTestId("credentials-no-registries")).textContent).toContain("Add a Docker Registry");
  });
});

describe("Credentials: auth files", () => {
  it("previews_the_podman_entry_asks_once_and_writes_it", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openCredentials();
    const card = await screen.findByTestId("auth-file-card");
    expect((await within(card).findByTestId("auth-file-path")).textContent).toBe("/run/user/1000/containers/auth.json");
    expect(card.textContent).toContain("$XDG_RUNTIME_DIR/containers/auth.json");
    expect(card.textContent).toContain("does not exist yet");
    expect(within(card).getByTestId("auth-file-change").textContent).toBe("Adds registry.example.com");
    expect(within(card).getByTestId("auth-file-entry").textContent).toContain("••••••••");
    expect(card.textContent).not.toContain(btoa("admin:it's-s3cret"));

    await user.click(within(card).getByTestId("auth-file-write"));
    const confirm = await screen.findByTestId("auth-file-confirm");
    expect(confirm.textContent).toContain("Add an entry for registry.example.com to /run/user/1000/containers/auth.json?");
    expect(backend.callsTo("credentials_auth_file_write")).toHaveLength(0);
    await user.click(within(confirm).getByTestId("auth-file-confirm-write"));

    const written = await screen.findByTestId("auth-file-written");
    expect(written.textContent).toContain("Written to /run/user/1000/containers/auth.json");
    expect(written.textContent).toContain("A new file was created (mode 0600).");
    expect(backend.callsTo("credentials_auth_file_write")).toEqual([
      { cmd: "credentials_auth_file_write", args: { connectionId: "c1", kind: "podman" } },
    ]);
    expect(backend.authFiles.podman.entries["registry.example.com"]).toBe(btoa("admin:it's-s3cret"));
    // The preview is read again: the entry is now up to date and there is nothing to write.
    await waitFor(() => expect(within(card).getByTestId("auth-file-change").textContent).toBe("registry.example.com is already up to date"));
    expect((within(card).getByTestId("auth-file-write") as HTMLButtonElement).disabled).toBe(true);
  });

  it("docker_config_keeps_other_entries_and_names_the_backup", async () => {
    fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openCredentials();
    const card = await screen.findByTestId("auth-file-card");
    await within(card).findByTestId("auth-file-path");
    await user.click(document.getElementById("auth-file-docker") as HTMLElement);
    await waitFor(() => expect(within(card).getByTestId("auth-file-path").textContent).toBe("/home/me/.docker/config.json"));
    expect(within(card).getByTestId("auth-file-others").textContent).toBe("quay.io");
    await user.click(within(card).getByTestId("auth-file-write"));
    const confirm = await screen.findByTestId("auth-file-confirm");
    expect(confirm.textContent).toContain("copied to a backup");
    await user.click(within(confirm).getByTestId("auth-file-confirm-write"));
    expect((await screen.findByTestId("auth-file-written")).textContent).toContain("/home/me/.docker/config.json.bak-1763900000");
  });

  it("a_credential_helper_is_said_and_nothing_can_be_written", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    backend.authFiles.podman.helper = "secretservice";
    await openCredentials();
    const helper = await screen.findByTestId("auth-file-helper");
    expect(helper.textContent).toContain("docker-credential-secretservice");
    expect(screen.queryByTestId("auth-file-write")).toBeNull();
  });

  it("a_malformed_file_is_reported_and_not_offered_for_writing", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    backend.authFiles.podman.malformed = "invalid JSON: EOF while parsing an object at line 1 column 30";
    await openCredentials();
    const error = await screen.findByTestId("auth-file-error");
    expect(error.textContent).toContain("The auth file cannot be used");
    expect(error.textContent).toContain("it was not changed");
    expect(screen.queryByTestId("auth-file-write")).toBeNull();
  });
});

describe("Credentials: pull secret", () => {
  it("generates_a_masked_dockerconfigjson_secret_with_the_auth_server_entry", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openCredentials();
    const card = await screen.findByTestId("pull-secret-card");
    const name = document.getElementById("pull-secret-name") as HTMLInputElement;
    expect(name.value).toBe("demo-pull-secret");
    await user.type(document.getElementById("pull-secret-namespace") as HTMLInputElement, "project-a");
    await user.click(document.getElementById("pull-secret-delegated") as HTMLInputElement);
    await user.type(document.getElementById("pull-secret-auth-server") as HTMLInputElement, "auth.example.com");
    await user.click(within(card).getByTestId("pull-secret-generate"));

    const yaml = await within(card).findByTestId("pull-secret-yaml-text");
    expect(yaml.textContent).toContain("type: kubernetes.io/dockerconfigjson");
    expect(yaml.textContent).toContain("namespace: project-a");
    expect(yaml.textContent).toContain(".dockerconfigjson: ••••••••");
    expect(backend.callsTo("credentials_pull_secret")[0]?.args).toEqual({
      connectionId: "c1",
      request: { name: "demo-pull-secret", namespace: "project-a", authServer: "auth.example.com" },
    });
    await user.click(within(card).getByTestId("pull-secret-yaml-reveal"));
    const data = /\.dockerconfigjson: (\S+)/.exec(within(card).getByTestId("pull-secret-yaml-text").textContent ?? "")?.[1] ?? "";
    expect(Object.keys(JSON.parse(atob(data)).auths)).toEqual(["registry.example.com", "auth.example.com"]);
  });

  it("a_bad_name_is_refused_where_it_was_typed", async () => {
    fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openCredentials();
    const card = await screen.findByTestId("pull-secret-card");
    const name = document.getElementById("pull-secret-name") as HTMLInputElement;
    await user.clear(name);
    await user.type(name, "Bad_Name");
    await user.click(within(card).getByTestId("pull-secret-generate"));
    expect((await within(card).findByTestId("pull-secret-error")).textContent).toContain("is not a valid secret name");
  });

  it("default_names_follow_kubernetes_rules", () => {
    expect(defaultSecretName("Lab Registry (prod)")).toBe("lab-registry-prod-pull-secret");
    expect(defaultSecretName("!!!")).toBe("registry-pull-secret");
  });
});

describe("Credentials: Japanese", () => {
  it("the_page_speaks_japanese", async () => {
    const state = settingsState();
    state.settings.preferences.language = "ja";
    fakeBackend({ state, keyringSignIns: SIGNED_IN });
    await openCredentials();
    expect(screen.getByTestId("page-title").textContent).toBe("認証情報");
    expect(await screen.findByText("ターミナルからログイン")).toBeTruthy();
  });
});
