import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";

const SIGNED_IN = { c3: { username: "$oauthtoken", password: "quay-oauth-token-1" } };
const appRows = () => screen.queryAllByTestId("quay-app-row").map((r) => r.getAttribute("data-name"));

async function openTab(tab: "applications" | "bridge") {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-quay"));
  await user.selectOptions(await screen.findByTestId("quay-organization"), "team");
  await user.click(screen.getByTestId(`quay-tab-${tab}`));
  return user;
}

describe("Quay applications and the Bridge Operator", { timeout: 60000 }, () => {
  it("creates_an_application_generates_a_token_with_every_scope_through_the_api_and_signs_in_with_it", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("applications");
    await waitFor(() => expect(appRows()).toEqual(["openshift"]));

    await user.click(screen.getByTestId("quay-app-create"));
    const name = document.getElementById("quay-app-name") as HTMLInputElement;
    expect(name.value).toBe("openshift");
    expect((document.getElementById("quay-app-redirect") as HTMLInputElement).value).toBe("http://127.0.0.1/callback");
    await user.clear(name);
    await user.type(name, "ci");
    await user.click(screen.getByTestId("quay-app-create-submit"));

    // The new application's Generate Token opens at once, every scope checked, in Quay's words.
    const dialog = await screen.findByTestId("quay-token-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("quay-token-scope")).toHaveLength(8));
    const boxes = within(dialog).getAllByRole("checkbox") as HTMLInputElement[];
    expect(boxes.every((b) => b.checked)).toBe(true);
    expect(dialog.textContent).toContain("View all visible repositories");
    expect(dialog.textContent).toContain("Administer Organization");
    expect(within(dialog).getAllByTestId("quay-token-dangerous")).toHaveLength(3);
    await waitFor(() => expect(appRows()).toEqual(["ci", "openshift"]));
    expect(screen.getByTestId("quay-app-done").textContent).toContain("Application ci created");

    await user.click(within(dialog).getByTestId("quay-token-here"));
    const made = await within(dialog).findByTestId("quay-token-made");
    const value = within(made).getByTestId("quay-token-value-text");
    expect(value.textContent).not.toContain("GENERATED");
    await user.click(within(made).getByTestId("quay-token-value-reveal"));
    expect(value.textContent).toBe("GENERATED-TOKEN-1");
    expect(within(made).getByTestId("quay-token-scopes").textContent).toContain("repo:read repo:write repo:admin repo:create user:read org:admin super:user user:admin");
    expect(backend.callsTo("quay_application_token").at(-1)?.args).toMatchObject({ connectionId: "c3", organization: "team", name: "registry-console" });

    await user.click(within(dialog).getByTestId("quay-token-sign-in"));
    await waitFor(() => expect(backend.keyringEntry("c3")).toEqual({ username: "$oauthtoken", password: "GENERATED-TOKEN-1" }));
    await waitFor(() => expect(screen.queryByTestId("quay-token-dialog")).toBeNull());
    expect((await screen.findByTestId("quay-whoami")).textContent).toContain("admin");
  });

  it("a_scope_the_sign_in_lacks_is_refused_in_words_then_generated_without_it", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN, quayBridge: { signedInScopes: ["repo:read", "repo:write", "repo:admin", "repo:create", "user:read", "org:admin", "user:admin"] } });
    const user = await openTab("applications");
    await user.click(await screen.findByTestId("quay-app-generate"));
    const dialog = await screen.findByTestId("quay-token-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("quay-token-scope")).toHaveLength(8));
    await user.click(within(dialog).getByTestId("quay-token-here"));
    const error = await within(dialog).findByTestId("quay-error");
    expect(error.textContent).toContain("The token could not be generated");
    expect(error.textContent).toContain("HTTP 403");
    await user.click(document.getElementById("quay-scope-super-user")!);
    await user.click(within(dialog).getByTestId("quay-token-here"));
    await within(dialog).findByTestId("quay-token-made");
    expect(backend.quayBridge.tokens.at(-1)?.scopes).not.toContain("super:user");
    // No scope at all: nothing to generate.
    await user.click(within(dialog).getByTestId("quay-token-close"));
    await user.click(screen.getByTestId("quay-app-generate"));
    const again = await screen.findByTestId("quay-token-dialog");
    await waitFor(() => expect(within(again).getAllByTestId("quay-token-scope")).toHaveLength(8));
    for (const box of within(again).getAllByRole("checkbox")) await user.click(box);
    expect(again.textContent).toContain("Choose at least one permission.");
    expect((within(again).getByTestId("quay-token-here") as HTMLButtonElement).disabled).toBe(true);
  });

  it("authorizes_in_the_browser_can_cancel_the_wait_and_carries_the_token_to_the_bridge_operator", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("applications");
    await user.click(await screen.findByTestId("quay-app-generate"));
    const dialog = await screen.findByTestId("quay-token-dialog");
    await waitFor(() => expect(within(dialog).getAllByTestId("quay-token-scope")).toHaveLength(8));

    await user.click(within(dialog).getByTestId("quay-token-browser"));
    expect((await within(dialog).findByTestId("quay-token-waiting")).textContent).toContain("Waiting for Authorize Application");
    const first = [...backend.quayBridge.waiting.keys()][0]!;
    await user.click(within(dialog).getByTestId("quay-token-cancel"));
    expect(backend.callsTo("auth_cancel").at(-1)?.args).toEqual({ signInId: first });
    expect((await within(dialog).findByTestId("quay-token-cancelled")).textContent).toContain("cancelled");

    await user.click(within(dialog).getByTestId("quay-token-browser"));
    await within(dialog).findByTestId("quay-token-waiting");
    const second = [...backend.quayBridge.waiting.keys()].find((k) => k !== first)!;
    expect(second).toBeTruthy();
    expect(backend.callsTo("quay_application_token_browser").at(-1)?.args).toMatchObject({ clientId: "ABCDEFGHIJ0123456789", requestId: second });
    backend.quayBridge.waiting.get(second)!.resolve();
    await within(dialog).findByTestId("quay-token-made");
    expect(within(dialog).queryByTestId("quay-token-scopes")).toBeNull();

    await user.click(within(dialog).getByTestId("quay-token-use-for-bridge"));
    const bridge = await screen.findByTestId("quay-bridge");
    await within(bridge).findByTestId("quay-bridge-token-given");
    const line = await within(bridge).findByTestId("quay-bridge-secret-line-text");
    expect(line.textContent).toBe("oc create secret generic quay-integration --from-literal=token='••••••••' -n openshift-operators");
    await user.click(within(bridge).getByTestId("quay-bridge-secret-line-reveal"));
    expect(line.textContent).toContain("token=GENERATED-TOKEN-1");
    await user.click(within(bridge).getByTestId("quay-bridge-create-secret"));
    expect((await within(bridge).findByTestId("quay-bridge-secret-done")).textContent).toContain("Secret openshift-operators/quay-integration created.");
    expect(backend.quayBridge.secrets["openshift-operators/quay-integration"]).toEqual({ token: "GENERATED-TOKEN-1" });
    expect(backend.callsTo("quay_bridge_create_secret").at(-1)?.args).toMatchObject({ clusterConnectionId: "c2" });
  });

  it("deletes_an_application_after_asking_once", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("applications");
    await user.click(await screen.findByTestId("quay-app-delete"));
    const confirm = await screen.findByTestId("quay-app-delete-confirm");
    expect(confirm.textContent).toContain("stops working at once");
    await user.click(within(confirm).getByTestId("quay-app-delete-confirm-submit"));
    await waitFor(() => expect(screen.getByTestId("quay-apps-none")).toBeTruthy());
    expect(backend.callsTo("quay_application_delete")).toHaveLength(1);
  });

  it("writes_the_quay_integration_applies_it_and_checks_the_sync_with_present_and_missing_states", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    backend.quay.organizations.push({ name: "openshift_team-a", isOrgAdmin: true, canCreateRepo: true });
    backend.quay.robots["openshift_team-a"] = [{ robot: { name: "openshift_team-a+builder", description: null, created: null, lastAccessed: null }, token: "x" }];
    const user = await openTab("bridge");
    const bridge = await screen.findByTestId("quay-bridge");
    // The Quay and the OpenShift connection side by side.
    expect(within(bridge).getByTestId("quay-bridge-quay").textContent).toContain("lab-quay");
    expect((within(bridge).getByTestId("quay-bridge-cluster") as HTMLSelectElement).value).toBe("c2");
    // Prefilled from the Quay connection: its URL, and insecureRegistry (its TLS is not the system's).
    const yaml = await within(bridge).findByTestId("quay-bridge-yaml-text");
    expect(yaml.textContent).toContain('quayHostname: "https://quay.lab.internal"');
    expect(yaml.textContent).toContain("insecureRegistry: true");
    expect(yaml.textContent).toContain('clusterID: "openshift"');
    // No token yet: the line holds the placeholder, and the secret cannot be created.
    expect(within(bridge).getByTestId("quay-bridge-secret-line-text").textContent).toContain("<access_token>");
    expect((within(bridge).getByTestId("quay-bridge-create-secret") as HTMLButtonElement).disabled).toBe(true);

    await user.type(document.getElementById("quay-bridge-allowlist")!, "team-a, team-b");
    await waitFor(() => expect(yaml.textContent).toContain('allowlistNamespaces:\n    - "team-a"\n    - "team-b"'));
    await user.clear(document.getElementById("quay-bridge-cluster-id")!);
    expect((await within(bridge).findByTestId("quay-bridge-invalid")).textContent).toContain("not a valid cluster ID");
    await user.type(document.getElementById("quay-bridge-cluster-id")!, "openshift");
    await waitFor(() => expect(within(bridge).queryByTestId("quay-bridge-invalid")).toBeNull());

    await user.click(within(bridge).getByTestId("quay-bridge-apply"));
    expect((await within(bridge).findByTestId("quay-bridge-apply-done")).textContent).toContain("QuayIntegration quay created.");
    expect(backend.quayBridge.integrations.quay?.allowlistNamespaces).toEqual(["team-a", "team-b"]);

    await user.type(document.getElementById("quay-bridge-token")!, "PASTED-TOKEN");
    await waitFor(() => expect(within(bridge).getByTestId("quay-bridge-secret-line-text").textContent).toContain("'••••••••'"));
    await user.click(within(bridge).getByTestId("quay-bridge-create-secret"));
    await within(bridge).findByTestId("quay-bridge-secret-done");
    expect(backend.quayBridge.secrets["openshift-operators/quay-integration"]).toEqual({ token: "PASTED-TOKEN" });

    await user.click(within(bridge).getByTestId("quay-bridge-sync"));
    const report = await within(bridge).findByTestId("quay-bridge-report");
    expect(report.getAttribute("data-in-sync")).toBe("false");
    expect(within(report).getByTestId("quay-bridge-sync-summary").textContent).toContain("6 missing on Quay.");
    const [teamA, teamB] = within(report).getAllByTestId("quay-bridge-sync-row");
    expect(teamA!.getAttribute("data-namespace")).toBe("team-a");
    expect(within(teamA!).getByTestId("quay-bridge-org-state").getAttribute("data-state")).toBe("present");
    expect(within(teamA!).getByTestId("quay-bridge-robot-builder").getAttribute("data-state")).toBe("present");
    expect(within(teamA!).getByTestId("quay-bridge-robot-default").textContent).toBe("Missing");
    expect(within(teamA!).getByTestId("quay-bridge-missing").textContent).toBe("openshift_team-a+defaultopenshift_team-a+deployer");
    expect(within(teamB!).getByTestId("quay-bridge-org-state").getAttribute("data-state")).toBe("missing");
    expect(within(report).getByTestId("quay-bridge-not-synced").textContent).toContain("shared-images");

    // Made as the operator would: all present.
    for (const ns of ["team-a", "team-b"]) {
      const org = `openshift_${ns}`;
      if (ns === "team-b") backend.quay.organizations.push({ name: org, isOrgAdmin: true, canCreateRepo: true });
      backend.quay.robots[org] = ["builder", "default", "deployer"].map((sa) => ({ robot: { name: `${org}+${sa}`, description: null, created: null, lastAccessed: null }, token: "x" }));
    }
    await user.click(within(bridge).getByTestId("quay-bridge-sync"));
    await waitFor(() => expect(within(bridge).getByTestId("quay-bridge-report").getAttribute("data-in-sync")).toBe("true"));
    expect(within(bridge).getByTestId("quay-bridge-sync-summary").textContent).toContain("Every synced namespace");
  });

  it("the_sign_in_dialog_explains_how_to_make_the_first_token_in_quays_web_ui", async () => {
    fakeBackend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-quay"));
    await user.click(await screen.findByTestId("quay-sign-in"));
    await user.click(screen.getByTestId("quay-way-browser"));
    const steps = await screen.findByTestId("quay-token-steps");
    expect(steps.textContent).toContain("Select Applications in the left navigation.");
    expect(steps.textContent).toContain("Authorize Application");
    expect(within(steps).getByTestId("quay-token-steps-url").textContent).toBe("https://quay.lab.internal");
    expect(screen.queryByTestId("quay-sign-in-submit")).toBeNull();
    await user.click(within(steps).getByTestId("quay-token-steps-paste"));
    expect(document.getElementById("quay-token")).toBeTruthy();
  });
});
