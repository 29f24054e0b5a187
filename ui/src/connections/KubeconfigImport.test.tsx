import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { settingsState } from "../test/fixtures";
import { KUBECONFIG_PATH } from "../test/kubeconfigFixtures";

const STAGING = "default/api-staging-example-com:6443/alice";

const row = (name: string) => {
  const found = screen.queryAllByTestId("connection-row").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};
const contextRow = (name: string) => {
  const found = screen.queryAllByTestId("kubeconfig-context").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no context ${name}`);
  return found;
};
const radioOf = (name: string) => within(contextRow(name)).getByRole("radio") as HTMLInputElement;

async function openImport() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByTestId("import-kubeconfig"));
  await screen.findAllByTestId("kubeconfig-context");
  return user;
}

describe("Import from kubeconfig", () => {
  it("lists_the_contexts_with_the_current_one_chosen_and_unusable_credentials_marked", async () => {
    fakeBackend();
    await openImport();

    expect((document.getElementById("kubeconfig-path") as HTMLInputElement).value).toBe(KUBECONFIG_PATH);
    expect(screen.getByText("The default of oc and kubectl.")).toBeTruthy();
    const names = screen.getAllByTestId("kubeconfig-context").map((r) => r.getAttribute("data-name"));
    expect(names).toEqual([STAGING, "eks-prod", "old-lab"]);

    const staging = within(contextRow(STAGING));
    expect(staging.getByTestId("kubeconfig-current").textContent).toBe("Current");
    expect(staging.getByTestId("kubeconfig-credential").textContent).toBe("Token");
    expect(radioOf(STAGING).checked).toBe(true);

    expect(within(contextRow("eks-prod")).getByTestId("kubeconfig-credential").textContent).toBe("Exec plugin: not usable");
    expect(within(contextRow("old-lab")).getByTestId("kubeconfig-problem").textContent).toContain(
      "its cluster lab is not defined in the kubeconfig",
    );
    expect(radioOf("old-lab").disabled).toBe(true);

    expect((document.getElementById("kubeconfig-name") as HTMLInputElement).value).toBe(STAGING);
    expect(screen.getByTestId("kubeconfig-details").textContent).toContain("https://api.staging.example.com:6443");
    expect(screen.getByTestId("kubeconfig-details").textContent).toContain("saved to the app's CA store");
  });

  it("imports_the_chosen_context_and_shows_the_signed_in_user_on_its_row", async () => {
    const backend = fakeBackend();
    const user = await openImport();

    const name = document.getElementById("kubeconfig-name") as HTMLInputElement;
    await user.clear(name);
    await user.type(name, "staging");
    await user.click(screen.getByTestId("kubeconfig-import-submit"));

    await waitFor(() => expect(screen.queryByTestId("kubeconfig-modal")).toBeNull());
    await waitFor(() => expect(within(row("staging")).getByTestId("auth-user").textContent).toBe("alice"));
    expect(row("staging").textContent).toContain("https://api.staging.example.com:6443");
    expect(row("staging").textContent).toContain("/ca/");
    // The dialog names the file and the context; no token ever crosses.
    expect(backend.callsTo("kubeconfig_import")).toEqual([
      { cmd: "kubeconfig_import", args: { path: null, context: STAGING, name: "staging" } },
    ]);
  });

  it("explains_an_exec_plugin_and_imports_the_connection_without_signing_in", async () => {
    fakeBackend();
    const user = await openImport();

    await user.click(radioOf("eks-prod"));
    expect(screen.getByTestId("kubeconfig-credential-help").textContent).toContain(
      "does not run credential plugins (exec: aws)",
    );
    await user.click(screen.getByTestId("kubeconfig-import-submit"));

    const outcome = await screen.findByTestId("kubeconfig-outcome");
    expect(outcome.getAttribute("data-result")).toBe("noToken");
    expect(outcome.textContent).toContain("Connection eks-prod added");
    await user.click(screen.getByTestId("kubeconfig-close"));
    await waitFor(() => expect(within(row("eks-prod")).getByTestId("auth-sign-in")).toBeTruthy());
  });

  it("keeps_the_connection_when_the_cluster_refuses_the_token_and_says_so", async () => {
    const backend = fakeBackend({ kubeconfig: { tokenUsers: {} } });
    const user = await openImport();

    await user.click(screen.getByTestId("kubeconfig-import-submit"));
    const outcome = await screen.findByTestId("kubeconfig-outcome");
    expect(outcome.getAttribute("data-result")).toBe("tokenRefused");
    expect(outcome.textContent).toContain("The cluster did not accept the context's token");
    expect(outcome.textContent).toContain("HTTP 401");
    await user.click(screen.getByTestId("kubeconfig-close"));
    await waitFor(() => expect(within(row(STAGING)).getByTestId("auth-sign-in")).toBeTruthy());
    expect(backend.state.settings.connections.map((c) => c.name)).toContain(STAGING);
  });

  it("refuses_a_name_already_used_under_the_name_field_and_adds_nothing", async () => {
    const backend = fakeBackend();
    const user = await openImport();
    const before = backend.state.settings.connections.length;

    const name = document.getElementById("kubeconfig-name") as HTMLInputElement;
    await user.clear(name);
    await user.type(name, "prod-cluster");
    await user.click(screen.getByTestId("kubeconfig-import-submit"));

    expect((await screen.findByTestId("kubeconfig-name-error")).textContent).toContain(
      'Choose another name. a connection named "prod-cluster" already exists',
    );
    expect(screen.getByTestId("kubeconfig-modal")).toBeTruthy();
    expect(backend.state.settings.connections).toHaveLength(before);
    // Editing the name retires the error.
    await user.type(name, "-2");
    expect(screen.queryByTestId("kubeconfig-name-error")).toBeNull();
  });

  it("reads_a_typed_path_and_shows_a_missing_file_under_the_field", async () => {
    const backend = fakeBackend();
    const user = await openImport();
    const path = document.getElementById("kubeconfig-path") as HTMLInputElement;

    await user.clear(path);
    await user.type(path, "/tmp/missing.kubeconfig");
    await user.click(screen.getByTestId("kubeconfig-load"));
    expect((await screen.findByTestId("kubeconfig-error")).textContent).toContain(
      "No kubeconfig found at /tmp/missing.kubeconfig.",
    );
    expect(screen.queryAllByTestId("kubeconfig-context")).toHaveLength(0);
    expect((screen.getByTestId("kubeconfig-import-submit") as HTMLButtonElement).disabled).toBe(true);

    await user.clear(path);
    await user.type(path, "/tmp/other.kubeconfig{Enter}");
    await waitFor(() => expect(screen.queryAllByTestId("kubeconfig-context")).toHaveLength(1));
    expect(screen.getByText("The file you chose.")).toBeTruthy();
    expect(within(contextRow("lab")).getByText("Verification off")).toBeTruthy();
    await user.click(screen.getByTestId("kubeconfig-import-submit"));
    await waitFor(() => expect(within(row("lab")).getByTestId("auth-user").textContent).toBe("lab-admin"));
    expect(backend.callsTo("kubeconfig_import")[0]?.args).toEqual({
      path: "/tmp/other.kubeconfig",
      context: "lab",
      name: "lab",
    });
    expect(within(row("lab")).getByTestId("tls-insecure-warning")).toBeTruthy();
  });

  it("shows_the_default_lookup_error_and_lets_the_user_keep_a_sign_in_the_keyring_refused", async () => {
    const backend = fakeBackend({
      kubeconfig: { defaultListing: { code: "invalidInput", message: "No kubeconfig found at /home/admin/.kube/config.", detail: null } },
    });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("import-kubeconfig"));
    expect((await screen.findByTestId("kubeconfig-error")).textContent).toContain("/home/admin/.kube/config");

    backend.kubeconfig.defaultListing = (await import("../test/kubeconfigFixtures")).sampleKubeconfig()
      .defaultListing;
    backend.auth.keyring = "unavailable";
    await user.click(screen.getByTestId("kubeconfig-load"));
    await screen.findAllByTestId("kubeconfig-context");
    await user.click(screen.getByTestId("kubeconfig-import-submit"));
    const outcome = await screen.findByTestId("kubeconfig-outcome");
    expect(outcome.getAttribute("data-result")).toBe("keyringUnavailable");
    await user.click(screen.getByTestId("kubeconfig-keep-for-session"));
    await waitFor(() => expect(screen.queryByTestId("kubeconfig-modal")).toBeNull());
    await waitFor(() => expect(within(row(STAGING)).getByTestId("auth-session-only")).toBeTruthy());
  });

  it("speaks_japanese_with_the_oc_words", async () => {
    const state = settingsState();
    state.settings.preferences.language = "system";
    fakeBackend({ state, systemLocale: "ja-JP" });
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("import-kubeconfig").textContent).toBe("kubeconfig からインポート"));
    await user.click(screen.getByTestId("import-kubeconfig"));
    await screen.findAllByTestId("kubeconfig-context");
    expect(screen.getAllByText("コンテキスト", { selector: "th *, th" }).length).toBeGreaterThan(0);
    expect(screen.getByTestId("kubeconfig-details").textContent).toContain("コンテキスト " + STAGING);
    expect(within(contextRow(STAGING)).getByTestId("kubeconfig-current").textContent).toBe("現在");
    expect(within(contextRow("eks-prod")).getByTestId("kubeconfig-credential").textContent).toBe("exec プラグイン: 使用不可");
  });
});
