import { tagAction } from "../test/tagActions";
import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { sampleConnections, settingsState } from "../test/fixtures";
import { pick, pickerInput } from "../test/pickers";

const BOB_TOKEN = "sha256~pasted-token-of-bob";
type User = ReturnType<typeof userEvent.setup>;

async function openAccess() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-access"));
  await screen.findByTestId("bindings-table");
  return user;
}

/** Fills the grant form (registry-viewer to team-b/puller in team-a) and submits it. */
async function grant(user: User) {
  await user.selectOptions(screen.getByTestId("access-project"), "team-a");
  await user.click(screen.getByTestId("grant-open"));
  const modal = await screen.findByTestId("grant-modal");
  await user.click(within(modal).getByTestId("grant-subject-serviceAccount"));
  await pick(user, "grant-sa-project", "team-b", modal);
  await user.type(pickerInput("grant-name", modal), "puller");
  await user.click(within(modal).getByTestId("grant-submit"));
  return modal;
}

/** Signs in again in the cluster dialog by pasting a token. */
async function pasteToken(user: User, dialog: HTMLElement) {
  await user.click(within(dialog).getByTestId("way-token"));
  await user.type(dialog.querySelector("#auth-token") as HTMLInputElement, BOB_TOKEN);
  await user.click(within(dialog).getByTestId("cluster-sign-in-submit"));
}

describe("Signing in again when a session ended", { timeout: 60000 }, () => {
  it("a_refused_grant_asks_to_sign_in_again_then_completes_without_refilling_the_form", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    backend.failNext("cluster_grant_role", 1);
    await grant(user);

    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(within(dialog).getByTestId("reauth-reason").textContent).toContain(
      "Your session for prod-cluster has ended; sign in again to continue granting the role.",
    );
    // One dialog at a time: the grant form steps aside (kept, with what the user typed).
    expect(screen.queryByTestId("grant-modal")).toBeNull();
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    expect(backend.callsTo("cluster_grant_role")).toHaveLength(1);

    await pasteToken(user, dialog);
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    await waitFor(() => expect(screen.queryByTestId("grant-modal")).toBeNull());
    expect(screen.getByTestId("bindings-notice").textContent).toContain("registry-viewer granted to team-b/puller in team-a");
    const calls = backend.callsTo("cluster_grant_role");
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args).toEqual(calls[0]?.args);
    expect(backend.callsTo("auth_openshift_token")).toHaveLength(1);
    expect(screen.queryByTestId("cluster-error")).toBeNull();
  });

  it("while_the_interrupted_call_runs_again_the_dialog_says_so_and_cannot_be_used", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    backend.failNext("cluster_grant_role", 1);
    await grant(user);
    const dialog = await screen.findByTestId("cluster-sign-in");
    const release = backend.hold("cluster_grant_role");

    await pasteToken(user, dialog);
    await waitFor(() =>
      expect(within(dialog).getByTestId("reauth-reason").textContent).toBe("Signed in. Continuing granting the role…"),
    );
    const submit = within(dialog).getByTestId("cluster-sign-in-submit") as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect((within(dialog).getByRole("button", { name: "Cancel" }) as HTMLButtonElement).disabled).toBe(true);
    expect(backend.callsTo("auth_openshift_token")).toHaveLength(1);

    release();
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    await waitFor(() => expect(screen.queryByTestId("grant-modal")).toBeNull());
    expect(backend.callsTo("cluster_grant_role")).toHaveLength(2);
  });

  it("cancelling_the_sign_in_returns_to_the_grant_form_with_its_values_and_the_original_error", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    backend.failNext("cluster_grant_role", 1);
    await grant(user);

    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(screen.queryByTestId("grant-modal")).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());

    // The grant dialog is back, alone, as the user left it.
    const modal = await screen.findByTestId("grant-modal");
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    expect((within(modal).getByTestId("grant-subject-serviceAccount") as HTMLInputElement).checked).toBe(true);
    expect(pickerInput("grant-sa-project", modal).value).toBe("team-b");
    expect(within(modal).getByTestId("grant-preview").textContent).toBe(
      "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:puller -n team-a",
    );
    const alert = await within(modal).findByTestId("cluster-error");
    expect(alert.getAttribute("data-code")).toBe("signInRequired");
    expect(alert.textContent).toContain("The cluster did not accept the token (HTTP 401): sign in again.");
    expect(backend.callsTo("cluster_grant_role")).toHaveLength(1);
    // Nothing was granted and the form keeps its values for another try.
    expect(pickerInput("grant-name", modal).value).toBe("puller");
  });

  it("loads_failing_at_once_share_one_dialog_and_all_continue_after_it", async () => {
    const backend = fakeBackend({ cluster: { deniedActions: ["push"] } });
    const user = await openAccess();
    backend.failNext("cluster_effective_access", 1);
    backend.failNext("cluster_self_access", 1);
    await user.click(screen.getByTestId("tab-effective"));

    const dialog = await screen.findByTestId("cluster-sign-in");
    await waitFor(() =>
      expect(within(dialog).getByTestId("reauth-reason").textContent).toBe(
        "Your session for prod-cluster has ended; sign in again to continue loading who can pull and push, checking your own access.",
      ),
    );
    expect(screen.getAllByTestId("cluster-sign-in")).toHaveLength(1);

    await pasteToken(user, dialog);
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    await screen.findByTestId("pull-table");
    await screen.findByTestId("self-table");
    expect(backend.callsTo("cluster_effective_access")).toHaveLength(2);
    expect(backend.callsTo("cluster_self_access")).toHaveLength(2);
    expect(backend.callsTo("auth_openshift_token")).toHaveLength(1);
    expect(screen.queryByTestId("cluster-error")).toBeNull();
  });

  it("a_call_refused_again_after_signing_in_shows_its_error_and_does_not_ask_again", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    backend.failNext("cluster_grant_role", 2);
    await grant(user);

    await pasteToken(user, await screen.findByTestId("cluster-sign-in"));
    const alert = await within(await screen.findByTestId("grant-modal")).findByTestId("cluster-error");
    expect(alert.getAttribute("data-code")).toBe("signInRequired");
    expect(screen.queryByTestId("cluster-sign-in")).toBeNull();
    expect(backend.callsTo("cluster_grant_role")).toHaveLength(2);
    expect(backend.callsTo("auth_openshift_token")).toHaveLength(1);
  });

  it("opening_access_without_a_session_asks_to_sign_in_and_then_loads", async () => {
    const backend = fakeBackend();
    backend.failNext("cluster_whoami", 1, { code: "signInRequired", message: "You are not signed in to prod-cluster: sign in first.", detail: null });
    backend.failNext("cluster_projects", 1, { code: "signInRequired", message: "You are not signed in to prod-cluster: sign in first.", detail: null });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-access"));

    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(within(dialog).getByTestId("reauth-reason").textContent).toBe("Sign in to prod-cluster to continue loading the projects.");
    await pasteToken(user, dialog);
    expect((await screen.findByTestId("whoami")).textContent).toBe("Signed in as alice");
    await screen.findByTestId("bindings-table");
    expect(backend.callsTo("cluster_whoami")).toHaveLength(2);
    expect(backend.callsTo("cluster_projects")).toHaveLength(2);
  });

  it("a_refused_token_mint_is_minted_after_signing_in_again", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-b");
    await user.click(screen.getByRole("tab", { name: "Service accounts" }));
    const row = (await screen.findAllByTestId("account-row")).find((r) => r.textContent?.includes("puller"))!;
    await user.click(within(row).getByTestId("token-open"));
    const modal = await screen.findByTestId("token-modal");
    await user.selectOptions(within(modal).getByTestId("token-lifetime"), "28800");
    backend.failNext("cluster_request_token", 1);
    await user.click(within(modal).getByTestId("token-submit"));

    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(within(dialog).getByTestId("reauth-reason").textContent).toContain("to continue minting the token.");
    expect(screen.queryByTestId("token-modal")).toBeNull();
    await pasteToken(user, dialog);
    await within(await screen.findByTestId("token-modal")).findByTestId("issued-token-text");
    const calls = backend.callsTo("cluster_request_token");
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args).toEqual(calls[0]?.args);
    expect((calls[1]?.args as { lifetimeSeconds: number }).lifetimeSeconds).toBe(28800);
  });

  it("the_dialog_says_why_in_japanese", async () => {
    const state = settingsState(sampleConnections());
    state.settings.preferences.language = "ja";
    const backend = fakeBackend({ state });
    const user = await openAccess();
    backend.failNext("cluster_grant_role", 1);
    await grant(user);
    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(within(dialog).getByTestId("reauth-reason").textContent).toBe(
      "prod-cluster のセッションは終了しました。ロールの付与を続けるには、もう一度ログインしてください。",
    );
  });
});

describe("Signing in again to a registry", { timeout: 60000 }, () => {
  const credentials = { username: "admin", password: "s3cret" };

  async function openTags(user: User) {
    await user.click(screen.getByTestId("nav-registries"));
    await screen.findByTestId("catalog-count");
    const row = screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === "library/alpine")!;
    await user.click(row);
    await waitFor(() => expect(screen.queryAllByTestId("tag-row").length).toBeGreaterThan(0));
  }

  it("a_refused_delete_asks_for_the_registry_sign_in_then_deletes", async () => {
    const backend = fakeBackend({ registry: { credentials }, keyringSignIns: { c1: credentials } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await openTags(user);
    await tagAction(user, "latest", "tag-delete");
    const modal = await screen.findByTestId("delete-confirm-modal");
    await within(modal).findByTestId("delete-digest");

    backend.failNext("registry_delete", 1, { code: "signInRequired", message: "The registry asks for credentials.", detail: null });
    await user.click(within(modal).getByTestId("confirm-delete"));
    const reason = await screen.findByTestId("reauth-reason");
    expect(reason.textContent).toBe("Your session for demo has ended; sign in again to continue deleting the image.");
    await user.type(document.getElementById("registry-username") as HTMLInputElement, "admin");
    await user.type(document.getElementById("registry-password") as HTMLInputElement, "s3cret");
    await user.click(screen.getByTestId("registry-sign-in-submit"));

    await waitFor(() => expect(screen.queryByTestId("delete-confirm-modal")).toBeNull());
    expect(backend.callsTo("registry_delete")).toHaveLength(2);
    expect(screen.queryByTestId("reauth-reason")).toBeNull();
    await waitFor(() => expect(screen.queryAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"))).toEqual(["3.19"]));
  });

  it("cancelling_the_registry_sign_in_shows_the_refusal_in_the_delete_dialog", async () => {
    const backend = fakeBackend({ registry: { credentials }, keyringSignIns: { c1: credentials } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await openTags(user);
    await tagAction(user, "latest", "tag-delete");
    const modal = await screen.findByTestId("delete-confirm-modal");
    await within(modal).findByTestId("delete-digest");

    backend.failNext("registry_delete", 1, { code: "signInRequired", message: "The registry asks for credentials.", detail: null });
    await user.click(within(modal).getByTestId("confirm-delete"));
    await screen.findByTestId("reauth-reason");
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    // The delete dialog stepped aside for the sign-in and is back, with the refusal in it.
    const back = await screen.findByTestId("delete-confirm-modal");
    const alert = await within(back).findByTestId("registry-error");
    expect(alert.getAttribute("data-code")).toBe("signInRequired");
    await waitFor(() => expect(screen.queryByTestId("reauth-reason")).toBeNull());
    expect(backend.callsTo("registry_delete")).toHaveLength(1);
    expect(screen.getAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"))).toContain("latest");
  });

  it("a_registry_never_signed_in_keeps_its_own_sign_in_alert_instead_of_a_dialog", async () => {
    const backend = fakeBackend({ registry: { credentials } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-registries"));
    expect((await screen.findByTestId("registry-error")).getAttribute("data-code")).toBe("signInRequired");
    expect(screen.queryByTestId("reauth-reason")).toBeNull();
    expect(backend.callsTo("registry_catalog")).toHaveLength(1);
  });
});
