import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { teamsOf } from "../test/quayTeamsFixtures";
import { logDay, utcDay } from "./AuditLogTab";
import { forgetRepositoryChoices } from "./quayTeamsShared";

const SIGNED_IN = { c3: { username: "$oauthtoken", password: "quay-oauth-token-1" } };

async function openTab(tab: "teams" | "permissions" | "access" | "logs" | "robots") {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-quay"));
  await user.selectOptions(await screen.findByTestId("quay-organization"), "team");
  await user.click(screen.getByTestId(`quay-tab-${tab}`));
  return user;
}

const rows = (testId: string) => screen.queryAllByTestId(testId);
const permRow = (name: string) => rows("quay-perm-row").find((r) => r.getAttribute("data-name") === name);
const accessRow = (name: string) => rows("quay-access-row").find((r) => r.getAttribute("data-name") === name);

describe("Quay teams, permissions, effective access and audit log", { timeout: 60000 }, () => {
  beforeEach(() => forgetRepositoryChoices());

  it("grants_a_robot_write_changes_its_role_in_place_and_revokes_it_after_asking", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("permissions");
    await waitFor(() => expect(rows("quay-perm-row").map((r) => r.getAttribute("data-name"))).toEqual(["admin", "devs"]));
    expect((screen.getByTestId("quay-perm-repo") as HTMLSelectElement).value).toBe("app");
    expect(within(permRow("devs")!).getByText("Team")).toBeTruthy();

    // Grant: kind robot (the default), picked from the organization's robot accounts, Write.
    await user.selectOptions(screen.getByTestId("quay-perm-grant-name"), "team+builder");
    await user.selectOptions(screen.getByTestId("quay-perm-grant-role"), "write");
    await user.click(screen.getByTestId("quay-perm-grant"));
    await waitFor(() => expect(permRow("team+builder")?.getAttribute("data-role")).toBe("write"));
    expect(screen.getByTestId("quay-perm-done").textContent).toContain("team+builder granted Write");
    expect(backend.callsTo("quay_permission_set").at(-1)?.args).toEqual({
      connectionId: "c3",
      namespace: "team",
      repository: "app",
      grantee: { kind: "robot", name: "team+builder" },
      role: "write",
    });

    // Changed in place: Write → Admin.
    await user.selectOptions(within(permRow("team+builder")!).getByRole("combobox"), "admin");
    await waitFor(() => expect(permRow("team+builder")?.getAttribute("data-role")).toBe("admin"));
    expect(screen.getByTestId("quay-perm-done").textContent).toContain("team+builder now holds Admin");

    // Revoked after one question that says what happens.
    await user.click(within(permRow("team+builder")!).getByTestId("quay-perm-revoke"));
    const confirm = await screen.findByTestId("quay-perm-revoke-confirm");
    expect(confirm.textContent).toContain("team+builder no longer holds Admin on team/app");
    expect(backend.callsTo("quay_permission_revoke")).toHaveLength(0);
    await user.click(screen.getByTestId("quay-perm-revoke-confirm-submit"));
    await waitFor(() => expect(permRow("team+builder")).toBeUndefined());
    expect(teamsOf(backend.quay).permissions["team/app"]!.map((p) => p.grantee.name)).toEqual(["admin", "devs"]);
  });

  it("a_403_is_said_in_words_where_the_user_acted", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    backend.fail("quay_permission_set", {
      code: "accessDenied",
      message: "PUT /repository/team/app/permissions/user/alice: Quay refused (HTTP 403): Unauthorized",
      detail: null,
    });
    const user = await openTab("permissions");
    await waitFor(() => expect(rows("quay-perm-row")).toHaveLength(2));
    await user.selectOptions(screen.getByTestId("quay-perm-grant-kind"), "user");
    await user.type(screen.getByTestId("quay-perm-grant-name"), "alice");
    await user.click(screen.getByTestId("quay-perm-grant"));
    const alert = await within(screen.getByTestId("quay-perms")).findByTestId("quay-error");
    expect(alert.textContent).toContain("Your token may not read or change this repository's permissions: it needs Admin on the repository and the repo:admin scope");
    expect(alert.textContent).toContain("HTTP 403");
    expect(permRow("alice")).toBeUndefined();
  });

  it("default_permissions_are_listed_added_and_deleted_after_asking", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("permissions");
    await waitFor(() => expect(rows("quay-default-row")).toHaveLength(1));
    expect(rows("quay-default-row")[0]!.textContent).toContain("anyone");
    await user.type(screen.getByTestId("quay-default-creator"), "admin");
    await user.selectOptions(screen.getByTestId("quay-default-delegate-kind"), "robot");
    await user.selectOptions(screen.getByTestId("quay-default-delegate-name"), "team+builder");
    await user.selectOptions(screen.getByTestId("quay-default-role"), "write");
    await user.click(screen.getByTestId("quay-default-create"));
    await waitFor(() => expect(rows("quay-default-row")).toHaveLength(2));
    expect(teamsOf(backend.quay).defaults.team![1]).toMatchObject({ delegate: { kind: "robot", name: "team+builder" }, role: "write", activatingUser: "admin" });
    await user.click(within(rows("quay-default-row")[0]!).getByTestId("quay-default-delete"));
    expect((await screen.findByTestId("quay-default-delete-confirm")).textContent).toContain("no longer give devs Read");
    await user.click(screen.getByTestId("quay-default-delete-confirm-submit"));
    await waitFor(() => expect(rows("quay-default-row")).toHaveLength(1));
  });

  it("effective_access_says_who_can_pull_push_and_admin_and_through_what", async () => {
    fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("access");
    await waitFor(() => expect(rows("quay-access-row").length).toBeGreaterThan(0));
    // Invited bob holds nothing yet.
    expect(rows("quay-access-row").map((r) => r.getAttribute("data-name"))).toEqual(["admin", "alice", "team+builder"]);
    const builder = accessRow("team+builder")!;
    expect(builder.getAttribute("data-push")).toBe("true");
    expect(builder.getAttribute("data-admin")).toBe("false");
    expect(within(builder).getByTestId("quay-access-sources").textContent).toBe("team devs (Write)");
    const admin = accessRow("admin")!;
    expect(within(admin).getByTestId("quay-access-sources").textContent).toBe("direct permission (Admin)organization admin through team owners");

    await user.selectOptions(screen.getByTestId("quay-access-show"), "admin");
    expect(rows("quay-access-row").map((r) => r.getAttribute("data-name"))).toEqual(["admin"]);
    await user.selectOptions(screen.getByTestId("quay-access-show"), "all");
    await user.type(screen.getByTestId("quay-access-filter").querySelector("input")!, "devs");
    expect(rows("quay-access-row").map((r) => r.getAttribute("data-name"))).toEqual(["alice", "team+builder"]);
    expect(screen.getByTestId("quay-access-count").textContent).toBe("2 of 3");

    // A public repository: anyone can pull.
    await user.selectOptions(screen.getByTestId("quay-access-repo"), "base");
    await waitFor(() => expect(accessRow("*")).toBeTruthy());
    expect(accessRow("*")!.getAttribute("data-push")).toBe("false");
    expect(accessRow("*")!.textContent).toContain("public repository: anyone can pull");
  });

  it("the_audit_log_pages_newest_first_filters_and_shows_a_permission_change", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("logs");
    await waitFor(() => expect(rows("quay-log-row")).toHaveLength(2));
    expect(rows("quay-log-row").map((r) => r.getAttribute("data-kind"))).toEqual(["push_repo", "create_repo"]);
    // Relative in the UI language, exact on hover.
    const when = within(rows("quay-log-row")[0]!).getByTestId("quay-log-when");
    expect(when.textContent).toMatch(/ago|yesterday|last/);
    expect(when.getAttribute("title")).toMatch(/2025/);
    expect(rows("quay-log-row")[0]!.textContent).toContain("robot");
    // The last 7 UTC days by default.
    const args = backend.callsTo("quay_logs")[0]!.args as { start: unknown; end: unknown; scope: unknown; page: unknown };
    expect(args.scope).toEqual({ kind: "organization", name: "team" });
    expect(args.end).toEqual(logDay(utcDay(new Date())));
    expect(args.start).toEqual(logDay(utcDay(new Date(), 6)));
    expect(args.page).toBeNull();

    await user.click(screen.getByTestId("quay-log-more"));
    await waitFor(() => expect(rows("quay-log-row")).toHaveLength(3));
    expect((backend.callsTo("quay_logs").at(-1)!.args as { page: string }).page).toBe("page2");
    expect(screen.getByTestId("quay-log-end").textContent).toBe("All entries of this period are shown.");

    // Filtered by kind (Quay's counts), then by text.
    expect(Array.from((screen.getByTestId("quay-log-kind") as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      "All kinds",
      "create_repo (1)",
      "org_create_team (1)",
      "push_repo (1)",
    ]);
    await user.selectOptions(screen.getByTestId("quay-log-kind"), "org_create_team");
    expect(rows("quay-log-row").map((r) => r.getAttribute("data-kind"))).toEqual(["org_create_team"]);
    await user.selectOptions(screen.getByTestId("quay-log-kind"), "");
    await user.type(screen.getByTestId("quay-log-filter").querySelector("input")!, "builder");
    expect(rows("quay-log-row").map((r) => r.getAttribute("data-kind"))).toEqual(["push_repo"]);
    expect(screen.getByTestId("quay-log-count").textContent).toBe("1 of 3 entries loaded");

    // A permission granted on the Permissions tab shows in the repository's log.
    await user.click(screen.getByTestId("quay-tab-permissions"));
    await waitFor(() => expect(rows("quay-perm-row")).toHaveLength(2));
    await user.selectOptions(screen.getByTestId("quay-perm-grant-name"), "team+builder");
    await user.click(screen.getByTestId("quay-perm-grant"));
    await waitFor(() => expect(permRow("team+builder")).toBeTruthy());
    await user.click(screen.getByTestId("quay-tab-logs"));
    await user.selectOptions(await screen.findByTestId("quay-log-scope"), "app");
    await waitFor(() => expect(rows("quay-log-row").map((r) => r.getAttribute("data-kind"))).toEqual(["change_repo_permission"]));
    expect(rows("quay-log-row")[0]!.textContent).toContain("username team+builder");
  });

  it("an_inverted_date_range_is_refused_before_asking_quay", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("logs");
    await waitFor(() => expect(rows("quay-log-row")).toHaveLength(2));
    const calls = backend.callsTo("quay_logs").length;
    const from = screen.getByTestId("quay-log-from") as HTMLInputElement;
    await user.clear(from);
    await user.type(from, "2999-01-01");
    expect((await screen.findByTestId("quay-log-bad-range")).textContent).toContain("must not be after");
    expect(backend.callsTo("quay_logs")).toHaveLength(calls);
  });

  it("a_403_on_the_log_says_which_scope_is_missing", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    backend.fail("quay_logs", { code: "accessDenied", message: "GET /organization/team/logs: Quay refused (HTTP 403): Unauthorized", detail: null });
    await openTab("logs");
    expect((await screen.findByTestId("quay-error")).textContent).toContain("an organization's log needs an organization admin and the org:admin scope");
  });

  it("creates_a_team_adds_a_robot_then_removes_it_and_deletes_the_team_after_asking", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const user = await openTab("teams");
    await waitFor(() => expect(rows("quay-team-row").map((r) => r.getAttribute("data-name"))).toEqual(["devs", "owners"]));
    const devs = rows("quay-team-row")[0]!;
    expect(within(devs).getByTestId("quay-team-role").textContent).toBe("Member");
    expect(within(devs).getByTestId("quay-team-members-count").textContent).toBe("3");
    expect(within(rows("quay-team-row")[1]!).getByTestId("quay-team-role").textContent).toBe("Admin");

    // devs' members: users, a robot, an invite marked.
    await user.click(within(devs).getByTestId("quay-team-members"));
    await waitFor(() => expect(rows("quay-team-member-row")).toHaveLength(3));
    const invited = rows("quay-team-member-row").find((r) => r.getAttribute("data-name") === "bob@example.com")!;
    expect(within(invited).getByTestId("quay-team-member-invited").textContent).toBe("invited");

    // A new team, Creator.
    await user.click(screen.getByTestId("quay-team-create"));
    await user.type(document.getElementById("quay-team-name")!, "Bad Name");
    await user.click(screen.getByTestId("quay-team-save-submit"));
    expect((await within(screen.getByTestId("quay-team-save")).findByTestId("quay-error")).textContent).toContain("is not a valid team name");
    await user.clear(document.getElementById("quay-team-name")!);
    await user.type(document.getElementById("quay-team-name")!, "deployers");
    await user.selectOptions(document.getElementById("quay-team-role")!, "creator");
    await user.type(document.getElementById("quay-team-description")!, "Deploys");
    await user.click(screen.getByTestId("quay-team-save-submit"));
    await waitFor(() => expect(rows("quay-team-row").map((r) => r.getAttribute("data-name"))).toEqual(["deployers", "devs", "owners"]));
    expect(screen.getByTestId("quay-team-done").textContent).toContain("Team deployers created");
    expect(screen.getByTestId("quay-team-members-panel").getAttribute("data-team")).toBe("deployers");
    await screen.findByTestId("quay-team-members-none");

    // A robot from the organization's robot accounts.
    await user.selectOptions(screen.getByTestId("quay-team-add-name"), "team+builder");
    await user.click(screen.getByTestId("quay-team-add"));
    await waitFor(() => expect(rows("quay-team-member-row").map((r) => r.getAttribute("data-name"))).toEqual(["team+builder"]));
    expect(rows("quay-team-member-row")[0]!.getAttribute("data-robot")).toBe("true");
    await waitFor(() => expect(within(rows("quay-team-row")[0]!).getByTestId("quay-team-members-count").textContent).toBe("1"));

    // Removed after asking.
    await user.click(within(rows("quay-team-member-row")[0]!).getByTestId("quay-team-member-remove"));
    expect((await screen.findByTestId("quay-team-remove-confirm")).textContent).toContain("team+builder loses every permission it held through team deployers");
    await user.click(screen.getByTestId("quay-team-remove-confirm-submit"));
    await waitFor(() => expect(screen.getByTestId("quay-team-members-none")).toBeTruthy());

    // Edited: the role changes in place.
    await user.click(within(rows("quay-team-row")[0]!).getByTestId("quay-team-edit"));
    expect((document.getElementById("quay-team-name") as HTMLInputElement).disabled).toBe(true);
    await user.selectOptions(document.getElementById("quay-team-role")!, "admin");
    await user.click(screen.getByTestId("quay-team-save-submit"));
    await waitFor(() => expect(within(rows("quay-team-row")[0]!).getByTestId("quay-team-role").textContent).toBe("Admin"));

    // Deleted after asking.
    await user.click(within(rows("quay-team-row")[0]!).getByTestId("quay-team-delete"));
    expect((await screen.findByTestId("quay-team-delete-confirm")).textContent).toContain("every repository permission given to it are deleted");
    await user.click(screen.getByTestId("quay-team-delete-confirm-submit"));
    await waitFor(() => expect(rows("quay-team-row").map((r) => r.getAttribute("data-name"))).toEqual(["devs", "owners"]));
    expect(teamsOf(backend.quay).teams.team!.map((t) => t.name)).toEqual(["devs", "owners"]);
  });

  it("a_robots_credentials_show_its_repository_permissions", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    teamsOf(backend.quay).permissions["team/app"]!.push({ grantee: { kind: "robot", name: "team+builder" }, role: "read" });
    const user = await openTab("robots");
    await user.click(await screen.findByTestId("quay-robot-credentials"));
    const row = await screen.findByTestId("quay-robot-permission-row");
    expect(row.getAttribute("data-repository")).toBe("app");
    expect(row.textContent).toBe("team/appRead");
  });

  it("japanese_names_the_tabs_in_quays_japanese_terms_and_keeps_quays_role_names", async () => {
    fakeBackend({ keyringSignIns: SIGNED_IN, state: undefined });
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await user.selectOptions(screen.getByTestId("language-switch"), "ja");
    await user.click(screen.getByTestId("nav-quay"));
    await user.selectOptions(await screen.findByTestId("quay-organization"), "team");
    expect(screen.getByTestId("quay-tab-permissions").textContent).toBe("パーミッション");
    expect(screen.getByTestId("quay-tab-logs").textContent).toBe("監査ログ");
    await user.click(screen.getByTestId("quay-tab-teams"));
    await waitFor(() => expect(rows("quay-team-row")).toHaveLength(2));
    expect(within(rows("quay-team-row")[0]!).getByTestId("quay-team-role").textContent).toBe("Member");
  });
});
