import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { OAUTH_URL, signedIn } from "../test/authFixtures";

const row = (name: string) => {
  const found = screen.queryAllByTestId("connection-row").find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

async function openSignIn(name = "prod-cluster") {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await waitFor(() => expect(within(row(name)).getByTestId("auth-sign-in")).toBeTruthy());
  await user.click(within(row(name)).getByTestId("auth-sign-in"));
  const dialog = await screen.findByTestId("cluster-sign-in");
  return { user, dialog: within(dialog) };
}

describe("Signing in to an OpenShift cluster", () => {
  it("only_oauth_connections_offer_sign_in", async () => {
    fakeBackend();
    render(<App />);
    await screen.findByTestId("page-title");
    await waitFor(() => expect(within(row("prod-cluster")).getByTestId("auth-sign-in")).toBeTruthy());
    // A Quay signs in with its own token (the Quay sign-in), a plain registry on the Registries page.
    await waitFor(() => expect(within(row("lab-quay")).getByTestId("auth-sign-in")).toBeTruthy());
    expect(within(row("demo")).queryByTestId("auth-sign-in")).toBeNull();
  });

  it("username_and_password_sign_in_shows_the_user_groups_and_expiry_in_the_row", async () => {
    const backend = fakeBackend();
    const { user, dialog } = await openSignIn();
    expect(dialog.getByRole("tab", { name: "Log in with browser" }).getAttribute("aria-selected")).toBe("true");
    await user.click(dialog.getByText("Username and password"));
    await user.type(dialog.getByLabelText(/Username/), "alice");
    const password = dialog.getByLabelText(/Password/) as HTMLInputElement;
    expect(password.type).toBe("password");
    await user.type(password, "alice-pw");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));

    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    const identity = within(row("prod-cluster")).getByTestId("auth-identity");
    expect(within(identity).getByTestId("auth-user").textContent).toBe("alice");
    expect(identity.textContent).toContain("registry-admins");
    expect(identity.textContent).not.toContain("system:authenticated");
    expect(within(identity).getByTestId("auth-expiry").textContent).toBe("Token expires in 24 h");
    expect(backend.callsTo("auth_openshift_password")[0]?.args).toMatchObject({ connectionId: "c2", username: "alice" });
  });

  it("wrong_password_is_shown_in_the_dialog_and_the_password_field_is_cleared", async () => {
    fakeBackend();
    const { user, dialog } = await openSignIn();
    await user.click(dialog.getByText("Username and password"));
    await user.type(dialog.getByLabelText(/Username/), "alice");
    await user.type(dialog.getByLabelText(/Password/), "wrong");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));
    const alert = await dialog.findByTestId("sign-in-error");
    expect(alert.textContent).toContain("Sign-in failed");
    expect(alert.textContent).toContain("The user name or password was not accepted");
    expect((dialog.getByLabelText(/Password/) as HTMLInputElement).value).toBe("");
    expect(within(row("prod-cluster")).queryByTestId("auth-identity")).toBeNull();
  });

  it("paste_token_says_where_to_get_one_and_signs_in", async () => {
    fakeBackend();
    const { user, dialog } = await openSignIn();
    await user.click(dialog.getByText("Paste token"));
    const where = await dialog.findByTestId("token-request-url");
    expect(where.textContent).toBe(`${OAUTH_URL}/oauth/token/request`);
    expect(dialog.getByLabelText("Copy the token request page's URL")).toBeTruthy();
    const token = dialog.getByLabelText(/^Token/) as HTMLInputElement;
    expect(token.type).toBe("password");
    await user.click(dialog.getByLabelText("Show token"));
    expect(token.type).toBe("text");

    await user.click(token);
    await user.paste("sha256~not-valid");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));
    expect((await dialog.findByTestId("sign-in-error")).textContent).toContain("The token was not accepted");

    await user.click(dialog.getByLabelText(/^Token/));
    await user.paste("sha256~pasted-token-of-bob\n");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    expect(within(row("prod-cluster")).getByTestId("auth-user").textContent).toBe("bob");
    expect(within(row("prod-cluster")).getByTestId("auth-expiry").textContent).toBe("Token expiry unknown");
  });

  it("browser_sign_in_waits_and_can_be_stopped", async () => {
    const backend = fakeBackend({ auth: { browser: "wait" } });
    const { user, dialog } = await openSignIn();
    expect((dialog.getByLabelText("Client ID") as HTMLInputElement).value).toBe("openshift-cli-client");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));
    expect(await dialog.findByTestId("waiting-for-browser")).toBeTruthy();
    expect(backend.browserWaiting()).toBe(true);
    await user.click(dialog.getByTestId("cancel-browser"));
    expect(await dialog.findByTestId("sign-in-cancelled")).toBeTruthy();
    expect(dialog.queryByTestId("sign-in-error")).toBeNull();
    const [call] = backend.callsTo("auth_cancel");
    expect(call?.args?.signInId).toBe(backend.callsTo("auth_openshift_browser")[0]?.args?.signInId);
  });

  it("browser_sign_in_completes_with_the_client_id_typed", async () => {
    const backend = fakeBackend();
    const { user, dialog } = await openSignIn();
    const client = dialog.getByLabelText("Client ID");
    await user.clear(client);
    await user.type(client, "my-cli-client");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    expect(backend.callsTo("auth_openshift_browser")[0]?.args?.clientId).toBe("my-cli-client");
    expect(within(row("prod-cluster")).getByTestId("auth-user").textContent).toBe("alice");
  });

  it("unavailable_keyring_offers_this_session_only_and_the_row_says_so", async () => {
    fakeBackend({ auth: { keyring: "unavailable" } });
    const { user, dialog } = await openSignIn();
    await user.click(dialog.getByText("Username and password"));
    await user.type(dialog.getByLabelText(/Username/), "alice");
    await user.type(dialog.getByLabelText(/Password/), "alice-pw");
    await user.click(dialog.getByTestId("cluster-sign-in-submit"));
    const warning = await dialog.findByTestId("keyring-unavailable");
    expect(warning.textContent).toContain("The OS keyring could not keep this sign-in");
    expect(within(row("prod-cluster")).queryByTestId("auth-identity")).toBeNull();
    await user.click(dialog.getByTestId("keep-for-session"));
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    expect(within(row("prod-cluster")).getByTestId("auth-session-only").textContent).toBe("This session only");
  });

  it("a_stored_sign_in_is_shown_at_start_and_sign_out_asks_once_then_deletes_it", async () => {
    const backend = fakeBackend({ auth: { statuses: { c2: signedIn("c2", "alice") } } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await waitFor(() => expect(within(row("prod-cluster")).getByTestId("auth-user").textContent).toBe("alice"));

    await user.click(within(row("prod-cluster")).getByTestId("auth-sign-out"));
    const confirm = within(await screen.findByTestId("sign-out-modal"));
    expect(confirm.getByText("Sign out of prod-cluster?")).toBeTruthy();
    expect(screen.getByTestId("sign-out-modal").textContent).toContain("deletes the token of alice from the OS keyring");
    expect(screen.getByTestId("sign-out-modal").textContent).toContain("revoked on the cluster");
    expect(backend.callsTo("auth_sign_out")).toHaveLength(0);
    await user.click(confirm.getByTestId("confirm-sign-out"));
    await waitFor(() => expect(within(row("prod-cluster")).getByTestId("auth-sign-in")).toBeTruthy());
    expect(backend.callsTo("auth_sign_out")).toHaveLength(1);
    expect(backend.auth.statuses.c2).toBeUndefined();
  });
});

describe("Signing in to an OpenID Connect provider", () => {
  it("signing_out_of_an_oidc_provider_says_the_grant_is_revoked_where_the_provider_offers_it", async () => {
    fakeBackend({ auth: { statuses: { c2: signedIn("c2", "carol", { method: "oidc" }) } } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await waitFor(() => expect(within(row("prod-cluster")).getByTestId("auth-user").textContent).toBe("carol"));
    await user.click(within(row("prod-cluster")).getByTestId("auth-sign-out"));
    const text = (await screen.findByTestId("sign-out-modal")).textContent ?? "";
    expect(text).toContain("revoke the sign-in (its refresh token), where it offers revocation");
    expect(text).not.toContain("revoked on the cluster");
  });

  it("a_cluster_signs_in_through_an_oidc_provider_with_issuer_and_client_id_and_shows_the_claims", async () => {
    const backend = fakeBackend();
    const { user, dialog } = await openSignIn("prod-cluster");
    await user.click(dialog.getByText("OpenID Connect provider"));
    const submit = dialog.getByTestId("cluster-sign-in-submit");
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    await user.click(dialog.getByLabelText(/Issuer URL/));
    await user.paste("https://sso.example.com/realms/admins");
    await user.type(dialog.getByLabelText(/Client ID/), "registry-console");
    await user.click(submit);
    await waitFor(() => expect(screen.queryByTestId("cluster-sign-in")).toBeNull());
    expect(backend.callsTo("auth_oidc_browser")[0]?.args).toMatchObject({
      connectionId: "c2",
      issuer: "https://sso.example.com/realms/admins",
      clientId: "registry-console",
    });
    const identity = within(row("prod-cluster")).getByTestId("auth-identity");
    expect(identity.textContent).toContain("tester");
    expect(identity.textContent).toContain("tester@example.test");
  });
});
