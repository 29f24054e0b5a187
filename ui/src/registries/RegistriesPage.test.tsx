import { describe, expect, it } from "vitest";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { sampleConnections, settingsState } from "../test/fixtures";
import { tagAction } from "../test/tagActions";
import { ALPINE_AMD64, ALPINE_ARM64, ALPINE_INDEX, API_DIGEST } from "../test/registryFixtures";

const repoNames = () => screen.queryAllByTestId("repository-row").map((r) => r.getAttribute("data-name"));
const tagNames = () => screen.queryAllByTestId("tag-row").map((r) => r.getAttribute("data-tag"));
const tagRow = (tag: string) => {
  const found = screen.queryAllByTestId("tag-row").find((r) => r.getAttribute("data-tag") === tag);
  if (!found) throw new Error(`no tag row ${tag}`);
  return found;
};
const groups = () =>
  screen.queryAllByTestId("repository-group").map((g) => `${g.getAttribute("data-path")}(${g.getAttribute("data-count")})`);

async function openRegistries() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-registries"));
  return user;
}

async function openRepository(user: ReturnType<typeof userEvent.setup>, name: string) {
  await screen.findByTestId("catalog-count");
  const row = screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === name);
  if (!row) throw new Error(`no repository ${name}`);
  await user.click(row);
  await waitFor(() => expect(tagNames().length).toBeGreaterThan(0));
}

describe("Registries: catalog", () => {
  it("offers_only_registry_connections_and_marks_verification_off", async () => {
    const connections = sampleConnections();
    connections.push({ id: "c4", name: "lab-registry", kind: "registry", url: "https://lab:5000", tls: { mode: "insecure" } });
    fakeBackend({ state: settingsState(connections) });
    const user = await openRegistries();

    const select = (await screen.findByTestId("registry-connection")) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["c1", "c4"]);
    expect(select.value).toBe("c1");
    expect(screen.queryByTestId("tls-insecure-warning")).toBeNull();

    await user.selectOptions(select, "c4");
    expect(screen.getByTestId("tls-insecure-warning").textContent).toContain("Verification off");
  });

  it("without_registry_connections_points_to_the_connections_page", async () => {
    fakeBackend({ state: settingsState(sampleConnections().filter((c) => c.kind !== "registry")) });
    const user = await openRegistries();
    expect((await screen.findByTestId("registries-empty")).textContent).toContain("No registry connections");
    await user.click(screen.getByTestId("open-connections"));
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");
  });

  it("pages_stream_in_with_a_count_and_cancel_uses_the_same_listing_id", async () => {
    const backend = fakeBackend({ registry: { catalogMode: "manual" } });
    const user = await openRegistries();
    await waitFor(() => expect(backend.callsTo("registry_catalog").length).toBeGreaterThan(0));
    const listing = backend.lastListing();
    expect(screen.getByTestId("catalog-progress").textContent).toBe("Loading repositories… 0 so far");

    act(() => void listing.nextPage());
    expect(screen.getByTestId("catalog-progress").textContent).toBe("Loading repositories… 3 so far");
    expect(repoNames()).toEqual(["library/alpine", "library/busybox", "nginx"]);

    act(() => void listing.nextPage());
    expect(screen.getByTestId("catalog-progress").textContent).toBe("Loading repositories… 6 so far");
    // Pages merge into name order even when a later page sorts earlier.
    expect(repoNames()).toEqual(["library/alpine", "library/busybox", "nginx", "team/app/api", "team/app/web", "team/tools"]);

    await user.click(screen.getByTestId("catalog-cancel"));
    const started = backend.callsTo("registry_catalog").at(-1)?.args;
    expect(started?.connectionId).toBe("c1");
    expect(backend.callsTo("registry_catalog_cancel")).toEqual([
      { cmd: "registry_catalog_cancel", args: { listingId: started?.listingId } },
    ]);
    expect(listing.listingId).toBe(started?.listingId);
    await waitFor(() => expect(screen.getByTestId("catalog-cancelled").textContent).toContain("6"));
    expect(repoNames()).toHaveLength(6);

    const before = backend.callsTo("registry_catalog").length;
    await user.click(screen.getByTestId("catalog-reload"));
    await waitFor(() => expect(backend.callsTo("registry_catalog").length).toBe(before + 1));
    const again = backend.lastListing();
    expect(again.listingId).not.toBe(listing.listingId);
    act(() => {
      while (again.nextPage());
      again.finish();
    });
    expect(screen.getByTestId("catalog-count").textContent).toBe("7 repositories");
    expect(screen.getByTestId("catalog-time").textContent).toMatch(/loaded in \d+\.\d s/);
  });

  it("filters_as_you_type_and_groups_by_path_segment_with_counts", async () => {
    fakeBackend();
    const user = await openRegistries();
    await screen.findByTestId("catalog-count");
    expect(repoNames()).toHaveLength(7);

    await user.type(screen.getByTestId("repository-filter"), "APP");
    expect(repoNames()).toEqual(["team/app/api", "team/app/web"]);
    expect(screen.getByTestId("repository-shown-count").textContent).toBe("2 of 7");
    await user.clear(screen.getByTestId("repository-filter"));

    await user.click(screen.getByTestId("repository-view-tree"));
    expect(groups()).toEqual(["empty(1)", "library(2)", "team(3)"]);
    expect(repoNames()).toEqual(["nginx"]);

    const team = screen.getAllByTestId("repository-group").find((g) => g.getAttribute("data-path") === "team");
    await user.click(team!);
    expect(groups()).toEqual(["empty(1)", "library(2)", "team(3)", "team/app(2)"]);
    expect(repoNames()).toEqual(["team/tools", "nginx"]);
    const app = screen.getAllByTestId("repository-group").find((g) => g.getAttribute("data-path") === "team/app");
    await user.click(app!);
    expect(repoNames()).toEqual(["team/app/api", "team/app/web", "team/tools", "nginx"]);

    // Filtering opens every group that has a match.
    await user.type(screen.getByTestId("repository-filter"), "box");
    expect(groups()).toEqual(["library(1)"]);
    expect(repoNames()).toEqual(["library/busybox"]);
  });
});

describe("Registries: tags", () => {
  it("lists_tags_and_fills_rows_with_kind_size_and_platforms", async () => {
    fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "library/alpine");
    expect(tagNames()).toEqual(["3.19", "3.20", "latest"]);

    await waitFor(() => expect(within(tagRow("latest")).getByTestId("tag-kind").textContent).toBe("OCI index"));
    const latest = within(tagRow("latest"));
    expect(latest.getByTestId("tag-digest").textContent).toBe(`sha256:${ALPINE_INDEX.slice(7, 19)}`);
    expect(latest.getByTestId("tag-size").textContent).toBe("3.6 MiB");
    expect(latest.getByTestId("tag-platforms").textContent).toContain("linux/amd64");
    expect(latest.getByTestId("tag-platforms").textContent).toContain("linux/arm64/v8");
    expect(within(tagRow("3.19")).getByTestId("tag-kind").textContent).toBe("OCI");
    expect(within(tagRow("3.19")).getByTestId("tag-created").querySelector("time")?.getAttribute("dateTime")).toBe(
      "2024-01-27T00:00:00Z",
    );

    await user.click(screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === "team/app/api")!);
    await waitFor(() => expect(within(tagRow("v1.2.0")).getByTestId("tag-size").textContent).toBe("1.5 GiB"));
    expect(within(tagRow("v1.0.0")).getByTestId("tag-size").textContent).toBe("512 B");
    expect(within(tagRow("v1.1.0")).getByTestId("tag-size").textContent).toBe("153 MiB");
    expect(within(tagRow("v1.1.0")).getByTestId("tag-kind").textContent).toBe("Docker v2");

    await user.click(screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === "nginx")!);
    await waitFor(() => expect(within(tagRow("1.0")).getByTestId("tag-kind").textContent).toBe("Schema 1 (read-only)"));
    expect(within(tagRow("1.0")).getByTestId("tag-size").textContent).toBe("—");
  });

  it("columns_sort_by_tag_size_and_created_and_the_filter_keeps_the_order", async () => {
    fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "team/app/api");
    expect(tagNames()).toEqual(["v1.0.0", "v1.1.0", "v1.2.0"]);
    const sortBy = (column: string) => user.click(within(screen.getByTestId(`tag-sort-${column}`)).getByRole("button"));

    // Created: newest first on the first click, oldest first on the second.
    await sortBy("created");
    await waitFor(() => expect(tagNames()).toEqual(["v1.1.0", "v1.2.0", "v1.0.0"]));
    expect(screen.getByTestId("tag-sort-created").getAttribute("aria-sort")).toBe("descending");
    await sortBy("created");
    expect(tagNames()).toEqual(["v1.0.0", "v1.2.0", "v1.1.0"]);

    // Size: largest first (1.5 GiB, 153 MiB, 512 B), then smallest first.
    await sortBy("size");
    expect(tagNames()).toEqual(["v1.2.0", "v1.1.0", "v1.0.0"]);
    await sortBy("size");
    expect(tagNames()).toEqual(["v1.0.0", "v1.1.0", "v1.2.0"]);

    // Tag: the listing's order, then reversed.
    await sortBy("tag");
    expect(tagNames()).toEqual(["v1.0.0", "v1.1.0", "v1.2.0"]);
    await sortBy("tag");
    expect(tagNames()).toEqual(["v1.2.0", "v1.1.0", "v1.0.0"]);

    await sortBy("created");
    await user.type(screen.getByTestId("tag-filter"), "1.0");
    expect(tagNames()).toEqual(["v1.1.0", "v1.0.0"]);
  });

  it("asks_for_at_most_eight_summaries_at_once", async () => {
    const tags = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const backend = fakeBackend({ registry: { tags: { "library/alpine": tags } } });
    const user = await openRegistries();
    await openRepository(user, "library/alpine");
    // The first page of rows is what is wanted: 20 rows, each asked once, never more than 8 open.
    await waitFor(() => expect(backend.callsTo("registry_tag_summary")).toHaveLength(20));
    expect(new Set(backend.callsTo("registry_tag_summary").map((c) => c.args?.tag)).size).toBe(20);
    expect(backend.maxSummariesInFlight()).toBe(8);
  });

  it("a_long_tag_listing_can_be_cancelled_and_leaving_the_repository_stops_it", async () => {
    const backend = fakeBackend({ registry: { tagsMode: "manual" } });
    const user = await openRegistries();
    await screen.findByTestId("catalog-count");
    const open = (name: string) =>
      user.click(screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === name)!);

    await open("library/alpine");
    await screen.findByTestId("tags-cancel");
    const first = backend.callsTo("registry_tags").at(-1)?.args;
    expect(first?.repository).toBe("library/alpine");
    expect(typeof first?.listingId).toBe("string");
    await user.click(screen.getByTestId("tags-cancel"));
    expect(backend.callsTo("registry_tags_cancel")).toEqual([
      { cmd: "registry_tags_cancel", args: { listingId: first?.listingId } },
    ]);
    expect((await screen.findByTestId("tags-cancelled")).textContent).toBe("Loading the tags was cancelled.");
    expect(screen.queryByTestId("registry-error")).toBeNull();
    expect(screen.queryByTestId("tags-cancel")).toBeNull();

    // Load again: a new listing, which finishes this time.
    await user.click(screen.getByTestId("tags-reload"));
    await waitFor(() => expect(backend.callsTo("registry_tags")).toHaveLength(2));
    const again = backend.callsTo("registry_tags").at(-1)?.args;
    expect(again?.listingId).not.toBe(first?.listingId);
    act(() => backend.finishTags(String(again?.listingId)));
    await waitFor(() => expect(tagNames()).toEqual(["3.19", "3.20", "latest"]));

    // Leaving a repository whose tags are still loading cancels that listing in the backend.
    await open("team/app/api");
    await waitFor(() => expect(backend.callsTo("registry_tags")).toHaveLength(3));
    const left = backend.callsTo("registry_tags").at(-1)?.args;
    await open("nginx");
    await waitFor(() => expect(backend.callsTo("registry_tags")).toHaveLength(4));
    expect(backend.callsTo("registry_tags_cancel").at(-1)?.args).toEqual({ listingId: left?.listingId });
    expect(backend.heldTagListings()).toEqual([backend.callsTo("registry_tags").at(-1)?.args?.listingId]);
  });

  it("a_repository_without_tags_says_so", async () => {
    fakeBackend();
    const user = await openRegistries();
    await screen.findByTestId("catalog-count");
    await user.click(screen.getAllByTestId("repository-row").find((r) => r.getAttribute("data-name") === "empty/repo")!);
    expect((await screen.findByTestId("tags-empty")).textContent).toContain(
      "This repository has no tags (its blobs are stored but no tag points to them)",
    );
  });

  it("a_digest_mismatch_is_shown_as_an_error_never_as_data", async () => {
    fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "team/app/web");
    const error = await within(tagRow("broken")).findByTestId("tag-summary-error");
    expect(error.getAttribute("data-code")).toBe("digestMismatch");
    expect(error.textContent).toContain("The content does not match its digest");
    expect(within(tagRow("broken")).queryByTestId("tag-digest")).toBeNull();

    await tagAction(user, "broken", "tag-details");
    const modal = await screen.findByTestId("manifest-detail");
    const alert = await within(modal).findByTestId("registry-error");
    expect(alert.className).toContain("pf-m-danger");
    expect(alert.textContent).toContain("The content does not match its digest");
    expect(alert.textContent).toContain("does not match its digest.");
    expect(within(modal).queryByTestId("manifest-digest")).toBeNull();
  });
});

describe("Registries: manifest detail", () => {
  it("an_image_shows_its_layers_config_and_copyable_pull_specs", async () => {
    fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "team/app/api");
    await tagAction(user, "v1.2.0", "tag-details");
    const modal = await screen.findByTestId("manifest-detail");
    await within(modal).findByTestId("layers-table");

    expect(within(modal).getByTestId("manifest-digest").textContent).toBe(API_DIGEST["v1.2.0"]);
    expect(within(modal).getByTestId("manifest-kind").textContent).toBe("Docker v2");
    const input = (id: string) => within(within(modal).getByTestId(id)).getByRole("textbox") as HTMLInputElement;
    expect(input("pull-by-tag").value).toBe("registry.example.com/team/app/api:v1.2.0");
    expect(input("pull-by-digest").value).toBe(`registry.example.com/team/app/api@${API_DIGEST["v1.2.0"]}`);
    expect(input("pull-docker").value).toBe(`docker pull registry.example.com/team/app/api@${API_DIGEST["v1.2.0"]}`);
    expect(input("pull-podman").value).toBe(`podman pull registry.example.com/team/app/api@${API_DIGEST["v1.2.0"]}`);
    expect(input("pull-podman").readOnly).toBe(true);

    expect(within(modal).getAllByTestId("layer-row")).toHaveLength(3);
    expect(within(modal).getByTestId("layers-total").textContent).toBe("1.5 GiB");
    const detail = within(modal).getByTestId("image-detail").textContent ?? "";
    for (const expected of ["linux/amd64", "/docker-entrypoint.sh", "8080/tcp", "/app", "APP_ENV=production", "org.opencontainers.image.source"]) {
      expect(detail).toContain(expected);
    }
    expect(within(modal).getByTestId("history-table").textContent).toContain("no layer");
  });

  it("an_index_offers_its_platforms_and_loads_the_one_chosen", async () => {
    const backend = fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "library/alpine");
    await tagAction(user, "latest", "tag-details");
    const modal = await screen.findByTestId("manifest-detail");
    const select = (await within(modal).findByTestId("platform-select")) as HTMLSelectElement;

    expect([...select.options].map((o) => o.textContent)).toEqual([
      `linux/amd64 — sha256:${ALPINE_AMD64.slice(7, 19)}`,
      `linux/arm64/v8 — sha256:${ALPINE_ARM64.slice(7, 19)}`,
      expect.stringMatching(/^artifact — sha256:/),
    ]);
    await waitFor(() => expect(within(modal).getByTestId("platform-manifest").getAttribute("data-digest")).toBe(ALPINE_AMD64));

    await user.selectOptions(select, ALPINE_ARM64);
    expect(backend.callsTo("registry_manifest").at(-1)?.args).toEqual({
      connectionId: "c1",
      repository: "library/alpine",
      reference: ALPINE_ARM64,
    });
    await waitFor(() => expect(within(modal).getByTestId("platform-manifest").getAttribute("data-digest")).toBe(ALPINE_ARM64));
    expect(within(modal).getByTestId("image-detail").textContent).toContain("linux/arm64/v8");
    expect(within(modal).getByTestId("layers-table")).toBeTruthy();
  });

  it("schema_1_is_marked_legacy_and_read_only", async () => {
    fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "nginx");
    await tagAction(user, "1.0", "tag-details");
    expect((await screen.findByTestId("schema1-note")).textContent).toContain("read-only");
  });
});

describe("Registries: delete", () => {
  it("the_plan_lists_every_tag_that_goes_and_confirm_deletes_by_digest", async () => {
    const backend = fakeBackend();
    const user = await openRegistries();
    await openRepository(user, "library/alpine");
    await tagAction(user, "latest", "tag-delete");

    const modal = await screen.findByTestId("delete-confirm-modal");
    await within(modal).findByTestId("delete-digest");
    expect(within(modal).getAllByTestId("delete-plan-tag").map((l) => l.getAttribute("data-tag"))).toEqual(["3.20", "latest"]);
    expect(within(modal).getByTestId("delete-digest").textContent).toBe(ALPINE_INDEX);
    expect(modal.textContent).toContain("garbage collection");

    await user.click(within(modal).getByTestId("confirm-delete"));
    expect(backend.callsTo("registry_delete")).toEqual([
      { cmd: "registry_delete", args: { connectionId: "c1", repository: "library/alpine", digest: ALPINE_INDEX } },
    ]);
    await waitFor(() => expect(screen.queryByTestId("delete-confirm-modal")).toBeNull());
    await waitFor(() => expect(tagNames()).toEqual(["3.19"]));
  });

  it("a_registry_with_delete_disabled_is_explained_in_the_modal", async () => {
    fakeBackend({ registry: { deleteEnabled: false } });
    const user = await openRegistries();
    await openRepository(user, "team/app/api");
    await tagAction(user, "v1.0.0", "tag-delete");
    const modal = await screen.findByTestId("delete-confirm-modal");
    await within(modal).findByTestId("delete-digest");
    await user.click(within(modal).getByTestId("confirm-delete"));

    const alert = await within(modal).findByTestId("registry-error");
    expect(alert.getAttribute("data-code")).toBe("deleteDisabled");
    expect(alert.textContent).toContain("This registry does not allow deletes");
    expect(alert.textContent).toContain("delete enabled");
    expect(alert.textContent).toContain("REGISTRY_STORAGE_DELETE_ENABLED=true");
    expect((within(modal).getByTestId("confirm-delete") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("Registries: sign in", () => {
  it("sign_in_required_opens_the_form_signs_in_and_retries_the_catalog", async () => {
    const backend = fakeBackend({ registry: { credentials: { username: "admin", password: "s3cret" } } });
    const user = await openRegistries();

    const alert = await screen.findByTestId("registry-error");
    expect(alert.textContent).toContain("This registry needs you to sign in");
    await user.click(within(alert).getByTestId("registry-sign-in"));

    await user.type(document.getElementById("registry-username") as HTMLInputElement, "admin");
    const password = document.getElementById("registry-password") as HTMLInputElement;
    expect(password.type).toBe("password");
    expect(screen.getByText(/Saved in the OS keyring/)).toBeTruthy();

    // A wrong password is refused and the field is emptied.
    await user.type(password, "wrong");
    await user.click(screen.getByTestId("registry-sign-in-submit"));
    expect(await screen.findByText("Sign in failed")).toBeTruthy();
    expect(password.value).toBe("");

    await user.type(password, "s3cret");
    await user.click(screen.getByTestId("registry-sign-in-submit"));
    expect(backend.callsTo("registry_sign_in").at(-1)?.args).toEqual({
      connectionId: "c1",
      username: "admin",
      password: "s3cret",
      keptIn: "keyring",
    });
    expect(await screen.findByTestId("catalog-count")).toBeTruthy();
    expect(backend.callsTo("registry_catalog")).toHaveLength(2);
    expect(screen.queryByTestId("registry-error")).toBeNull();
    expect(screen.getByTestId("signed-in-as").textContent).toBe("Signed in as admin (saved in the OS keyring)");
    expect(backend.keyringEntry("c1")).toEqual({ username: "admin", password: "s3cret" });
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);

    await user.click(screen.getByTestId("registry-sign-out"));
    expect(backend.callsTo("registry_sign_out")).toEqual([{ cmd: "registry_sign_out", args: { connectionId: "c1" } }]);
    await waitFor(() => expect(screen.queryByTestId("registry-sign-out")).toBeNull());
    expect(backend.keyringEntry("c1")).toBeNull();
    // Without credentials the catalog is asked again and refused.
    expect((await screen.findByTestId("registry-error")).getAttribute("data-code")).toBe("signInRequired");
  });

  it("a_locked_keyring_is_said_in_words_and_session_only_is_an_explicit_choice", async () => {
    const backend = fakeBackend({ registry: { credentials: { username: "admin", password: "s3cret" } }, keyring: "locked" });
    const user = await openRegistries();
    await user.click(within(await screen.findByTestId("registry-error")).getByTestId("registry-sign-in"));
    await user.type(document.getElementById("registry-username") as HTMLInputElement, "admin");
    await user.type(document.getElementById("registry-password") as HTMLInputElement, "s3cret");
    await user.click(screen.getByTestId("registry-sign-in-submit"));

    const problem = await screen.findByTestId("keyring-problem");
    expect(problem.textContent).toContain("The sign-in could not be saved in the OS keyring");
    expect(problem.textContent).toContain("The OS keyring is locked. Unlock it and try again.");
    expect(problem.textContent).toContain("prompt dismissed");
    // Nothing was kept anywhere, and the form is still open: no silent fallback.
    expect(backend.keyringEntry("c1")).toBeNull();
    expect(backend.sessionEntry("c1")).toBeNull();
    expect(screen.queryByTestId("catalog-count")).toBeNull();
    expect(screen.getByTestId("registry-sign-in-submit")).toBeTruthy();

    await user.click(within(problem).getByTestId("sign-in-session-only"));
    expect(backend.callsTo("registry_sign_in").map((c) => c.args?.keptIn)).toEqual(["keyring", "session"]);
    expect(await screen.findByTestId("catalog-count")).toBeTruthy();
    expect(screen.getByTestId("signed-in-as").textContent).toBe("Signed in as admin (this session only)");
    expect(backend.sessionEntry("c1")).toEqual({ username: "admin", password: "s3cret" });
    expect(backend.keyringEntry("c1")).toBeNull();
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it("the_keyring_retry_saves_once_it_is_unlocked", async () => {
    const backend = fakeBackend({ registry: { credentials: { username: "admin", password: "s3cret" } }, keyring: "unavailable" });
    const user = await openRegistries();
    await user.click(within(await screen.findByTestId("registry-error")).getByTestId("registry-sign-in"));
    await user.type(document.getElementById("registry-username") as HTMLInputElement, "admin");
    await user.type(document.getElementById("registry-password") as HTMLInputElement, "s3cret");
    await user.click(screen.getByTestId("registry-sign-in-submit"));
    const problem = await screen.findByTestId("keyring-problem");
    expect(problem.textContent).toContain("not available");
    backend.setKeyring("ok");
    await user.click(within(problem).getByTestId("sign-in-keyring-retry"));
    expect(await screen.findByTestId("catalog-count")).toBeTruthy();
    expect(backend.keyringEntry("c1")).toEqual({ username: "admin", password: "s3cret" });
  });

  it("without_a_keyring_an_anonymous_registry_is_browsed_and_the_keyring_is_mentioned_only_when_saving", async () => {
    const backend = fakeBackend({ keyring: "unavailable" });
    await openRegistries();
    expect(await screen.findByTestId("catalog-count")).toBeTruthy();
    expect(screen.queryByTestId("registry-error")).toBeNull();
    expect(document.body.textContent).not.toContain("OS keyring");
    expect(backend.callsTo("registry_sign_in")).toHaveLength(0);
  });

  it("without_a_keyring_a_registry_that_needs_a_password_asks_for_one_and_offers_this_session_only", async () => {
    fakeBackend({ registry: { credentials: { username: "admin", password: "s3cret" } }, keyring: "unavailable" });
    const user = await openRegistries();
    const alert = await screen.findByTestId("registry-error");
    expect(alert.getAttribute("data-code")).toBe("signInRequired");
    expect(alert.textContent).not.toContain("OS keyring");
    await user.click(within(alert).getByTestId("registry-sign-in"));
    await user.type(document.getElementById("registry-username") as HTMLInputElement, "admin");
    await user.type(document.getElementById("registry-password") as HTMLInputElement, "s3cret");
    await user.click(screen.getByTestId("registry-sign-in-submit"));
    const problem = await screen.findByTestId("keyring-problem");
    expect(problem.textContent).toContain("not available");
    await user.click(within(problem).getByText("Keep for this session only"));
    expect(await screen.findByTestId("catalog-count")).toBeTruthy();
  });

  it("after_a_restart_the_keyring_sign_in_is_used_without_asking", async () => {
    const backend = fakeBackend({
      registry: { credentials: { username: "admin", password: "s3cret" } },
      keyringSignIns: { c1: { username: "admin", password: "s3cret" } },
    });
    await openRegistries();
    expect(await screen.findByTestId("catalog-count")).toBeTruthy();
    expect((await screen.findByTestId("signed-in-as")).textContent).toBe("Signed in as admin (saved in the OS keyring)");
    expect(backend.callsTo("registry_sign_in")).toHaveLength(0);
    expect(screen.queryByTestId("registry-error")).toBeNull();
  });

  it("a_keyring_that_cannot_be_read_after_a_restart_is_a_notice_with_sign_in", async () => {
    const backend = fakeBackend({
      registry: { credentials: { username: "admin", password: "s3cret" } },
      keyringSignIns: { c1: { username: "admin", password: "s3cret" } },
      keyring: "locked",
    });
    backend.fail("registry_catalog", {
      code: "keyringUnavailable",
      message: "The OS keyring is locked. Unlock it and try again.",
      detail: "the OS keyring is locked: prompt dismissed",
    });
    const user = await openRegistries();
    const alert = await screen.findByTestId("registry-error");
    expect(alert.getAttribute("data-code")).toBe("keyringUnavailable");
    expect(alert.textContent).toContain("Your saved sign-in could not be read from the OS keyring");
    expect(alert.textContent).toContain("Unlock the keyring");
    await user.click(within(alert).getByTestId("registry-sign-in"));
    expect(await screen.findByTestId("registry-sign-in-submit")).toBeTruthy();
  });

  it("other_errors_have_words_for_their_code_and_the_backend_message", async () => {
    const backend = fakeBackend();
    backend.fail("registry_catalog", {
      code: "tlsFailure",
      message: "The certificate of registry.example.com is not trusted.",
      detail: "invalid peer certificate: UnknownIssuer",
    });
    await openRegistries();
    const alert = await screen.findByTestId("registry-error");
    expect(alert.className).toContain("pf-m-danger");
    expect(alert.textContent).toContain("The registry's certificate is not trusted");
    expect(alert.textContent).toContain("CA bundle");
    expect(alert.textContent).toContain("The certificate of registry.example.com is not trusted.");
    expect(alert.textContent).toContain("UnknownIssuer");
  });
});

describe("Registries: Japanese", () => {
  it("the_browse_screen_speaks_japanese", async () => {
    const state = settingsState();
    state.settings.preferences.language = "ja";
    fakeBackend({ state });
    const user = await openRegistries();
    expect(screen.getByTestId("page-title").textContent).toBe("レジストリー");
    expect((await screen.findByTestId("catalog-count")).textContent).toBe("7 件のリポジトリー");
    await openRepository(user, "library/alpine");
    expect(screen.getByText("タグ / ダイジェスト")).toBeTruthy();
    expect(screen.getByText("種類 / プラットフォーム")).toBeTruthy();
  });
});
