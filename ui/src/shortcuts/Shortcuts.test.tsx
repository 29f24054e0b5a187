import { beforeEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { resetSeen } from "./seen";

const tagNames = () => screen.queryAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"));
const repoRow = (name: string) => {
  const row = screen.queryAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === name);
  if (!row) throw new Error(`no repository ${name}`);
  return row;
};

async function start() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  return user;
}

async function openRegistries(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId("nav-registries"));
  await screen.findByTestId("catalog-count");
}

beforeEach(() => resetSeen());

describe("quick switcher (Ctrl+K)", () => {
  it("typing_filters_and_enter_opens_a_seen_repository_with_its_tags", async () => {
    fakeBackend();
    const user = await start();
    await openRegistries(user);
    await user.click(screen.getByTestId("nav-connections"));

    await user.keyboard("{Control>}k{/Control}");
    const dialog = await screen.findByTestId("quick-switcher");
    const input = within(dialog).getByTestId("quick-switcher-input");
    expect(document.activeElement).toBe(input);
    await user.type(input, "app/w");
    const options = within(dialog).getAllByTestId("quick-switcher-option");
    expect(options.map((o) => o.getAttribute("data-label"))).toEqual(["team/app/web"]);
    expect(options[0]?.getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{Enter}");

    await waitFor(() => expect(screen.queryByTestId("quick-switcher")).toBeNull());
    expect(screen.getByTestId("page-title").textContent).toBe("Registries");
    await waitFor(() => expect(screen.getByTestId("tags-panel").getAttribute("data-repository")).toBe("team/app/web"));
    await waitFor(() => expect(tagNames().length).toBeGreaterThan(0));
  });

  it("arrows_choose_among_pages_and_a_project_opens_access_on_it", async () => {
    fakeBackend();
    const user = await start();
    await user.click(screen.getByTestId("nav-access"));
    await screen.findByTestId("access-project");

    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("quick-switcher-input");
    await user.type(input, "team-");
    const labels = screen.getAllByTestId("quick-switcher-option").map((o) => o.getAttribute("data-label"));
    expect(labels).toEqual(["team-a", "team-b"]);
    await user.keyboard("{ArrowDown}");
    expect(input.getAttribute("aria-activedescendant")).toBe("quick-switcher-option-1");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByTestId("quick-switcher")).toBeNull());
    await waitFor(() => expect((screen.getByTestId("access-project") as HTMLSelectElement).value).toBe("team-b"));

    // A page: Certificates, chosen by typing.
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("quick-switcher-input"), "certif");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("Certificates"));
  });

  it("esc_closes_it_and_enter_while_an_input_method_composes_chooses_nothing", async () => {
    fakeBackend();
    const user = await start();
    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("quick-switcher-input");
    await user.type(input, "cert");
    // The IME's Enter commits the text being composed: it is not "open".
    fireEvent.keyDown(input, { key: "Enter", isComposing: true });
    fireEvent.keyDown(input, { key: "Enter", keyCode: 229 });
    expect(screen.getByTestId("quick-switcher")).toBeTruthy();
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");

    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("quick-switcher")).toBeNull());
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");
  });

  it("ctrl_k_while_an_input_method_composes_opens_nothing", async () => {
    fakeBackend();
    await start();
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true, isComposing: true });
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true, keyCode: 229 });
    expect(screen.queryByTestId("quick-switcher")).toBeNull();
  });

  it("offers_the_repositories_opened_by_name_before_any_catalog_is_read", async () => {
    fakeBackend({ recentRepositories: { c1: ["private/secret-app"] } });
    const user = await start();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("quick-switcher-input"), "secret-app");
    await waitFor(() =>
      expect(screen.getAllByTestId("quick-switcher-option").map((o) => o.getAttribute("data-label"))).toEqual([
        "private/secret-app",
      ]),
    );
  });
});

describe("shortcuts list (?)", () => {
  it("question_mark_and_the_masthead_button_open_it_but_not_typed_in_a_field_or_while_composing", async () => {
    fakeBackend();
    const user = await start();
    await user.keyboard("?");
    const dialog = await screen.findByTestId("shortcuts-help");
    expect(within(dialog).getByText("Ctrl+K", { exact: false })).toBeTruthy();
    expect(within(dialog).getAllByRole("row").length).toBe(8);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("shortcuts-help")).toBeNull());

    await user.click(screen.getByTestId("shortcuts-open"));
    await screen.findByTestId("shortcuts-help");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("shortcuts-help")).toBeNull());

    await openRegistries(user);
    const filter = screen.getByTestId("repository-filter");
    await user.type(filter, "what?");
    expect((filter as HTMLInputElement).value).toBe("what?");
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();

    fireEvent.keyDown(document.body, { key: "?", isComposing: true });
    fireEvent.keyDown(document.body, { key: "?", keyCode: 229 });
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
  });
});

describe("list shortcuts", () => {
  it("ctrl_f_focuses_the_list_filter_nearest_the_focus", async () => {
    fakeBackend();
    const user = await start();
    await openRegistries(user);
    await user.keyboard("{Control>}f{/Control}");
    expect(document.activeElement).toBe(screen.getByTestId("repository-filter"));

    await user.click(repoRow("library/alpine"));
    await waitFor(() => expect(tagNames().length).toBeGreaterThan(0));
    screen.getAllByTestId("tag-open")[0]?.focus();
    await user.keyboard("{Control>}f{/Control}");
    expect(document.activeElement).toBe(screen.getByTestId("tag-filter"));
  });

  it("f5_reloads_the_current_list_and_never_the_webview", async () => {
    const backend = fakeBackend();
    const user = await start();
    await openRegistries(user);
    const before = backend.callsTo("registry_catalog").length;
    const event = new KeyboardEvent("keydown", { key: "F5", bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await waitFor(() => expect(backend.callsTo("registry_catalog").length).toBe(before + 1));
    await screen.findByTestId("catalog-count");

    // With a tag focused, F5 is the tag list's.
    await user.click(repoRow("library/alpine"));
    await waitFor(() => expect(tagNames().length).toBeGreaterThan(0));
    const tagsBefore = backend.callsTo("registry_tags").length;
    const catalogBefore = backend.callsTo("registry_catalog").length;
    screen.getAllByTestId("tag-open")[0]?.focus();
    await user.keyboard("{F5}");
    await waitFor(() => expect(backend.callsTo("registry_tags").length).toBe(tagsBefore + 1));
    expect(backend.callsTo("registry_catalog").length).toBe(catalogBefore);
  });

  it("arrows_move_through_repositories_and_tags_and_enter_opens_them", async () => {
    fakeBackend();
    const user = await start();
    await openRegistries(user);
    await user.click(screen.getByTestId("repository-filter"));
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(repoRow("empty/repo"));
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(repoRow("library/alpine"));
    await user.keyboard("{ArrowDown}{ArrowUp}");
    expect(document.activeElement).toBe(repoRow("library/alpine"));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(tagNames()).toEqual(["3.19", "3.20", "latest"]));

    await user.click(screen.getByTestId("tag-filter"));
    await user.keyboard("{ArrowDown}");
    const links = () => screen.getAllByTestId("tag-open");
    expect(document.activeElement).toBe(links()[0]);
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(document.activeElement).toBe(links()[2]);
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(links()[1]);
    await user.keyboard("{Enter}");
    const page = await screen.findByTestId("manifest-page");
    expect(within(page).getByText("library/alpine:3.20")).toBeTruthy();
    // Esc goes back to the tags, with the focus on the tag whose page it was.
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("manifest-page")).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(links()[1]));
  });

  it("arrows_do_nothing_while_an_input_method_composes_in_the_filter", async () => {
    fakeBackend();
    const user = await start();
    await openRegistries(user);
    const filter = screen.getByTestId("repository-filter");
    filter.focus();
    fireEvent.keyDown(filter, { key: "ArrowDown", isComposing: true });
    fireEvent.keyDown(filter, { key: "ArrowDown", keyCode: 229 });
    expect(document.activeElement).toBe(filter);
  });
});
