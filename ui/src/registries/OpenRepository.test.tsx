import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { settingsState } from "../test/fixtures";
import { CATALOG_NOT_OFFERED, CATALOG_REFUSED, CATALOG_REFUSED_ANONYMOUS } from "../test/recentReposFixtures";

const tagNames = () => screen.queryAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"));
const recentNames = () => screen.queryAllByTestId("recent-repository").map((r) => r.getAttribute("data-name"));

async function openRegistries() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-registries"));
  return user;
}

async function typeAndOpen(user: ReturnType<typeof userEvent.setup>, name: string) {
  const field = screen.getByTestId("open-repository-name");
  await user.clear(field);
  await user.type(field, name);
  await user.click(screen.getByTestId("open-repository-submit"));
}

const signedInAsBob = {
  registry: { credentials: { username: "bob", password: "bob-s3cret" } },
  keyringSignIns: { c1: { username: "bob", password: "bob-s3cret" } },
};

describe("Registries: a catalog the registry refuses", () => {
  it("is_one_sentence_without_a_sign_in_loop_and_a_repository_opens_by_name", async () => {
    const backend = fakeBackend(signedInAsBob);
    backend.fail("registry_catalog", CATALOG_REFUSED);
    const user = await openRegistries();

    const note = await screen.findByTestId("catalog-refused");
    await waitFor(() =>
      expect(note.textContent).toContain("bob may not see this registry's list of repositories: open a repository by its name instead."),
    );
    expect(note.getAttribute("data-code")).toBe("catalogRefused");
    // Not an error, not a sign-in: no error alert, no dialog, the catalog asked for once.
    expect(note.className).toContain("pf-m-info");
    expect(screen.queryByTestId("registry-error")).toBeNull();
    expect(screen.queryByTestId("reauth-reason")).toBeNull();
    expect(screen.queryByTestId("registry-sign-in-submit")).toBeNull();
    expect(within(note).queryByTestId("catalog-refused-sign-in")).toBeNull();
    expect(backend.callsTo("registry_catalog")).toHaveLength(1);
    // The registry's own words are there, folded away.
    await user.click(within(note).getByText("The registry's answer"));
    expect(note.textContent).toContain("DENIED: requested access to the resource is denied");

    await typeAndOpen(user, "team/app/api");
    await waitFor(() => expect([...tagNames()].sort()).toEqual(["v1.0.0", "v1.1.0", "v1.2.0"]));
    expect(backend.callsTo("registry_open_repository").map((c) => c.args)).toEqual([
      { connectionId: "c1", repository: "team/app/api" },
    ]);
    expect(recentNames()).toEqual(["team/app/api"]);
    expect(backend.recentRepositories.c1).toEqual(["team/app/api"]);
    expect((screen.getByTestId("open-repository-name") as HTMLInputElement).value).toBe("");
    expect(backend.callsTo("registry_catalog")).toHaveLength(1);
  });

  it("offers_a_sign_in_when_nobody_is_signed_in", async () => {
    const backend = fakeBackend();
    backend.fail("registry_catalog", CATALOG_REFUSED_ANONYMOUS);
    const user = await openRegistries();
    const note = await screen.findByTestId("catalog-refused");
    expect(note.textContent).toContain(
      "This registry shows its list of repositories only to signed-in users allowed to see it: sign in, or open a repository by its name.",
    );
    await user.click(within(note).getByTestId("catalog-refused-sign-in"));
    expect(await screen.findByTestId("registry-sign-in-submit")).toBeTruthy();
  });

  it("says_when_the_registry_has_no_catalog", async () => {
    const backend = fakeBackend(signedInAsBob);
    backend.fail("registry_catalog", CATALOG_NOT_OFFERED);
    await openRegistries();
    const note = await screen.findByTestId("catalog-refused");
    expect(note.textContent).toContain("This registry does not offer a list of its repositories: open a repository by its name.");
    expect(within(note).queryByTestId("catalog-refused-sign-in")).toBeNull();
  });

  it("other_catalog_errors_stay_errors_and_the_field_is_still_there", async () => {
    const backend = fakeBackend();
    backend.fail("registry_catalog", { code: "unreachable", message: "Cannot reach registry.example.com.", detail: null });
    await openRegistries();
    expect((await screen.findByTestId("registry-error")).getAttribute("data-code")).toBe("unreachable");
    expect(screen.queryByTestId("catalog-refused")).toBeNull();
    expect(screen.getByTestId("open-repository-name")).toBeTruthy();
  });
});

describe("Registries: open a repository by name", () => {
  it("checks_the_grammar_as_typed_and_asks_nothing_for_a_bad_name", async () => {
    const backend = fakeBackend();
    const user = await openRegistries();
    await screen.findByTestId("catalog-count");
    await typeAndOpen(user, "Team/App:latest");
    expect((await screen.findByTestId("open-repository-invalid")).textContent).toContain(
      "\"Team/App:latest\" is not a repository name: lowercase letters and digits separated by ., _, __ or -, in parts joined by /, such as namespace/name.",
    );
    expect(backend.callsTo("registry_open_repository")).toHaveLength(0);
    // The registry's host pasted in front is dropped, as the backend does.
    await typeAndOpen(user, "registry.example.com/team/app/api");
    await waitFor(() => expect(tagNames().length).toBe(3));
    expect(recentNames()).toEqual(["team/app/api"]);
    expect(screen.queryByTestId("open-repository-invalid")).toBeNull();
  });

  it("a_name_that_does_not_answer_is_said_and_not_remembered", async () => {
    const backend = fakeBackend({ recentRepositories: { c1: ["library/alpine"] } });
    const user = await openRegistries();
    await screen.findByTestId("catalog-count");
    await typeAndOpen(user, "nothing/here");
    const alert = await screen.findByTestId("registry-error");
    expect(alert.getAttribute("data-code")).toBe("notFound");
    expect(alert.textContent).toContain("Not found in the registry");
    expect(recentNames()).toEqual(["library/alpine"]);
    expect(backend.recentRepositories.c1).toEqual(["library/alpine"]);
  });

  it("recent_names_open_with_a_click_move_first_and_can_be_removed", async () => {
    const backend = fakeBackend({ recentRepositories: { c1: ["library/alpine", "team/app/api"] } });
    const user = await openRegistries();
    await waitFor(() => expect(recentNames()).toEqual(["library/alpine", "team/app/api"]));
    const api = screen.getAllByTestId("recent-repository").find((l) => l.getAttribute("data-name") === "team/app/api");
    await user.click(within(api as HTMLElement).getByText("team/app/api"));
    await waitFor(() => expect([...tagNames()].sort()).toEqual(["v1.0.0", "v1.1.0", "v1.2.0"]));
    expect(recentNames()).toEqual(["team/app/api", "library/alpine"]);

    await user.click(screen.getByRole("button", { name: "Remove library/alpine from the recent repositories" }));
    await waitFor(() => expect(recentNames()).toEqual(["team/app/api"]));
    expect(backend.callsTo("registry_forget_recent_repository").map((c) => c.args)).toEqual([
      { connectionId: "c1", repository: "library/alpine" },
    ]);
  });

  it("speaks_japanese", async () => {
    const state = settingsState();
    state.settings.preferences.language = "ja";
    const backend = fakeBackend({ ...signedInAsBob, state });
    backend.fail("registry_catalog", CATALOG_REFUSED);
    const user = await openRegistries();
    const note = await screen.findByTestId("catalog-refused");
    await waitFor(() =>
      expect(note.textContent).toContain(
        "bob にはこのレジストリーのリポジトリー一覧を表示する権限がないため、リポジトリーを名前で開いてください。",
      ),
    );
    expect(screen.getByText("名前を指定してリポジトリーを開く")).toBeTruthy();
    await typeAndOpen(user, "a..b");
    expect((await screen.findByTestId("open-repository-invalid")).textContent).toContain("はリポジトリー名ではありません");
  });
});
