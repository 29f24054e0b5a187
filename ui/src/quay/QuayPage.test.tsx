import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { sampleConnections, settingsState } from "../test/fixtures";

async function openQuay() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-quay"));
  return user;
}

const SIGNED_IN = { c3: { username: "$oauthtoken", password: "quay-oauth-token-1" } };
const robotRows = () => screen.queryAllByTestId("quay-robot-row").map((r) => r.getAttribute("data-name"));

describe("Quay page", { timeout: 60000 }, () => {
  it("without_a_quay_connection_points_to_connections", async () => {
    fakeBackend({ state: settingsState(sampleConnections().filter((c) => c.kind !== "quay")) });
    await openQuay();
    expect((await screen.findByTestId("quay-none")).textContent).toContain("No Quay connection");
  });

  it("signs_in_with_a_pasted_token_then_lists_organizations_and_repositories", async () => {
    const backend = fakeBackend();
    const user = await openQuay();
    await user.click(await screen.findByTestId("quay-sign-in"));
    await user.type(document.getElementById("quay-token")!, "wrong");
    await user.click(screen.getByTestId("quay-sign-in-submit"));
    expect((await screen.findByTestId("quay-error")).textContent).toContain("Quay did not accept the token");
    // The refused token is not left in the field.
    expect((document.getElementById("quay-token") as HTMLInputElement).value).toBe("");
    await user.type(document.getElementById("quay-token")!, "quay-oauth-token-1");
    await user.click(screen.getByTestId("quay-sign-in-submit"));
    expect((await screen.findByTestId("quay-whoami")).textContent).toBe("Signed in as admin (superuser)");
    expect(backend.keyringEntry("c3")).toEqual({ username: "$oauthtoken", password: "quay-oauth-token-1" });
    expect((screen.getByTestId("quay-organization") as HTMLSelectElement).value).toBe("openshift_demo");
    await user.selectOptions(screen.getByTestId("quay-organization"), "team");
    await waitFor(() => expect(screen.getAllByTestId("quay-repo-row")).toHaveLength(2));
    const [app, base] = screen.getAllByTestId("quay-repo-row");
    expect(app!.textContent).toContain("team/app");
    expect(within(app!).getByTestId("quay-repo-visibility").textContent).toBe("Private");
    expect(within(base!).getByTestId("quay-repo-visibility").textContent).toBe("Public");
    expect(screen.getByTestId("quay-repo-count").textContent).toBe("2 of 2 repositories");
  });

  it("a_robot_sign_in_is_for_the_registry_only_and_says_so", async () => {
    fakeBackend({ keyringSignIns: { c3: { username: "team+builder", password: "ROBOTTOKEN1" } } });
    await openQuay();
    expect((await screen.findByTestId("quay-registry-only")).textContent).toBe("Signed in as team+builder for pulling and pushing only");
    expect(screen.getByTestId("quay-signed-out").textContent).toContain("OAuth access token");
  });

  it("creates_a_robot_shows_its_masked_token_and_login_lines_then_regenerates_and_deletes_it_after_asking", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openQuay();
    await user.selectOptions(await screen.findByTestId("quay-organization"), "team");
    await user.click(screen.getByTestId("quay-tab-robots"));
    await waitFor(() => expect(robotRows()).toEqual(["team+builder"]));

    await user.click(screen.getByTestId("quay-robot-create"));
    await user.type(document.getElementById("quay-robot-name")!, "Bad-Name");
    await user.click(screen.getByTestId("quay-robot-create-submit"));
    expect((await screen.findByTestId("quay-error")).textContent).toContain("is not a valid robot name");
    await user.clear(document.getElementById("quay-robot-name")!);
    await user.type(document.getElementById("quay-robot-name")!, "deployer");
    await user.click(screen.getByTestId("quay-robot-create-submit"));
    const body = await screen.findByTestId("quay-robot-credentials-body");
    const token = within(body).getByTestId("quay-robot-token-text");
    expect(token.textContent).not.toContain("ROBOT-deployer");
    await user.click(within(body).getByTestId("quay-robot-token-reveal"));
    expect(token.textContent).toBe("ROBOT-deployer-1");
    expect(within(body).getByTestId("quay-robot-docker-login-text").textContent).toBe(
      "docker login -u 'team+deployer' 'quay.lab.internal'",
    );
    expect((document.getElementById("token-registry") as HTMLInputElement).value).toBe("quay.lab.internal");
    await user.click(within(body).getByTestId("quay-pull-secret-generate"));
    expect((await within(body).findByTestId("quay-pull-secret-yaml-text")).textContent).toContain("name: team-deployer-pull-secret");
    await user.click(screen.getByTestId("quay-robot-credentials-close"));
    await waitFor(() => expect(robotRows()).toEqual(["team+builder", "team+deployer"]));

    const row = screen.getAllByTestId("quay-robot-row")[1]!;
    await user.click(within(row).getByTestId("quay-robot-regenerate"));
    expect((await screen.findByTestId("quay-robot-regenerate-confirm")).textContent).toContain("stops working at once");
    await user.click(screen.getByTestId("quay-robot-regenerate-confirm-submit"));
    expect((await screen.findByTestId("quay-robot-note")).textContent).toContain("The old one no longer works");
    await user.click(screen.getByTestId("quay-robot-token-reveal"));
    expect(screen.getByTestId("quay-robot-token-text").textContent).toBe("ROBOT-deployer-2");
    await user.click(screen.getByTestId("quay-robot-credentials-close"));

    await user.click(within(screen.getAllByTestId("quay-robot-row")[1]!).getByTestId("quay-robot-delete"));
    await user.click(await screen.findByTestId("quay-robot-delete-confirm-submit"));
    await waitFor(() => expect(robotRows()).toEqual(["team+builder"]));
    expect(screen.getByTestId("quay-robot-done").textContent).toContain("team+deployer deleted");
    expect(backend.callsTo("quay_robot_delete").at(-1)?.args).toEqual({ connectionId: "c3", organization: "team", name: "deployer" });
  });

  it("a_failed_regeneration_says_why_in_the_dialog_and_keeps_the_robot", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    backend.fail("quay_robot_regenerate", { code: "accessDenied", message: "POST /organization/team/robots/builder/regenerate: Quay refused (HTTP 403): Unauthorized.", detail: null });
    const user = await openQuay();
    await user.selectOptions(await screen.findByTestId("quay-organization"), "team");
    await user.click(screen.getByTestId("quay-tab-robots"));
    await waitFor(() => expect(robotRows()).toEqual(["team+builder"]));
    await user.click(screen.getByTestId("quay-robot-regenerate"));
    await user.click(await screen.findByTestId("quay-robot-regenerate-confirm-submit"));
    const dialog = await screen.findByTestId("quay-robot-regenerate-confirm");
    await waitFor(() => expect(within(dialog).getByTestId("quay-error").textContent).toContain("HTTP 403"));
    expect(within(dialog).getByTestId("quay-denied").textContent).toContain("without the permission this needs");
    expect(backend.quay.robots.team![0]!.token).toBe("ROBOTTOKEN1");
  });
});

describe("Quay on the Connections page", { timeout: 60000 }, () => {
  it("the_quay_row_signs_in_with_a_token_and_says_what_it_reaches", async () => {
    const backend = fakeBackend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    const quayRow = () => screen.getAllByTestId("connection-row").find((r) => r.getAttribute("data-name") === "lab-quay")!;
    await user.click(await within(quayRow()).findByTestId("auth-sign-in"));
    await user.type(document.getElementById("quay-token")!, "quay-oauth-token-1");
    await user.click(screen.getByTestId("quay-sign-in-submit"));
    await waitFor(() => expect(within(quayRow()).getByTestId("auth-user").textContent).toBe("OAuth access token"));
    expect(quayRow().textContent).toContain("Quay's API and registry");
    expect(backend.keyringEntry("c3")?.username).toBe("$oauthtoken");
    await user.click(within(quayRow()).getByTestId("auth-sign-out"));
    await waitFor(() => expect(within(quayRow()).getByTestId("auth-sign-in")).toBeTruthy());
    expect(backend.keyringEntry("c3")).toBeNull();
  });
});
