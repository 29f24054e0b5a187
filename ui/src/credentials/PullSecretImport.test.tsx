import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { signedIn } from "../test/authFixtures";
import { sampleConnections, settingsState } from "../test/fixtures";
import { PORTAL_SECRET, SERVICE_ACCOUNT, SERVICE_ACCOUNT_TOKEN } from "../test/pullSecretImportFixtures";
import { registryKeyOf, shellQuote } from "./PullSecretImport";
import { pickerInput, pickerOptions } from "../test/pickers";

const RED_HAT = { id: "rh", name: "Red Hat registry", kind: "registry" as const, url: "https://registry.redhat.io", tls: { mode: "system" as const } };

async function openImport() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-credentials"));
  await user.click(await screen.findByTestId("pull-secret-import-open"));
  return user;
}

/** Puts `text` in a file of the fake home and picks it in the (fake) native open dialog. */
async function chooseFile(backend: ReturnType<typeof fakeBackend>, user: ReturnType<typeof userEvent.setup>, name: string, text: string) {
  const path = `/home/admin/Downloads/${name}`;
  backend.disk.set(path, text);
  backend.answerDialog(path);
  await user.click(screen.getByTestId("pull-secret-import-file"));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Import a pull secret", () => {
  it("the_portal_secret_shows_the_service_account_with_the_token_masked_until_revealed", { timeout: 20000 }, async () => {
    const backend = fakeBackend();
    const user = await openImport();
    await chooseFile(backend, user, "12345678_registry-console-secret.yaml", PORTAL_SECRET);
    const entry = await screen.findByTestId("pull-secret-import-entry");
    expect(entry.getAttribute("data-registry")).toBe("registry.redhat.io");
    expect(within(entry).getByTestId("pull-secret-import-user").textContent).toBe(SERVICE_ACCOUNT);
    expect(screen.getByTestId("pull-secret-import-format").textContent).toBe("Secret (kubernetes.io/dockerconfigjson)");
    const secret = within(entry).getByTestId("pull-secret-import-secret");
    expect(secret.textContent).not.toContain(SERVICE_ACCOUNT_TOKEN);
    await user.click(within(entry).getByTestId("pull-secret-import-reveal"));
    await waitFor(() => expect(within(entry).getByTestId("pull-secret-import-secret").textContent).toContain(SERVICE_ACCOUNT_TOKEN));
    await user.click(within(entry).getByTestId("pull-secret-import-reveal"));
    expect(within(entry).getByTestId("pull-secret-import-secret").textContent).not.toContain(SERVICE_ACCOUNT_TOKEN);
    // The backend read the file by its path; the view never held the file or the secret.
    expect(backend.callsTo("pull_secret_import_file")[0]?.args).toEqual({ path: "/home/admin/Downloads/12345678_registry-console-secret.yaml" });
    expect(backend.callsTo("pull_secret_import")).toHaveLength(0);
    expect(localStorage.length + sessionStorage.length).toBe(0);
    // Closing forgets the import in the backend.
    await user.click(screen.getByTestId("pull-secret-import-close"));
    await waitFor(() => expect(backend.callsTo("pull_secret_import_forget")).toHaveLength(1));
  });

  it("a_file_with_several_registries_lets_the_user_pick_and_lists_what_cannot_be_used", async () => {
    fakeBackend();
    const user = await openImport();
    await user.type(screen.getByTestId("pull-secret-import-paste"), '{{"auths": {{}}');
    await user.click(screen.getByTestId("pull-secret-import-read"));
    const entries = await screen.findAllByTestId("pull-secret-import-entry");
    expect(entries.map((e) => e.getAttribute("data-registry"))).toEqual(["registry.redhat.io", "quay.io/org/repo"]);
    expect(screen.getByText("Pick the registry to use")).toBeTruthy();
    expect(screen.getByTestId("pull-secret-import-skipped").textContent).toContain("identity token");
    await user.click(screen.getByLabelText("quay.io/org/repo"));
    expect(screen.getByTestId("pull-secret-import-sign-in-same-as").textContent).toContain("podman login -u 'org+robot' quay.io/org/repo");
  });

  it("broken_and_huge_files_are_refused_in_words", async () => {
    const backend = fakeBackend();
    const user = await openImport();
    await chooseFile(backend, user, "notes.json", "Here is the token");
    const error = await screen.findByTestId("pull-secret-import-error");
    expect(error.textContent).toContain('notes.json cannot be imported: it has no "auths" field');
    // The backend reads the file, so the webview never holds it: a huge one is refused there.
    await chooseFile(backend, user, "huge.yaml", "x".repeat(5 * 1024 * 1024));
    expect(backend.callsTo("pull_secret_import_file").at(-1)?.args).toEqual({ path: "/home/admin/Downloads/huge.yaml" });
    await waitFor(() => expect(screen.getByTestId("pull-secret-import-error").textContent).toContain("huge.yaml is 5242880 bytes"));
  });

  it("creates_the_secret_links_it_and_grants_view_after_confirming_each", { timeout: 20000 }, async () => {
    const backend = fakeBackend({ auth: { statuses: { c2: signedIn("c2", "alice") } } });
    const user = await openImport();
    await chooseFile(backend, user, "12345678_registry-console-secret.yaml", PORTAL_SECRET);
    await screen.findByTestId("pull-secret-import-entry");
    const project = document.getElementById("pull-secret-import-project") as HTMLInputElement;
    await waitFor(() => expect((project as HTMLInputElement).value).toBe("shared-images"));
    await user.clear(project);
    await user.type(project, "team-a");
    // The service account is picked from the project's accounts on the cluster (or typed).
    await user.click(pickerInput("pull-secret-import-account"));
    await waitFor(() => expect(pickerOptions("pull-secret-import-account")).toEqual(["builder", "default", "deployer"]));
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("pull-secret-import")).toBeTruthy();
    const secretName = screen.getByLabelText("Secret name", { exact: false });
    expect((secretName as HTMLInputElement).value).toBe("12345678-registry-console-pull-secret");
    await user.clear(secretName);
    await user.type(secretName, "threescale-registry-auth");
    expect(screen.getByTestId("pull-secret-import-create-same-as").textContent).toContain(
      "oc secrets link default threescale-registry-auth --for=pull -n team-a",
    );
    await user.click(screen.getByTestId("pull-secret-import-create"));
    const confirm = await screen.findByTestId("pull-secret-import-create-confirm");
    expect(confirm.textContent).toContain("Creates the Secret threescale-registry-auth in project team-a on prod-cluster");
    expect(backend.callsTo("pull_secret_import_create")).toHaveLength(0);
    await user.click(within(confirm).getByTestId("pull-secret-import-create-confirm-confirm"));
    const created = await screen.findByTestId("pull-secret-import-created");
    expect(created.textContent).toContain("Service account default now pulls with: threescale-registry-auth");
    expect(backend.callsTo("pull_secret_import_create")[0]?.args).toMatchObject({
      connectionId: "c2",
      namespace: "team-a",
      secretName: "threescale-registry-auth",
      serviceAccount: "default",
      registry: "registry.redhat.io",
    });

    // As the documents do: in every project, through a cluster role binding...
    expect(screen.getByTestId("pull-secret-import-view-same-as").textContent).toContain(
      "oc adm policy add-cluster-role-to-user view system:serviceaccount:team-a:default",
    );
    backend.cluster.deniedActions.push("grantClusterRoles");
    await user.click(screen.getByTestId("pull-secret-import-view"));
    let grant = await screen.findByTestId("pull-secret-import-view-confirm");
    expect(grant.textContent).toContain("in every project of");
    await user.click(within(grant).getByTestId("pull-secret-import-view-confirm-confirm"));
    // ...which a project admin may not: said in the dialog, nothing granted.
    expect((await screen.findByTestId("pull-secret-import-view-confirm-error")).textContent).toContain(
      "may not create cluster role bindings",
    );
    expect(backend.cluster.clusterBindings ?? []).toHaveLength(0);
    await user.click(within(grant).getByTestId("pull-secret-import-view-confirm-cancel"));
    // In this project only.
    await user.click(screen.getByTestId("pull-secret-import-view-project"));
    expect(screen.getByTestId("pull-secret-import-view-same-as").textContent).toContain(
      "oc policy add-role-to-user view system:serviceaccount:team-a:default -n team-a",
    );
    await user.click(screen.getByTestId("pull-secret-import-view"));
    grant = await screen.findByTestId("pull-secret-import-view-confirm");
    await user.click(within(grant).getByTestId("pull-secret-import-view-confirm-confirm"));
    await screen.findByTestId("pull-secret-import-granted");
    expect(backend.callsTo("cluster_grant_role")[0]?.args).toEqual({
      connectionId: "c2",
      namespace: "team-a",
      roleKind: "ClusterRole",
      role: "view",
      subject: { kind: "ServiceAccount", name: "default", namespace: "team-a" },
    });
  });

  it("saves_the_sign_in_only_for_a_connection_of_the_same_registry_and_merges_the_auth_file", { timeout: 20000 }, async () => {
    const backend = fakeBackend({ state: settingsState([...sampleConnections(), RED_HAT]) });
    const user = await openImport();
    await chooseFile(backend, user, "secret.yaml", PORTAL_SECRET);
    await screen.findByTestId("pull-secret-import-entry");
    const select = document.getElementById("pull-secret-import-registry-id") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["rh"]);
    await user.click(screen.getByTestId("pull-secret-import-save-sign-in"));
    const confirm = await screen.findByTestId("pull-secret-import-sign-in-confirm");
    await user.click(within(confirm).getByTestId("pull-secret-import-sign-in-confirm-confirm"));
    await screen.findByTestId("pull-secret-import-signed-in");
    expect(backend.keyringEntry("rh")).toEqual({ username: SERVICE_ACCOUNT, password: SERVICE_ACCOUNT_TOKEN });

    await user.click(await screen.findByTestId("pull-secret-import-write"));
    const write = await screen.findByTestId("pull-secret-import-write-confirm");
    expect(write.textContent).toContain("/run/user/1000/containers/auth.json");
    await user.click(within(write).getByTestId("pull-secret-import-write-confirm-confirm"));
    await screen.findByTestId("pull-secret-import-written");
    expect(backend.authFiles.podman.entries["registry.redhat.io"]).toBe(btoa(`${SERVICE_ACCOUNT}:${SERVICE_ACCOUNT_TOKEN}`));
  });

  it("keys_and_quoting_follow_the_backend", () => {
    expect(registryKeyOf("https://registry.redhat.io")).toBe("registry.redhat.io");
    expect(registryKeyOf("https://registry.redhat.io:443/")).toBe("registry.redhat.io");
    expect(registryKeyOf("http://127.0.0.1:5000/v2/")).toBe("127.0.0.1:5000");
    expect(registryKeyOf("https://index.docker.io/v1/")).toBe("docker.io");
    expect(shellQuote(SERVICE_ACCOUNT)).toBe(`'${SERVICE_ACCOUNT}'`);
    expect(shellQuote("team-a")).toBe("team-a");
  });
});

describe("Connection presets", () => {
  it("the_red_hat_registry_preset_fills_the_form", async () => {
    const backend = fakeBackend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.click(screen.getByTestId("nav-connections"));
    await user.click(await screen.findByTestId("add-connection"));
    await user.click(await screen.findByTestId("preset-red-hat"));
    expect((document.getElementById("connection-name") as HTMLInputElement).value).toBe("Red Hat registry");
    expect((document.getElementById("connection-url") as HTMLInputElement).value).toBe("https://registry.redhat.io");
    expect(screen.getByTestId("connection-presets").textContent).toContain("12345678|name");
    expect(backend.callsTo("connection_add")).toHaveLength(0);
  });
});
