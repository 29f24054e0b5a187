import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { digest, quayReposOf } from "../test/quayReposFixtures";
import { fromLocalParts, localParts } from "./RepositoryTagsModal";
import { validRepositoryName } from "./RepositoriesTab";

const SIGNED_IN = { c3: { username: "$oauthtoken", password: "quay-oauth-token-1" } };
const repoRows = () => screen.queryAllByTestId("quay-repo-row").map((r) => r.getAttribute("data-name"));
const tagRows = () => screen.queryAllByTestId("quay-tag-row").map((r) => r.getAttribute("data-name"));
const row = (name: string) => screen.getAllByTestId("quay-repo-row").find((r) => r.getAttribute("data-name") === name)!;
const tagRow = (name: string) => screen.getAllByTestId("quay-tag-row").find((r) => r.getAttribute("data-name") === name)!;

/** Types a day and a time into the expiration pickers, as the user would. */
function pick(date: Date) {
  const { day, time } = localParts(date);
  fireEvent.change(document.getElementById("quay-tag-expiration-date")!, { target: { value: day } });
  fireEvent.change(document.getElementById("quay-tag-expiration-time")!, { target: { value: time } });
}

async function openTeam(backend = fakeBackend({ keyringSignIns: SIGNED_IN })) {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-quay"));
  await user.selectOptions(await screen.findByTestId("quay-organization"), "team");
  await waitFor(() => expect(repoRows().length).toBeGreaterThan(0));
  return { user, backend };
}

async function openTags(user: ReturnType<typeof userEvent.setup>, repository: string) {
  await user.click(within(row(repository)).getByTestId("quay-repo-open"));
  await waitFor(() => expect(tagRows().length).toBeGreaterThan(0));
}

describe("Quay repositories and tags", { timeout: 60000 }, () => {
  it("repository_names_are_checked_as_quay_would", () => {
    expect(validRepositoryName("web")).toBe(true);
    expect(validRepositoryName("team/web-1.2_x")).toBe(true);
    for (const bad of ["Web", "-web", "a//b", "web/", "", "a b"]) expect(validRepositoryName(bad)).toBe(false);
  });

  it("reads_a_picked_day_and_time_as_local_time_and_refuses_impossible_ones", () => {
    expect(fromLocalParts("2026-12-06", "14:30")).toEqual(new Date(2026, 11, 6, 14, 30));
    expect(fromLocalParts("2026-02-31", "14:30")).toBeNull();
    expect(fromLocalParts("2026-12-06", "25:00")).toBeNull();
    expect(fromLocalParts("06/12/2026", "14:30")).toBeNull();
    expect(localParts(new Date(2026, 0, 2, 3, 4))).toEqual({ day: "2026-01-02", time: "03:04" });
  });

  it("counts_tags_lazily_at_most_four_at_once_with_500_plus_when_capped", async () => {
    const repositories = Array.from({ length: 12 }, (_, i) => ({ namespace: "team", name: `r${String(i).padStart(2, "0")}`, isPublic: false, description: null, lastModified: null }));
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN, quay: { repositories: { team: [...repositories, { namespace: "team", name: "base", isPublic: true, description: null, lastModified: null }] } } });
    const repos = quayReposOf(backend.quay);
    repos.detailDelayMs = 20;
    await openTeam(backend);
    // A spinner per cell while its count is asked.
    expect(screen.getAllByTestId("quay-repo-tag-count").some((c) => c.getAttribute("data-status") === "loading")).toBe(true);
    await waitFor(() => expect(screen.getAllByTestId("quay-repo-tag-count").every((c) => c.getAttribute("data-status") === "ok")).toBe(true), { timeout: 5000 });
    expect(backend.callsTo("quay_repository")).toHaveLength(13);
    expect(repos.maxDetailsInFlight).toBeLessThanOrEqual(4);
    expect(repos.maxDetailsInFlight).toBeGreaterThan(1);
    expect(within(row("base")).getByTestId("quay-repo-tag-count").textContent).toBe("500+");
    expect(within(row("r00")).getByTestId("quay-repo-tag-count").textContent).toBe("0");
  });

  it("creates_a_repository_refusing_a_bad_name_before_sending_and_saying_a_taken_one", async () => {
    const { user, backend } = await openTeam();
    await user.click(screen.getByTestId("quay-repo-create"));
    await user.type(document.getElementById("quay-repo-name")!, "Web");
    expect(screen.getByTestId("quay-repo-name-invalid").textContent).toContain('"Web" cannot be a repository name');
    expect((screen.getByTestId("quay-repo-create-submit") as HTMLButtonElement).disabled).toBe(true);
    expect(backend.callsTo("quay_repository_create")).toHaveLength(0);

    // Taken: Quay's words, in the dialog.
    await user.clear(document.getElementById("quay-repo-name")!);
    await user.type(document.getElementById("quay-repo-name")!, "app");
    await user.click(screen.getByTestId("quay-repo-create-submit"));
    const modal = await screen.findByTestId("quay-repo-create-modal");
    expect((await within(modal).findByTestId("quay-error")).textContent).toContain("Repository already exists");

    await user.clear(document.getElementById("quay-repo-name")!);
    await user.type(document.getElementById("quay-repo-name")!, "web");
    await user.click(screen.getByLabelText("Public"));
    await user.type(document.getElementById("quay-repo-description")!, "the web front end");
    await user.click(screen.getByTestId("quay-repo-create-submit"));
    await waitFor(() => expect(repoRows()).toEqual(["app", "base", "web"]));
    expect(screen.getByTestId("quay-repo-done").textContent).toContain("Repository team/web created");
    expect(within(row("web")).getByTestId("quay-repo-visibility").textContent).toBe("Public");
    expect(backend.callsTo("quay_repository_create").at(-1)?.args).toEqual({
      connectionId: "c3",
      namespace: "team",
      name: "web",
      visibility: "public",
      description: "the web front end",
    });
  });

  it("makes_a_repository_public_after_saying_who_can_then_pull_and_private_again", async () => {
    const { user, backend } = await openTeam();
    await user.click(within(row("app")).getByTestId("quay-repo-visibility-toggle"));
    const confirm = await screen.findByTestId("quay-repo-visibility-confirm");
    expect(confirm.textContent).toContain("Make team/app public?");
    expect(confirm.textContent).toContain("Anyone who can reach this Quay will be able to pull team/app, without signing in");
    await user.click(screen.getByTestId("quay-repo-visibility-confirm-submit"));
    await waitFor(() => expect(within(row("app")).getByTestId("quay-repo-visibility").textContent).toBe("Public"));
    expect(screen.getByTestId("quay-repo-done").textContent).toContain("team/app is now public");
    expect(backend.quay.repositories.team!.find((r) => r.name === "app")!.isPublic).toBe(true);

    await user.click(within(row("app")).getByTestId("quay-repo-visibility-toggle"));
    expect((await screen.findByTestId("quay-repo-visibility-confirm")).textContent).toContain("Anonymous pulls stop working");
    await user.click(screen.getByTestId("quay-repo-visibility-confirm-submit"));
    await waitFor(() => expect(within(row("app")).getByTestId("quay-repo-visibility").textContent).toBe("Private"));
  });

  it("deletes_a_repository_after_saying_its_tags_go_with_it_and_shows_a_refusal_in_the_dialog", async () => {
    const { user, backend } = await openTeam();
    await waitFor(() => expect(within(row("app")).getByTestId("quay-repo-tag-count").textContent).toBe("2"));
    backend.fail("quay_repository_delete", { code: "accessDenied", message: "DELETE /repository/team/app: Quay refused (HTTP 403): Unauthorized", detail: null });
    await user.click(within(row("app")).getByTestId("quay-repo-delete"));
    const confirm = await screen.findByTestId("quay-repo-delete-confirm");
    expect(confirm.textContent).toContain("The repository and its 2 tags go with it");
    await user.click(screen.getByTestId("quay-repo-delete-confirm-submit"));
    expect((await within(confirm).findByTestId("quay-error")).textContent).toContain("HTTP 403");
    expect(repoRows()).toEqual(["app", "base"]);

    backend.succeed("quay_repository_delete");
    await user.click(screen.getByTestId("quay-repo-delete-confirm-submit"));
    await waitFor(() => expect(repoRows()).toEqual(["base"]));
    expect(screen.getByTestId("quay-repo-done").textContent).toContain("Repository team/app deleted");
  });

  it("lists_a_repositorys_tags_with_short_digests_sizes_and_expiration", async () => {
    const { user } = await openTeam();
    await openTags(user, "app");
    expect(tagRows()).toEqual(["1.0", "latest"]);
    const latest = tagRow("latest");
    expect(within(latest).getByTestId("quay-tag-digest").textContent).toBe("sha256:bbbbbbbbbbbb");
    expect(within(latest).getByTestId("quay-tag-digest").getAttribute("title")).toBe(digest("b"));
    expect(latest.textContent).toContain("2 KiB");
    expect(within(latest).getByTestId("quay-tag-expires").textContent).toBe("Never");
    expect(screen.getByTestId("quay-tags-count").textContent).toBe("2 of 2 tags");
  });

  it("shows_a_tags_history_newest_first_and_restores_an_earlier_manifest", async () => {
    const { user, backend } = await openTeam();
    await openTags(user, "app");
    await user.click(within(tagRow("latest")).getByTestId("quay-tag-history"));
    await waitFor(() => expect(screen.getAllByTestId("quay-tag-history-row")).toHaveLength(2));
    const [now, before] = screen.getAllByTestId("quay-tag-history-row");
    expect(now!.getAttribute("data-state")).toBe("current");
    expect(now!.textContent).toContain("sha256:bbbbbbbbbbbb");
    expect(within(now!).queryByTestId("quay-tag-restore")).toBeNull();
    expect(before!.getAttribute("data-state")).toBe("replaced");
    expect(before!.textContent).toContain("sha256:cccccccccccc");
    await user.click(within(before!).getByTestId("quay-tag-restore"));
    expect((await screen.findByTestId("quay-tag-restored")).textContent).toContain("latest points at sha256:cccccccccccc again");
    await waitFor(() => expect(screen.getAllByTestId("quay-tag-history-row")).toHaveLength(3));
    expect(screen.getAllByTestId("quay-tag-history-row")[0]!.textContent).toContain("restored");
    expect(backend.callsTo("quay_tag_restore").at(-1)?.args).toEqual({ connectionId: "c3", namespace: "team", repository: "app", tag: "latest", manifestDigest: digest("c") });
    await user.click(screen.getByTestId("quay-tags-back"));
    expect(within(tagRow("latest")).getByTestId("quay-tag-digest").textContent).toBe("sha256:cccccccccccc");
  });

  it("deletes_a_tag_after_asking_then_restores_it_from_its_history", async () => {
    const { user, backend } = await openTeam();
    await openTags(user, "app");
    // A refusal is said in the panel, and the tag stays.
    backend.fail("quay_tag_delete", { code: "accessDenied", message: "DELETE /repository/team/app/tag/1.0: Quay refused (HTTP 403): Unauthorized", detail: null });
    await user.click(within(tagRow("1.0")).getByTestId("quay-tag-delete"));
    const confirm = await screen.findByTestId("quay-tag-delete-confirm");
    expect(confirm.textContent).toContain("Pulls of team/app:1.0 stop working");
    expect(confirm.textContent).toContain("for 14 days");
    await user.click(screen.getByTestId("quay-tag-delete-confirm-submit"));
    expect((await within(confirm).findByTestId("quay-error")).textContent).toContain("HTTP 403");
    backend.succeed("quay_tag_delete");
    await user.click(screen.getByTestId("quay-tag-delete-confirm-submit"));
    await waitFor(() => expect(tagRows()).toEqual(["latest"]));
    expect(screen.getByTestId("quay-tags-notice").textContent).toContain("Tag 1.0 deleted");

    await user.click(screen.getByTestId("quay-tags-notice-history"));
    await waitFor(() => expect(screen.getAllByTestId("quay-tag-history-row")).toHaveLength(1));
    const deleted = screen.getAllByTestId("quay-tag-history-row")[0]!;
    expect(deleted.getAttribute("data-state")).toBe("ended");
    expect(deleted.textContent).toContain("Deleted or expired");
    await user.click(within(deleted).getByTestId("quay-tag-restore"));
    await screen.findByTestId("quay-tag-restored");
    await user.click(screen.getByTestId("quay-tags-back"));
    await waitFor(() => expect(tagRows()).toEqual(["1.0", "latest"]));
  });

  it("finds_a_tag_deleted_earlier_among_the_recently_deleted_and_restores_it", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const t = Math.floor(Date.now() / 1000);
    const spans = quayReposOf(backend.quay).spans["team/app"]!;
    spans.push({ name: "0.9", manifestDigest: digest("e"), start: t - 86400 * 5, end: t - 86400 * 4, reversion: false, isManifestList: false, size: 10 });
    spans.push({ name: "0.1", manifestDigest: digest("f"), start: t - 86400 * 60, end: t - 86400 * 30, reversion: false, isManifestList: false, size: 10 });
    const { user } = await openTeam(backend);
    await openTags(user, "app");
    expect(backend.callsTo("quay_deleted_tags")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Recently deleted tags" }));
    await waitFor(() => expect(screen.getAllByTestId("quay-deleted-tag-row").map((r) => r.getAttribute("data-name"))).toEqual(["0.9", "0.1"]));
    const [recent, old] = screen.getAllByTestId("quay-deleted-tag-row");
    // Past the two-week time machine: said, not offered.
    expect(within(old!).queryByTestId("quay-deleted-tag-restore")).toBeNull();
    expect(old!.textContent).toContain("Past the time machine");
    await user.click(within(recent!).getByTestId("quay-deleted-tag-restore"));
    await waitFor(() => expect(tagRows()).toEqual(["0.9", "1.0", "latest"]));
    expect(screen.getByTestId("quay-tags-notice").textContent).toContain("0.9 points at sha256:eeeeeeeeeeee again");
    await waitFor(() => expect(screen.getAllByTestId("quay-deleted-tag-row").map((r) => r.getAttribute("data-name"))).toEqual(["0.1"]));
  });

  it("sets_an_expiration_in_the_future_only_then_clears_it", async () => {
    const { user, backend } = await openTeam();
    await openTags(user, "app");
    await user.click(within(tagRow("1.0")).getByTestId("quay-tag-expiration"));
    pick(new Date(Date.now() - 3600_000));
    expect(screen.getByTestId("quay-tag-expiration-past").textContent).toContain("Choose a time in the future.");
    expect((screen.getByTestId("quay-tag-expiration-set") as HTMLButtonElement).disabled).toBe(true);

    const inTwoDays = new Date(Date.now() + 2 * 86400_000);
    pick(inTwoDays);
    expect(screen.getByTestId("quay-tag-expiration-chosen").textContent).toContain("in 2 days");
    await user.click(screen.getByTestId("quay-tag-expiration-set"));
    await waitFor(() => expect(screen.getByTestId("quay-tags-notice").textContent).toContain("1.0 expires"));
    expect(within(tagRow("1.0")).getByTestId("quay-tag-expires").textContent).toBe("in 2 days");
    const sent = backend.callsTo("quay_tag_expiration").at(-1)!.args as { expiration: number };
    expect(Math.abs(sent.expiration - Math.floor(inTwoDays.getTime() / 1000))).toBeLessThan(60);

    await user.click(within(tagRow("1.0")).getByTestId("quay-tag-expiration"));
    expect(screen.getByTestId("quay-tag-expiration-current").textContent).toContain("Expires");
    await user.click(screen.getByTestId("quay-tag-expiration-clear"));
    await waitFor(() => expect(screen.getByTestId("quay-tags-notice").textContent).toContain("1.0 no longer expires"));
    expect(within(tagRow("1.0")).getByTestId("quay-tag-expires").textContent).toBe("Never");
    expect(backend.callsTo("quay_tag_expiration").at(-1)?.args).toMatchObject({ tag: "1.0", expiration: null });
  });

  it("says_when_quay_moved_an_expiration_to_an_hour_after_the_push", async () => {
    const backend = fakeBackend({ keyringSignIns: SIGNED_IN });
    const spans = quayReposOf(backend.quay).spans["team/app"]!;
    spans[0]!.start = Math.floor(Date.now() / 1000) - 60;
    const { user } = await openTeam(backend);
    await openTags(user, "app");
    await user.click(within(tagRow("1.0")).getByTestId("quay-tag-expiration"));
    pick(new Date(Date.now() + 10 * 60_000));
    await user.click(screen.getByTestId("quay-tag-expiration-set"));
    await waitFor(() => expect(screen.getByTestId("quay-tags-notice").textContent).toContain("Quay set 1.0 to expire"));
    expect(screen.getByTestId("quay-tags-notice").textContent).toContain("between one hour and 104 weeks");
  });
});
