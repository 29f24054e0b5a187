import { beforeEach, describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { settingsState } from "../test/fixtures";
import { ALPINE_INDEX } from "../test/registryFixtures";
import { tagAction } from "../test/tagActions";
import { resetSeen } from "../shortcuts/seen";
import { MARKER_COLORS, markerColor, markerText, sharedDigests } from "./digestMarkers";

const tagNames = () => screen.queryAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"));
const tagRow = (tag: string) => {
  const found = screen.queryAllByTestId("tag-row").find((r) => r.getAttribute("data-tag") === tag);
  if (!found) throw new Error(`no tag row ${tag}`);
  return found;
};

async function openAlpine(language?: "ja") {
  const state = settingsState();
  if (language) state.settings.preferences.language = language;
  const backend = fakeBackend({ state });
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-registries"));
  await screen.findByTestId("catalog-count");
  await user.click(screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === "library/alpine")!);
  await waitFor(() => expect(tagNames()).toEqual(["3.19", "3.20", "latest"]));
  return { user, backend };
}

beforeEach(() => resetSeen());

describe("digest markers", () => {
  it("the_colour_and_text_come_from_the_digest_alone", () => {
    const digest = `sha256:${"ab12".padEnd(64, "0")}`;
    expect(markerText(digest)).toBe("ab12");
    expect(markerColor(digest)).toBe(markerColor(digest.toUpperCase()));
    expect(MARKER_COLORS).not.toContain("red");
    // Different digests spread over the colours rather than all taking one.
    const colours = new Set(Array.from({ length: 64 }, (_, i) => markerColor(`sha256:${i.toString(16).padStart(8, "0")}`)));
    expect(colours.size).toBe(MARKER_COLORS.length);
  });

  it("only_digests_two_or_more_listed_tags_share_are_marked", () => {
    const digests: Record<string, string | null> = { a: "sha256:1", b: "sha256:2", c: "sha256:1", d: null };
    const shared = sharedDigests(["a", "b", "c", "d"], (tag) => digests[tag] ?? null);
    expect([...shared.entries()]).toEqual([["sha256:1", ["a", "c"]]]);
  });

  it("tags_on_one_manifest_carry_the_same_marker_and_a_click_keeps_only_them", async () => {
    const { user } = await openAlpine();
    await waitFor(() => expect(within(tagRow("latest")).queryByTestId("tag-digest-marker")).not.toBeNull());
    const marker = within(tagRow("latest")).getByTestId("tag-digest-marker");
    const other = within(tagRow("3.20")).getByTestId("tag-digest-marker");
    expect(within(tagRow("3.19")).queryByTestId("tag-digest-marker")).toBeNull();
    expect(marker.getAttribute("data-digest")).toBe(ALPINE_INDEX);
    expect(other.getAttribute("data-digest")).toBe(ALPINE_INDEX);
    // Readable without colour: the digest's first hex digits and how many tags share it.
    expect(marker.textContent).toBe(`${ALPINE_INDEX.slice(7, 11)} · 2 tags`);
    expect(marker.closest(".pf-v6-c-label")?.className).toBe(other.closest(".pf-v6-c-label")?.className);
    expect(marker.getAttribute("aria-label")).toContain("Also tagged as 3.20.");

    // Hover says which other tags go with it.
    await user.hover(marker);
    expect((await screen.findByTestId("tag-digest-marker-tooltip")).textContent).toBe(
      "Also tagged as 3.20. Click to show only these tags.",
    );

    await user.click(marker);
    expect(tagNames()).toEqual(["3.20", "latest"]);
    expect(screen.getByTestId("digest-filter").textContent).toContain(`Manifest sha256:${ALPINE_INDEX.slice(7, 19)}`);
    expect(within(tagRow("latest")).getByTestId("tag-digest-marker").getAttribute("aria-pressed")).toBe("true");

    await user.click(screen.getByTestId("digest-filter-clear"));
    expect(tagNames()).toEqual(["3.19", "3.20", "latest"]);
    expect(screen.queryByTestId("digest-filter")).toBeNull();
  });

  it("speaks_japanese", async () => {
    await openAlpine("ja");
    await waitFor(() => expect(within(tagRow("latest")).queryByTestId("tag-digest-marker")).not.toBeNull());
    const marker = within(tagRow("latest")).getByTestId("tag-digest-marker");
    expect(marker.textContent).toBe(`${ALPINE_INDEX.slice(7, 11)} · 2 件`);
    expect(marker.getAttribute("aria-label")).toContain("このマニフェストには 3.20 のタグも付いています。");
  });
});

describe("row actions", () => {
  it("the_kebab_offers_details_copy_pull_spec_and_delete_in_words", async () => {
    const { user } = await openAlpine();
    const toggle = within(tagRow("3.19")).getByTestId("tag-actions");
    expect(toggle.getAttribute("aria-label")).toBe("Actions for 3.19");
    await user.click(toggle);
    const items = screen.getAllByRole("menuitem").map((i) => i.textContent);
    expect(items).toEqual(["Details", "Copy pull spec", "Delete"]);

    await user.click(within(screen.getByTestId("tag-copy-pull")).getByRole("menuitem"));
    expect(await navigator.clipboard.readText()).toBe("registry.example.com/library/alpine:3.19");
    expect((await screen.findByTestId("tags-notice-success")).textContent).toContain(
      "Pull spec copied: registry.example.com/library/alpine:3.19",
    );
  });

  it("a_delete_ends_with_a_success_message_naming_every_tag_that_went", async () => {
    const { user } = await openAlpine();
    await tagAction(user, "latest", "tag-delete");
    const modal = await screen.findByTestId("delete-confirm-modal");
    await within(modal).findByTestId("delete-digest");
    // The kit's confirm dialog, danger variant, Cancel focused first.
    expect(within(modal).getByTestId("confirm-delete").className).toContain("pf-m-danger");
    await user.click(within(modal).getByTestId("confirm-delete"));
    await waitFor(() => expect(screen.queryByTestId("delete-confirm-modal")).toBeNull());
    expect((await screen.findByTestId("tags-notice-success")).textContent).toContain(
      "Deleted 2 tags with their manifest: library/alpine:3.20, library/alpine:latest",
    );
    await waitFor(() => expect(tagNames()).toEqual(["3.19"]));
  });

  it("a_delete_success_speaks_japanese", async () => {
    const { user } = await openAlpine("ja");
    await tagAction(user, "latest", "tag-delete");
    const modal = await screen.findByTestId("delete-confirm-modal");
    await within(modal).findByTestId("delete-digest");
    await user.click(within(modal).getByTestId("confirm-delete"));
    expect((await screen.findByTestId("tags-notice-success")).textContent).toContain(
      "マニフェストとともに 2 件のタグを削除しました: library/alpine:3.20, library/alpine:latest",
    );
  });
});

describe("manifest page", () => {
  it("opens_in_place_of_the_tags_with_a_breadcrumb_that_leads_back", async () => {
    const { user } = await openAlpine();
    await user.type(screen.getByTestId("tag-filter"), "3.");
    expect(tagNames()).toEqual(["3.19", "3.20"]);
    await tagAction(user, "3.20", "tag-details");

    const page = await screen.findByTestId("manifest-page");
    expect(screen.queryByTestId("manifest-detail")?.closest("[role=dialog]")).toBeNull();
    const crumbs = within(page).getByTestId("manifest-breadcrumb");
    expect(crumbs.textContent).toBe("demolibrary/alpine3.20");
    expect(within(crumbs).getByTestId("breadcrumb-tag").querySelector("[aria-current=page]")?.textContent).toBe("3.20");
    expect(await within(page).findByTestId("manifest-digest")).toBeTruthy();
    expect(screen.getByTestId("tags-panel").closest("[hidden]")).not.toBeNull();

    // Back to the repository: the filter is as it was left.
    await user.click(within(page).getByTestId("breadcrumb-repository"));
    expect(screen.queryByTestId("manifest-page")).toBeNull();
    expect(screen.getByTestId("tags-panel").closest("[hidden]")).toBeNull();
    expect(tagNames()).toEqual(["3.19", "3.20"]);

    // Back to the registry: no repository chosen.
    await tagAction(user, "3.19", "tag-details");
    await user.click(within(await screen.findByTestId("manifest-page")).getByTestId("breadcrumb-registry"));
    expect(screen.queryByTestId("manifest-page")).toBeNull();
    expect(screen.queryByTestId("tags-panel")).toBeNull();
  });

  it("times_are_absolute_in_the_details_and_relative_in_the_list", async () => {
    const { user } = await openAlpine();
    const created = within(tagRow("3.19")).getByTestId("tag-created");
    await waitFor(() => expect(created.textContent).toMatch(/ago$/));
    await user.hover(created.querySelector("time")!);
    expect((await screen.findByRole("tooltip")).textContent).toMatch(/2024/);

    await user.click(screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === "team/app/api")!);
    await waitFor(() => expect(tagNames()).toContain("v1.2.0"));
    await tagAction(user, "v1.2.0", "tag-details");
    const detail = await within(await screen.findByTestId("manifest-page")).findByTestId("image-detail");
    expect(detail.textContent).toMatch(/2024/);
    expect(detail.textContent).not.toMatch(/ago/);
  });

  it("the_quick_switcher_lists_manifests_opened_and_opens_their_page", async () => {
    const { user } = await openAlpine();
    await tagAction(user, "latest", "tag-details");
    await screen.findByTestId("manifest-page");
    await user.click(screen.getByTestId("nav-connections"));

    await user.keyboard("{Control>}k{/Control}");
    const dialog = await screen.findByTestId("quick-switcher");
    await user.type(within(dialog).getByTestId("quick-switcher-input"), "alpine:lat");
    const options = within(dialog).getAllByTestId("quick-switcher-option");
    expect(options.map((o) => [o.getAttribute("data-kind"), o.getAttribute("data-label")])).toEqual([["manifest", "library/alpine:latest"]]);
    expect(options[0]?.textContent).toContain("Manifest");
    await user.keyboard("{Enter}");

    const page = await screen.findByTestId("manifest-page");
    expect(within(page).getByTestId("breadcrumb-tag").textContent).toBe("latest");
    expect(await within(page).findByTestId("manifest-digest")).toBeTruthy();
    expect(screen.getByTestId("page-title").textContent).toBe("Registries");
  });
});
