import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { settingsState } from "../test/fixtures";
import { signedIn as signedInStatus } from "../test/authFixtures";

const rows = () => screen.queryAllByTestId("connection-row");
const rowNames = () => rows().map((r) => r.getAttribute("data-name"));
const row = (name: string) => {
  const found = rows().find((r) => r.getAttribute("data-name") === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

async function startApp() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  return user;
}

describe("Connections page", () => {
  it("lists_the_connections_from_settings_state_with_kind_url_and_tls", async () => {
    fakeBackend();
    await startApp();

    await waitFor(() => expect(rowNames()).toEqual(["demo", "prod-cluster", "lab-quay"]));
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");
    expect(screen.getByTestId("settings-path").textContent).toBe("/home/admin/.config/registry-console/settings.json");

    const demo = within(row("demo"));
    expect(demo.getByText("Docker Registry v2 / OCI")).toBeTruthy();
    expect(demo.getByText("https://registry.example.com")).toBeTruthy();
    expect(demo.getByText("System roots")).toBeTruthy();
    expect(row("prod-cluster").textContent).toContain("Extra CA bundle: /etc/pki/prod-ca.crt");
    expect(within(row("prod-cluster")).getByText("OpenShift 4.x cluster")).toBeTruthy();
    expect(within(row("lab-quay")).getByTestId("tls-insecure-warning").textContent).toContain("Verification off");
    expect(screen.getAllByTestId("tls-insecure-warning")).toHaveLength(1);
  });

  it("filters_by_name_or_url_as_you_type", async () => {
    fakeBackend();
    const user = await startApp();
    const filter = await screen.findByTestId("connection-filter");

    await user.type(filter, "PROD");
    expect(rowNames()).toEqual(["prod-cluster"]);

    await user.clear(filter);
    await user.type(filter, "lab.internal");
    expect(rowNames()).toEqual(["lab-quay"]);

    await user.type(filter, "zzz");
    expect(rowNames()).toEqual([]);
    expect(screen.getByText("No connections match the filter")).toBeTruthy();

    await user.clear(filter);
    expect(rowNames()).toHaveLength(3);
  });

  it("shows_the_empty_state_with_an_add_button_when_there_are_no_connections", async () => {
    fakeBackend({ state: settingsState([]) });
    await startApp();
    const empty = await screen.findByTestId("connections-empty");
    expect(empty.textContent).toContain("No connections yet");
    expect(within(empty).getByTestId("add-connection")).toBeTruthy();
  });
});

describe("Connection form", () => {
  it("adds_a_connection_with_a_ca_bundle_and_refreshes_the_list", async () => {
    const backend = fakeBackend();
    const user = await startApp();

    await user.click(await screen.findByTestId("add-connection"));
    await user.type(document.getElementById("connection-name")!, "staging");
    await user.selectOptions(document.getElementById("connection-kind")!, "quay");
    expect(document.getElementById("connection-url")!.getAttribute("placeholder")).toBe("https://quay.example.com");
    await user.type(document.getElementById("connection-url")!, "https://quay.staging.example.com");
    expect(document.getElementById("connection-ca-path")).toBeNull();
    await user.click(document.getElementById("tls-ca-bundle")!);
    await user.type(document.getElementById("connection-ca-path")!, "/etc/pki/staging-ca.pem");
    await user.click(screen.getByTestId("connection-save"));

    await waitFor(() => expect(rowNames()).toContain("staging"));
    expect(backend.callsTo("connection_add")).toEqual([
      {
        cmd: "connection_add",
        args: {
          draft: {
            name: "staging",
            kind: "quay",
            url: "https://quay.staging.example.com",
            tls: { mode: "caBundle", path: "/etc/pki/staging-ca.pem" },
          },
        },
      },
    ]);
    expect(backend.callsTo("settings_state").length).toBeGreaterThanOrEqual(2);
    await waitFor(() => expect(screen.queryByTestId("connection-save")).toBeNull());
  });

  it("shows_invalid_url_under_the_url_field_and_keeps_what_was_typed", async () => {
    const backend = fakeBackend();
    backend.fail("connection_add", {
      code: "invalidUrl",
      message: "“ftp://registry” is not an http or https URL.",
      detail: null,
    });
    const user = await startApp();

    await user.click(await screen.findByTestId("add-connection"));
    await user.type(document.getElementById("connection-name")!, "broken");
    await user.type(document.getElementById("connection-url")!, "ftp://registry");
    await user.click(document.getElementById("tls-insecure")!);
    expect(screen.getByText("Certificates will not be checked")).toBeTruthy();
    await user.click(screen.getByTestId("connection-save"));

    const error = await screen.findByTestId("error-url");
    expect(error.textContent).toContain("“ftp://registry” is not an http or https URL.");
    expect(screen.queryByTestId("error-name")).toBeNull();
    expect(screen.queryByTestId("form-error")).toBeNull();
    expect((document.getElementById("connection-name") as HTMLInputElement).value).toBe("broken");
    expect((document.getElementById("connection-url") as HTMLInputElement).value).toBe("ftp://registry");
    expect((document.getElementById("tls-insecure") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId("connection-save")).toBeTruthy();
    expect(backend.callsTo("connection_add")[0]?.args).toEqual({
      draft: { name: "broken", kind: "registry", url: "ftp://registry", tls: { mode: "insecure" } },
    });
  });

  it("editing_the_field_in_error_retires_its_error_but_not_others", async () => {
    const backend = fakeBackend();
    backend.fail("connection_add", {
      code: "invalidUrl",
      message: "“ftp://registry” is not an http or https URL.",
      detail: null,
    });
    const user = await startApp();
    await user.click(await screen.findByTestId("add-connection"));
    await user.type(document.getElementById("connection-name")!, "broken");
    await user.type(document.getElementById("connection-url")!, "ftp://registry");
    await user.click(screen.getByTestId("connection-save"));
    await screen.findByTestId("error-url");

    await user.type(document.getElementById("connection-name")!, "-still");
    expect(screen.getByTestId("error-url")).toBeTruthy();
    await user.type(document.getElementById("connection-url")!, "x");
    expect(screen.queryByTestId("error-url")).toBeNull();
  });

  it("maps_name_and_ca_bundle_errors_to_their_fields_and_others_to_the_form", async () => {
    const backend = fakeBackend();
    const user = await startApp();
    await user.click(await screen.findByTestId("add-connection"));
    await user.type(document.getElementById("connection-name")!, "demo");
    await user.type(document.getElementById("connection-url")!, "https://r.example.com");

    backend.fail("connection_add", { code: "invalidName", message: "A connection named “demo” exists.", detail: null });
    await user.click(screen.getByTestId("connection-save"));
    expect((await screen.findByTestId("error-name")).textContent).toContain("A connection named “demo” exists.");

    await user.click(document.getElementById("tls-ca-bundle")!);
    await user.type(document.getElementById("connection-ca-path")!, "ca.pem");
    backend.fail("connection_add", { code: "invalidCaBundle", message: "The path must be absolute.", detail: null });
    await user.click(screen.getByTestId("connection-save"));
    expect((await screen.findByTestId("error-ca-bundle")).textContent).toContain("The path must be absolute.");
    expect(screen.queryByTestId("error-name")).toBeNull();

    backend.fail("connection_add", {
      code: "other",
      message: "The settings file could not be written.",
      detail: "Permission denied (os error 13)",
    });
    await user.click(screen.getByTestId("connection-save"));
    const formError = await screen.findByTestId("form-error");
    expect(formError.textContent).toContain("The settings file could not be written.");
    expect(formError.textContent).toContain("Permission denied (os error 13)");
    expect((document.getElementById("connection-ca-path") as HTMLInputElement).value).toBe("ca.pem");
  });

  it("edits_a_connection_through_connection_update", async () => {
    const backend = fakeBackend();
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("prod-cluster")).getByTestId("edit-connection"));
    const name = document.getElementById("connection-name") as HTMLInputElement;
    expect(name.value).toBe("prod-cluster");
    expect((document.getElementById("connection-ca-path") as HTMLInputElement).value).toBe("/etc/pki/prod-ca.crt");
    await user.clear(name);
    await user.type(name, "prod");
    await user.click(document.getElementById("tls-system")!);
    // The OpenShift version, picked once per cluster: never picked reads as 4.x.
    expect((document.getElementById("platform-v4") as HTMLInputElement).checked).toBe(true);
    await user.click(document.getElementById("platform-v3")!);
    await user.click(screen.getByTestId("connection-save"));

    await waitFor(() => expect(rowNames()).toEqual(["demo", "prod", "lab-quay"]));
    expect(backend.callsTo("connection_update")[0]?.args).toEqual({
      id: "c2",
      draft: {
        name: "prod",
        kind: "openshift",
        url: "https://api.prod.example.com:6443",
        tls: { mode: "system" },
        openshiftVersion: "v3",
      },
    });
    expect(within(row("prod")).getByTestId("connection-kind").textContent).toBe("OpenShift 3.x cluster");
  });
});

describe("Edit connection: a saved sign-in stays with the server it was given to", () => {
  const fill = async (user: ReturnType<typeof userEvent.setup>, id: string, value: string) => {
    const input = document.getElementById(id) as HTMLInputElement;
    await user.clear(input);
    await user.type(input, value);
  };

  it("asks_once_naming_where_the_sign_in_was_given_before_saving_another_url", async () => {
    const backend = fakeBackend({ keyringSignIns: { c1: { username: "alice", password: "pw" } } });
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("demo")).getByTestId("edit-connection"));
    await fill(user, "connection-url", "https://mirror.example.com:5000");
    await user.click(screen.getByTestId("connection-save"));

    const warning = await screen.findByTestId("forget-sign-in-warning");
    expect(warning.textContent).toContain(
      "The saved sign-in for demo was given to https://registry.example.com; saving forgets it.",
    );
    expect(backend.callsTo("connection_update")).toHaveLength(0);

    await user.click(screen.getByTestId("connection-save"));
    await waitFor(() => expect(within(row("demo")).getByText("https://mirror.example.com:5000")).toBeTruthy());
    expect(backend.callsTo("connection_update")).toHaveLength(1);
    expect(backend.keyringEntry("c1")).toBeNull();
  });

  it("asks_again_when_the_url_changes_after_the_warning", async () => {
    const backend = fakeBackend({ keyringSignIns: { c1: { username: "alice", password: "pw" } } });
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("demo")).getByTestId("edit-connection"));
    await fill(user, "connection-url", "https://mirror.example.com");
    await user.click(screen.getByTestId("connection-save"));
    await screen.findByTestId("forget-sign-in-warning");
    await fill(user, "connection-url", "http://registry.example.com");
    expect(screen.queryByTestId("forget-sign-in-warning")).toBeNull();
    await user.click(screen.getByTestId("connection-save"));
    await screen.findByTestId("forget-sign-in-warning");
    expect(backend.callsTo("connection_update")).toHaveLength(0);
  });

  it("asks_before_changing_the_tls_mode_of_a_cluster_with_a_session", async () => {
    const backend = fakeBackend({
      auth: { statuses: { c2: signedInStatus("c2", "alice") } },
    });
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("prod-cluster")).getByTestId("edit-connection"));
    await user.click(document.getElementById("tls-insecure")!);
    await user.click(screen.getByTestId("connection-save"));

    const warning = await screen.findByTestId("forget-sign-in-warning");
    expect(warning.textContent).toContain("The saved sign-in for prod-cluster was given to https://api.prod.example.com:6443");
    expect(backend.callsTo("connection_update")).toHaveLength(0);
  });

  it("saves_without_asking_when_only_the_name_changes_or_nothing_is_saved", async () => {
    const backend = fakeBackend({ keyringSignIns: { c1: { username: "alice", password: "pw" } } });
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("demo")).getByTestId("edit-connection"));
    await fill(user, "connection-name", "demo-renamed");
    // The default port written out is the same origin.
    await fill(user, "connection-url", "https://registry.example.com:443");
    await user.click(screen.getByTestId("connection-save"));
    await waitFor(() => expect(rowNames()).toContain("demo-renamed"));
    expect(screen.queryByTestId("forget-sign-in-warning")).toBeNull();

    await user.click(within(row("lab-quay")).getByTestId("edit-connection"));
    await fill(user, "connection-url", "https://quay.elsewhere.internal");
    await user.click(screen.getByTestId("connection-save"));
    await waitFor(() => expect(within(row("lab-quay")).getByText("https://quay.elsewhere.internal")).toBeTruthy());
    expect(backend.callsTo("connection_update")).toHaveLength(2);
  });

  it("says_it_in_japanese_too", async () => {
    const state = settingsState();
    state.settings.preferences.language = "ja";
    fakeBackend({ state, keyringSignIns: { c1: { username: "alice", password: "pw" } } });
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("demo")).getByTestId("edit-connection"));
    await fill(user, "connection-url", "http://registry.example.com");
    await user.click(screen.getByTestId("connection-save"));

    const warning = await screen.findByTestId("forget-sign-in-warning");
    expect(warning.textContent).toContain("demo の保存済みログインは https://registry.example.com に対して行われたものです。");
  });
});

describe("Remove connection", () => {
  it("asks_once_naming_the_connection_then_removes_it", async () => {
    const backend = fakeBackend();
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.click(within(row("demo")).getByTestId("remove-connection"));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Remove connection “demo” (https://registry.example.com)?");
    expect(dialog.textContent).toContain("its saved sign-in is deleted from the OS keyring");
    expect(dialog.textContent).toContain("Nothing else on the server changes");
    expect(backend.callsTo("connection_remove")).toHaveLength(0);

    await user.click(screen.getByTestId("confirm-remove"));
    await waitFor(() => expect(rowNames()).toEqual(["prod-cluster", "lab-quay"]));
    expect(backend.callsTo("connection_remove")).toEqual([{ cmd: "connection_remove", args: { id: "c1" } }]);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("reloads_the_list_when_the_connection_is_already_gone", async () => {
    const backend = fakeBackend();
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));
    backend.fail("connection_remove", { code: "notFound", message: "No connection with id c1.", detail: null });
    backend.state.settings.connections.shift();

    await user.click(within(row("demo")).getByTestId("remove-connection"));
    await user.click(await screen.findByTestId("confirm-remove"));
    await waitFor(() => expect(rowNames()).toEqual(["prod-cluster", "lab-quay"]));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("shows_other_errors_in_the_dialog", async () => {
    const backend = fakeBackend();
    const user = await startApp();
    await waitFor(() => expect(rows()).toHaveLength(3));
    backend.fail("connection_remove", { code: "other", message: "Read-only session.", detail: null });

    await user.click(within(row("demo")).getByTestId("remove-connection"));
    await user.click(await screen.findByTestId("confirm-remove"));
    const dialog = await screen.findByRole("dialog");
    await waitFor(() => expect(dialog.textContent).toContain("Read-only session."));
    expect(rowNames()).toContain("demo");
  });
});

describe("Settings recovery", () => {
  it("shows_the_reason_and_where_the_file_was_moved_until_dismissed", async () => {
    const state = settingsState([]);
    state.recovery = {
      reason: "settings.json line 3: expected a string.",
      movedTo: "/home/admin/.config/registry-console/settings.json.broken-1",
      readOnly: false,
    };
    fakeBackend({ state });
    const user = await startApp();

    const alert = await screen.findByTestId("settings-recovery");
    expect(alert.textContent).toContain("The settings file could not be used");
    expect(alert.textContent).toContain("settings.json line 3: expected a string.");
    expect(alert.textContent).toContain(
      "It was moved to /home/admin/.config/registry-console/settings.json.broken-1; the app started with empty settings.",
    );
    expect(alert.textContent).not.toContain("Nothing will be saved");

    await user.click(screen.getByTestId("nav-registries"));
    await user.click(screen.getByTestId("nav-connections"));
    const again = screen.getByTestId("settings-recovery");

    await user.click(within(again).getByRole("button", { name: "Close" }));
    expect(screen.queryByTestId("settings-recovery")).toBeNull();
  });

  it("says_nothing_is_saved_when_the_session_is_read_only", async () => {
    const state = settingsState([]);
    state.recovery = { reason: "The file is newer than this app.", movedTo: null, readOnly: true };
    fakeBackend({ state });
    await startApp();
    const alert = await screen.findByTestId("settings-recovery");
    expect(alert.textContent).toContain("Nothing will be saved this session so that the file is not lost.");
    expect(alert.textContent).not.toContain("It was moved");
  });
});
