import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { sampleConnections, settingsState } from "../test/fixtures";
import { pick, pickerInput, pickerOptions, pickOpen } from "../test/pickers";
import { signedIn } from "../test/authFixtures";
import { foundOn4x, plainHttpOnly, ROUTE_HOST } from "../test/clusterRegistryFixtures";

async function openAccess() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-access"));
  await screen.findByTestId("bindings-table");
  return user;
}

const bindingRows = () => screen.queryAllByTestId("binding-row").map((r) => r.textContent ?? "");

describe("Access: project and role bindings", { timeout: 60000 }, () => {
  it("without_an_openshift_connection_points_to_connections", async () => {
    fakeBackend({ state: settingsState(sampleConnections().filter((c) => c.kind !== "openshift")) });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-access"));
    expect((await screen.findByTestId("access-no-cluster")).textContent).toContain("No OpenShift cluster yet");
  });

  it("shows_who_is_signed_in_and_the_bindings_of_the_first_project_with_kinds_and_namespaces", async () => {
    const backend = fakeBackend();
    await openAccess();
    expect(screen.getByTestId("whoami").textContent).toBe("Signed in as alice");
    expect((screen.getByTestId("access-project") as HTMLSelectElement).value).toBe("shared-images");
    await userEvent.setup().selectOptions(screen.getByTestId("access-project"), "team-a");
    await waitFor(() => expect(bindingRows()).toHaveLength(3));
    const rows = bindingRows();
    expect(rows[1]).toContain("system:image-builder");
    expect(rows[1]).toContain("ServiceAccount");
    expect(rows[1]).toContain("in project team-a");
    expect(rows[2]).toContain("every service account of team-a");
    // When each binding was made: relative, the exact time on hover; a dash when not known.
    const created = screen.getAllByTestId("binding-created");
    expect(created[0]!.getAttribute("dateTime")).toBe("2026-11-30T09:15:00.000Z");
    expect(created[0]!.getAttribute("title")).toContain("2026");
    expect(created[1]!.textContent).toBe("—");
    expect(backend.callsTo("cluster_role_bindings").at(-1)?.args).toEqual({ connectionId: "c2", namespace: "team-a" });
  });

  it("project_and_binding_filters_work_as_you_type", async () => {
    fakeBackend();
    const user = await openAccess();
    await user.type(screen.getByTestId("project-filter").querySelector("input")!, "team-a");
    await waitFor(() => expect((screen.getByTestId("access-project") as HTMLSelectElement).value).toBe("team-a"));
    expect(screen.getByTestId("project-count").textContent).toBe("1 of 3 projects");
    await waitFor(() => expect(bindingRows()).toHaveLength(3));
    await user.type(screen.getByTestId("bindings-filter").querySelector("input")!, "builder");
    expect(bindingRows()).toHaveLength(1);
    await user.type(screen.getByTestId("bindings-filter").querySelector("input")!, "zzz");
    expect(screen.getByTestId("bindings-table").textContent).toContain("Nothing matches the filter.");
  });

  it("grants_registry_viewer_to_a_service_account_of_another_project_then_revokes_it_after_one_confirmation", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await waitFor(() => expect(bindingRows()).toHaveLength(3));

    await user.click(screen.getByTestId("grant-open"));
    const modal = await screen.findByTestId("grant-modal");
    expect((within(modal).getByTestId("grant-role") as HTMLSelectElement).value).toBe("registry-viewer");
    expect((within(modal).getByTestId("grant-submit") as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(modal).getByTestId("grant-subject-serviceAccount"));
    await pick(user, "grant-sa-project", "team-b", modal);
    await user.type(pickerInput("grant-name", modal), "puller");
    expect(within(modal).getByTestId("grant-preview").textContent).toContain(
      "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:puller -n team-a",
    );
    await user.click(within(modal).getByTestId("grant-submit"));

    await waitFor(() => expect(screen.queryByTestId("grant-modal")).toBeNull());
    expect(backend.callsTo("cluster_grant_role")[0]?.args).toEqual({
      connectionId: "c2",
      namespace: "team-a",
      roleKind: "ClusterRole",
      role: "registry-viewer",
      subject: { kind: "ServiceAccount", name: "puller", namespace: "team-b" },
    });
    expect(screen.getByTestId("bindings-notice").textContent).toContain("registry-viewer granted to team-b/puller in team-a (binding registry-viewer)");
    await waitFor(() => expect(bindingRows()).toHaveLength(4));

    const row = screen.getAllByTestId("binding-row").find((r) => r.textContent?.includes("registry-viewer"))!;
    await user.click(within(row).getByTestId("revoke-open"));
    const confirm = await screen.findByTestId("revoke-modal");
    expect(within(confirm).getByTestId("revoke-text").textContent).toBe(
      "Remove ServiceAccount team-b/puller from role registry-viewer (binding registry-viewer) in project team-a. The binding is deleted if nobody else is left in it.",
    );
    expect(backend.callsTo("cluster_revoke_role")).toHaveLength(0);
    await user.click(within(confirm).getByTestId("revoke-confirm"));
    await waitFor(() => expect(bindingRows()).toHaveLength(3));
    expect(backend.callsTo("cluster_revoke_role")).toHaveLength(1);
    expect(screen.getByTestId("bindings-notice").textContent).toContain("registry-viewer revoked from team-b/puller");
  });

  it("a_grant_already_held_says_nothing_changed", async () => {
    fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByTestId("grant-open"));
    const modal = await screen.findByTestId("grant-modal");
    await user.selectOptions(within(modal).getByTestId("grant-role"), "admin");
    await user.type(within(modal).getByTestId("grant-name"), "alice");
    await user.click(within(modal).getByTestId("grant-submit"));
    await waitFor(() => expect(screen.getByTestId("bindings-notice").textContent).toContain("already has admin in team-a through binding admin; nothing was changed"));
  });

  it("a_403_says_who_you_are_and_which_permission_is_missing_where_you_acted", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    backend.fail("cluster_grant_role", {
      code: "accessDenied",
      message: "Signed in as bob, you may not create rolebindings (rbac.authorization.k8s.io) in project shared-images.",
      detail:
        'rolebindings.rbac.authorization.k8s.io is forbidden: User "bob" cannot create resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "shared-images"',
      denial: { user: "bob", verb: "create", resource: "rolebindings", group: "rbac.authorization.k8s.io", namespace: "shared-images" },
    });
    await user.click(screen.getByTestId("grant-open"));
    const modal = await screen.findByTestId("grant-modal");
    await user.click(within(modal).getByTestId("grant-subject-anonymous"));
    await user.click(within(modal).getByTestId("grant-submit"));
    const alert = await within(modal).findByTestId("cluster-error");
    expect(alert.getAttribute("data-code")).toBe("accessDenied");
    expect(within(alert).getByTestId("denial").textContent).toBe(
      "You are signed in as bob, who may not create rolebindings (API group rbac.authorization.k8s.io) in project shared-images. Ask a project or cluster administrator for a role that allows it.",
    );
    expect(screen.getByTestId("grant-modal")).toBeTruthy();
  });

  it("not_signed_in_asks_to_sign_in_and_after_cancel_offers_the_connections_page", async () => {
    const backend = fakeBackend();
    backend.fail("cluster_whoami", { code: "signInRequired", message: "Sign in to this cluster first.", detail: null });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-access"));
    const dialog = await screen.findByTestId("cluster-sign-in");
    expect(within(dialog).getByTestId("reauth-reason").textContent).toBe("Sign in to prod-cluster to continue loading the projects.");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    const alert = await screen.findByTestId("cluster-error");
    expect(alert.textContent).toContain("Sign in to this cluster on the Connections page");
    await user.click(within(alert).getByTestId("access-open-connections"));
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");
  });
});

describe("Access: signing in from the page", { timeout: 60000 }, () => {
  it("after_a_cancelled_sign_in_the_alert_signs_in_again_and_loads", async () => {
    const backend = fakeBackend();
    backend.failNext("cluster_whoami", 2);
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-access"));
    await user.click(within(await screen.findByTestId("cluster-sign-in")).getByRole("button", { name: "Cancel" }));
    const alert = await screen.findByTestId("cluster-error");
    await user.click(within(alert).getByTestId("access-sign-in-again"));
    const again = await screen.findByTestId("cluster-sign-in");
    await user.click(within(again).getByTestId("way-token"));
    await user.type(again.querySelector("#auth-token") as HTMLInputElement, "sha256~pasted-token-of-bob");
    await user.click(within(again).getByTestId("cluster-sign-in-submit"));
    expect((await screen.findByTestId("whoami")).textContent).toBe("Signed in as alice");
    await screen.findByTestId("bindings-table");
    expect(backend.callsTo("cluster_whoami")).toHaveLength(3);
  });
});

describe("Access: effective access, accounts, tokens, pull secrets, image streams, cross-project pull", { timeout: 60000 }, () => {
  it("effective_access_lists_pull_and_push_through_bindings_and_your_own_answers", async () => {
    fakeBackend({ cluster: { deniedActions: ["push"] } });
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByRole("tab", { name: "Effective access" }));
    await screen.findByTestId("pull-table");
    const pull = screen.getAllByTestId("pull-table-row").map((r) => r.textContent);
    expect(pull).toHaveLength(2);
    expect(pull[1]).toContain("system:image-puller via binding system:image-pullers");
    expect(screen.getAllByTestId("push-table-row").map((r) => r.textContent)).toHaveLength(2);
    const self = await screen.findAllByTestId("self-row");
    expect(self.find((r) => r.textContent?.includes("Push images"))?.getAttribute("data-allowed")).toBe("false");
    expect(self.find((r) => r.textContent?.includes("Pull images"))?.textContent).toContain("Allowed");
    await user.type(screen.getByTestId("effective-filter").querySelector("input")!, "builder");
    expect(screen.queryAllByTestId("pull-table-row")).toHaveLength(0);
    expect(screen.getAllByTestId("push-table-row")).toHaveLength(1);
  });

  it("mints_a_token_with_a_chosen_lifetime_masked_until_revealed_and_never_in_storage", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-b");
    await user.click(screen.getByRole("tab", { name: "Service accounts" }));
    const row = (await screen.findAllByTestId("account-row")).find((r) => r.textContent?.includes("puller"))!;
    await user.click(within(row).getByTestId("token-open"));
    const modal = await screen.findByTestId("token-modal");
    await user.selectOptions(within(modal).getByTestId("token-lifetime"), "28800");
    await user.click(within(modal).getByTestId("token-submit"));
    const text = await within(modal).findByTestId("issued-token-text");
    expect(backend.callsTo("cluster_request_token")[0]?.args).toEqual({
      connectionId: "c2",
      namespace: "team-b",
      serviceAccount: "puller",
      lifetimeSeconds: 28800,
    });
    expect(text.textContent).not.toContain("fake-1");
    expect(text.textContent).toMatch(/^•+$/);
    await user.click(within(modal).getByTestId("issued-token-reveal"));
    expect(within(modal).getByTestId("issued-token-text").textContent).toBe("eyJhbGciOiJSUzI1NiJ9.fake-1.sig");
    expect(within(modal).getByRole("button", { name: "Copy the Token" })).toBeTruthy();
    expect(within(modal).getByTestId("token-expires").textContent).not.toBe("");
    expect(JSON.stringify({ ...localStorage })).not.toContain("fake-1");
    expect(JSON.stringify({ ...sessionStorage })).not.toContain("fake-1");
  });

  it("a_minted_token_is_written_to_the_podman_auth_file_after_one_check", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-b");
    await user.click(screen.getByRole("tab", { name: "Service accounts" }));
    const row = (await screen.findAllByTestId("account-row")).find((r) => r.textContent?.includes("puller"))!;
    await user.click(within(row).getByTestId("token-open"));
    const modal = await screen.findByTestId("token-modal");
    await user.click(within(modal).getByTestId("token-submit"));
    await within(modal).findByTestId("issued-token-text");
    await user.type(pickerInput("token-registry", modal), "registry.apps.example.com");
    await user.click(within(modal).getByTestId("token-file-preview"));
    const confirm = await within(modal).findByTestId("token-file-confirm");
    expect(confirm.textContent).toContain("Add an entry for registry.apps.example.com");
    expect(backend.authFiles.podman.entries["registry.apps.example.com"]).toBeUndefined();
    await user.click(within(modal).getByTestId("token-file-write"));
    expect((await within(modal).findByTestId("token-file-written")).textContent).toContain("Written to");
    expect(backend.authFiles.podman.entries["registry.apps.example.com"]).toBe(btoa("puller:eyJhbGciOiJSUzI1NiJ9.fake-1.sig"));
    expect(backend.callsTo("credentials_token_auth_file_write")[0]?.args).toMatchObject({ username: "puller", kind: "podman" });
  });

  it("the_long_lived_token_names_its_secret", async () => {
    fakeBackend();
    const user = await openAccess();
    await user.click(screen.getByRole("tab", { name: "Service accounts" }));
    await user.click((await screen.findAllByTestId("token-open"))[0]!);
    const modal = await screen.findByTestId("token-modal");
    await user.click(within(modal).getByTestId("token-kind-long"));
    expect(within(modal).queryByTestId("token-lifetime")).toBeNull();
    await user.click(within(modal).getByTestId("token-submit"));
    expect((await within(modal).findByTestId("token-secret")).textContent).toContain("default-token-x7k2p");
  });

  it("creating_a_service_account_that_exists_says_so_under_the_name", async () => {
    fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByRole("tab", { name: "Service accounts" }));
    await screen.findAllByTestId("account-row");
    await user.click(screen.getByTestId("account-create-open"));
    const modal = await screen.findByTestId("account-create-modal");
    await user.type(within(modal).getByTestId("account-name"), "builder");
    await user.click(within(modal).getByTestId("account-create"));
    await waitFor(() => expect(within(modal).getByTestId("account-name-help").textContent).toContain('"builder" already exists'));
    await user.clear(within(modal).getByTestId("account-name"));
    await user.type(within(modal).getByTestId("account-name"), "pusher");
    await user.click(within(modal).getByTestId("account-create"));
    await waitFor(() => expect(screen.queryByTestId("account-create-modal")).toBeNull());
    await waitFor(() => expect(screen.getAllByTestId("account-row").map((r) => r.textContent).join()).toContain("pusher"));
  });

  it("pull_secret_yaml_is_masked_and_a_created_secret_links_to_a_service_account", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.click(screen.getByRole("tab", { name: "Pull secrets" }));
    expect((screen.getByTestId("pull-generate") as HTMLButtonElement).disabled).toBe(true);
    // The cluster's own registry as its OpenShift version (4.x, never picked) names it.
    expect((document.getElementById("pull-registry-0") as HTMLInputElement).value).toBe("image-registry.openshift-image-registry.svc:5000");
    await user.type(screen.getByTestId("pull-password-0"), "s3cret-token");
    await user.click(screen.getByTestId("pull-generate"));
    const yaml = await screen.findByTestId("pull-yaml-text");
    expect(yaml.textContent).not.toContain("dockerconfigjson");
    await user.click(screen.getByTestId("pull-yaml-reveal"));
    expect(screen.getByTestId("pull-yaml-text").textContent).toContain("type: kubernetes.io/dockerconfigjson");

    await user.clear(screen.getByTestId("pull-username-0"));
    await user.type(screen.getByTestId("pull-username-0"), "a:b");
    expect(screen.getByText("A user name must not contain a colon.")).toBeTruthy();
    await user.clear(screen.getByTestId("pull-username-0"));
    await user.type(screen.getByTestId("pull-username-0"), "serviceaccount");

    await user.click(screen.getByTestId("pull-create"));
    expect((await screen.findByTestId("pull-created")).textContent).toContain("registry-pull-secret created in shared-images");
    expect(backend.cluster.secrets["shared-images/registry-pull-secret"]).toBeTruthy();
    await user.click(await screen.findByTestId("link-submit"));
    expect((await screen.findByTestId("link-done")).textContent).toContain("linked to service account default");
    expect(backend.callsTo("cluster_link_secret")[0]?.args).toMatchObject({
      serviceAccount: "default",
      secret: "registry-pull-secret",
      link: { pull: true, mount: false },
    });
  });

  it("image_streams_show_both_pull_specs_with_copy_buttons", async () => {
    fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByRole("tab", { name: "Image streams" }));
    const rows = await screen.findAllByTestId("stream-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("image-registry.openshift-image-registry.svc:5000/team-a/web:1.0");
    expect(rows[0]!.textContent).toContain("default-route-openshift-image-registry.apps.sim.example/team-a/web:1.0");
    expect(within(rows[0]!).getAllByRole("button", { name: /Copy the (internal|external) pull spec/ })).toHaveLength(2);
    expect(rows[1]!.textContent).toContain("Registry not exposed outside the cluster");
    await user.type(screen.getByTestId("streams-filter").querySelector("input")!, "latest");
    expect(screen.getAllByTestId("stream-row")).toHaveLength(1);
  });

  it("cross_project_pull_grants_image_puller_to_all_service_accounts_of_the_other_project", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByRole("tab", { name: "Cross-project pull" }));
    await pick(user, "cross-from", "team-b");
    await user.click(screen.getByTestId("cross-all"));
    expect(screen.getByTestId("cross-command").textContent).toBe(
      "oc policy add-role-to-group system:image-puller system:serviceaccounts:team-b -n team-a",
    );
    await user.click(screen.getByTestId("cross-submit"));
    expect((await screen.findByTestId("cross-done")).textContent).toContain("Pods of team-b can now pull images of team-a");
    expect(backend.callsTo("cluster_cross_project_pull")[0]?.args).toEqual({
      connectionId: "c2",
      from: "team-b",
      to: "team-a",
      serviceAccount: null,
    });
  });

  it("japanese_strings_are_used_throughout", async () => {
    const state = settingsState();
    state.settings.preferences.language = "ja";
    fakeBackend({ state });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-access"));
    await screen.findByTestId("bindings-table");
    expect(screen.getByRole("tab", { name: "ロールバインディング" })).toBeTruthy();
    expect(screen.getByTestId("grant-open").textContent).toBe("ロールを付与");
  });
});

describe("Access on plain Kubernetes with rights in some namespaces only", { timeout: 60000 }, () => {
  it("a_user_who_may_not_list_namespaces_types_the_project_and_is_signed_in_without_a_name", async () => {
    const backend = fakeBackend({ cluster: { user: "", listingRefused: true } });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-access"));
    expect((await screen.findByTestId("access-no-project")).textContent).toContain(
      "You may not list the namespaces of this cluster.",
    );
    expect(screen.getByTestId("whoami").textContent).toBe("Signed in (this cluster does not say as whom)");
    expect(screen.queryByTestId("access-project")).toBeNull();
    await user.type(screen.getByTestId("project-name"), "team-a");
    await user.click(screen.getByTestId("project-open"));
    await screen.findByTestId("bindings-table");
    expect(backend.callsTo("cluster_role_bindings").at(-1)?.args).toEqual({ connectionId: "c2", namespace: "team-a" });
  });

  it("effective_access_names_the_roles_it_could_not_read", async () => {
    fakeBackend({ cluster: { unreadableRoles: ["ClusterRole/admin", "ClusterRole/system:image-puller"] } });
    const user = await openAccess();
    await user.click(screen.getByTestId("tab-effective"));
    expect((await screen.findByTestId("unreadable-roles")).textContent).toContain(
      "You may not read these roles, so who holds them is not shown: ClusterRole/admin, ClusterRole/system:image-puller",
    );
    expect(screen.getByTestId("project-only")).toBeTruthy();
  });
});

describe("Access: pick what the app knows, copy the command it amounts to", { timeout: 60000 }, () => {
  it("the_header_names_the_cluster_and_the_signed_in_user", async () => {
    fakeBackend();
    await openAccess();
    expect(screen.getByTestId("access-cluster").textContent).toBe("Cluster prod-cluster (https://api.prod.example.com:6443)");
    expect(screen.getByTestId("whoami").textContent).toBe("Signed in as alice");
  });

  it("granting_registry_viewer_to_an_account_of_another_project_takes_six_clicks_with_the_picker", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await waitFor(() => expect(bindingRows()).toHaveLength(3));
    const clicks = vi.fn();
    document.addEventListener("click", clicks, true);

    await user.click(screen.getByTestId("grant-open")); // 1
    const modal = await screen.findByTestId("grant-modal");
    await user.click(within(modal).getByTestId("grant-subject-serviceAccount")); // 2
    await pick(user, "grant-sa-project", "team-b", modal); // 3, 4
    // Picking the project opens the list of its service accounts, read from the cluster.
    await waitFor(() => expect(pickerOptions("grant-name")).toEqual(["builder", "default", "deployer", "puller"]));
    expect(document.activeElement).toBe(pickerInput("grant-name", modal));
    await pickOpen(user, "grant-name", "default"); // 5
    expect(within(modal).getByTestId("grant-preview").textContent).toBe(
      "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:default -n team-a",
    );
    await user.click(within(modal).getByTestId("grant-submit")); // 6

    await waitFor(() => expect(screen.queryByTestId("grant-modal")).toBeNull());
    document.removeEventListener("click", clicks, true);
    expect(clicks).toHaveBeenCalledTimes(6);
    expect(backend.callsTo("cluster_service_accounts").map((c) => c.args)).toContainEqual({ connectionId: "c2", namespace: "team-b" });
    expect(backend.callsTo("cluster_grant_role")[0]?.args).toMatchObject({
      namespace: "team-a",
      role: "registry-viewer",
      subject: { kind: "ServiceAccount", name: "default", namespace: "team-b" },
    });
  });

  it("a_service_account_the_project_does_not_list_is_taken_as_typed", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByTestId("grant-open"));
    const modal = await screen.findByTestId("grant-modal");
    await user.click(within(modal).getByTestId("grant-subject-serviceAccount"));
    await pick(user, "grant-sa-project", "team-b", modal);
    await user.type(pickerInput("grant-name", modal), "dep");
    // Typing filters the project's accounts…
    expect(pickerOptions("grant-name")).toEqual(["deployer"]);
    await user.type(pickerInput("grant-name", modal), "loy-bot");
    // …and a name it does not list is kept, said to be used as typed.
    expect(pickerOptions("grant-name")).toEqual([]);
    expect(screen.getByTestId("grant-name-no-match").textContent).toBe(
      "No service account deploy-bot in team-b yet; the name is used as typed.",
    );
    await user.keyboard("{Escape}");
    expect(within(modal).getByTestId("grant-preview").textContent).toBe(
      "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:deploy-bot -n team-a",
    );
    await user.click(within(modal).getByTestId("grant-submit"));
    await waitFor(() => expect(screen.queryByTestId("grant-modal")).toBeNull());
    expect(backend.callsTo("cluster_grant_role")[0]?.args).toMatchObject({
      subject: { kind: "ServiceAccount", name: "deploy-bot", namespace: "team-b" },
    });
  });

  it("a_project_the_user_may_not_list_is_typed_in_the_grant_form", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByTestId("grant-open"));
    const modal = await screen.findByTestId("grant-modal");
    await user.click(within(modal).getByTestId("grant-subject-allServiceAccounts"));
    await user.clear(pickerInput("grant-sa-project", modal));
    await user.type(pickerInput("grant-sa-project", modal), "ci-runners");
    expect(screen.getByTestId("grant-sa-project-no-match").textContent).toBe(
      "Project ci-runners is not in the list; the name is used as typed.",
    );
    await user.keyboard("{Escape}");
    expect(within(modal).getByTestId("grant-preview").textContent).toBe(
      "oc policy add-role-to-group registry-viewer system:serviceaccounts:ci-runners -n team-a",
    );
    await user.click(within(modal).getByTestId("grant-submit"));
    await waitFor(() => expect(screen.queryByTestId("grant-modal")).toBeNull());
    expect(backend.callsTo("cluster_grant_role")[0]?.args).toMatchObject({
      subject: { kind: "Group", name: "system:serviceaccounts:ci-runners", namespace: null },
    });
  });

  it("the_same_as_lines_carry_the_form_values_quoted_and_copy_them", async () => {
    fakeBackend();
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-a");
    await user.click(screen.getByRole("tab", { name: "Cross-project pull" }));
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await pick(user, "cross-from", "team-b");
    await waitFor(() => expect(pickerOptions("cross-account")).toContain("puller"));
    await pickOpen(user, "cross-account", "puller");
    const line = "oc policy add-role-to-user system:image-puller system:serviceaccount:team-b:puller -n team-a";
    expect(screen.getByTestId("cross-command").textContent).toBe(line);
    await user.click(within(screen.getByTestId("cross-command-line")).getByRole("button", { name: "Copy the command" }));
    expect(writeText).toHaveBeenCalledWith(line);

    // A typed name the shell would read as more than a name is quoted, never run when pasted.
    await user.clear(pickerInput("cross-account"));
    await user.type(pickerInput("cross-account"), "x; rm -rf ~");
    expect(screen.getByTestId("cross-command").textContent).toBe(
      "oc policy add-role-to-user system:image-puller 'system:serviceaccount:team-b:x; rm -rf ~' -n team-a",
    );
  });

  it("the_secret_link_line_names_the_account_secret_and_uses", async () => {
    const backend = fakeBackend();
    const user = await openAccess();
    await user.click(screen.getByRole("tab", { name: "Pull secrets" }));
    await user.type(screen.getByTestId("pull-password-0"), "s3cret-token");
    await user.click(screen.getByTestId("pull-create"));
    await screen.findByTestId("pull-created");
    expect(screen.getByTestId("link-command").textContent).toBe(
      "oc secrets link default registry-pull-secret --for=pull -n shared-images",
    );
    await pick(user, "link-account", "default");
    await user.click(screen.getByTestId("link-mount"));
    expect(screen.getByTestId("link-command").textContent).toBe(
      "oc secrets link default registry-pull-secret --for=pull,mount -n shared-images",
    );
    expect(screen.getByTestId("link-command").textContent).not.toContain("s3cret");
    await user.click(screen.getByTestId("link-submit"));
    await screen.findByTestId("link-done");
    expect(backend.callsTo("cluster_link_secret")[0]?.args).toMatchObject({ serviceAccount: "default", link: { pull: true, mount: true } });
  });

  it("the_auth_file_host_is_picked_from_the_cluster_registry_and_the_saved_connections", async () => {
    const backend = fakeBackend({ auth: { statuses: { c2: signedIn("c2", "alice") } }, clusterRegistry: { info: foundOn4x() } });
    const user = await openAccess();
    await user.selectOptions(screen.getByTestId("access-project"), "team-b");
    await user.click(screen.getByRole("tab", { name: "Service accounts" }));
    const row = (await screen.findAllByTestId("account-row")).find((r) => r.textContent?.includes("puller"))!;
    await user.click(within(row).getByTestId("token-open"));
    const modal = await screen.findByTestId("token-modal");
    expect(within(modal).getByTestId("token-command").textContent).toBe("oc create token puller --duration=3600s -n team-b");
    await user.click(within(modal).getByTestId("token-submit"));
    await within(modal).findByTestId("issued-token-text");
    await user.click(pickerInput("token-registry", modal));
    // The route the cluster names and the saved registries (https only); not the internal Service.
    await waitFor(() => expect(pickerOptions("token-registry")).toEqual([ROUTE_HOST, "registry.example.com", "quay.lab.internal"]));
    expect(screen.getAllByTestId("token-registry-option")[0]!.textContent).toContain(
      "The cluster's registry route (images.config.openshift.io/cluster)",
    );
    expect(backend.callsTo("cluster_registry_info")[0]?.args).toEqual({ connectionId: "c2", project: "team-b" });
    await pickOpen(user, "token-registry", ROUTE_HOST);
    await user.click(within(modal).getByTestId("token-file-preview"));
    expect((await within(modal).findByTestId("token-file-confirm")).textContent).toContain(`Add an entry for ${ROUTE_HOST}`);
  });

  it("a_plain_http_registry_route_is_not_offered_for_a_token", async () => {
    fakeBackend({ auth: { statuses: { c2: signedIn("c2", "alice") } }, clusterRegistry: { info: plainHttpOnly() } });
    const user = await openAccess();
    await user.click(screen.getByRole("tab", { name: "Pull secrets" }));
    await user.click(pickerInput("pull-registry-0"));
    await waitFor(() => expect(screen.queryByTestId("pull-registry-0-loading")).toBeNull());
    expect(pickerOptions("pull-registry-0")).toEqual(["registry.example.com", "quay.lab.internal"]);
  });
});
