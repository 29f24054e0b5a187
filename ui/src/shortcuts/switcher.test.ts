import { describe, expect, it } from "vitest";
import { sampleConnections } from "../test/fixtures";
import { filterEntries, switcherEntries } from "./switcher";
import { recentManifests, rememberManifest, rememberRepositories, resetSeen, SEEN_CAP, seenRepositories } from "./seen";

const entries = () =>
  switcherEntries({
    pages: [
      { area: "connections", label: "Connections" },
      { area: "registries", label: "Registries" },
    ],
    connections: sampleConnections(),
    repositories: (id) => (id === "c1" ? ["library/alpine", "team/app/api", "team/app/web"] : []),
    projects: (id) => (id === "c2" ? ["team-a", "team-b"] : []),
  });

describe("quick switcher entries", () => {
  it("manifests_opened_come_before_the_names_most_recent_first_and_open_their_page", () => {
    resetSeen();
    rememberManifest("c1", "library/alpine", "3.19");
    rememberManifest("c1", "team/app/api", "v1");
    rememberManifest("c1", "library/alpine", "3.19");
    expect(recentManifests("c1")).toEqual([
      { repository: "library/alpine", tag: "3.19" },
      { repository: "team/app/api", tag: "v1" },
    ]);
    const all = switcherEntries({
      pages: [],
      connections: sampleConnections(),
      repositories: () => ["library/alpine"],
      projects: () => [],
      manifests: recentManifests,
    });
    expect(all.filter((e) => e.kind !== "connection").map((e) => `${e.kind} ${e.label}`)).toEqual([
      "manifest library/alpine:3.19",
      "manifest team/app/api:v1",
      "repository library/alpine",
    ]);
    expect(all.find((e) => e.kind === "manifest")?.jump).toEqual({
      area: "registries",
      connectionId: "c1",
      repository: "library/alpine",
      tag: "3.19",
    });
    resetSeen();
  });

  it("pages_connections_repositories_and_projects_each_jump_where_they_belong", () => {
    const all = entries();
    expect(all.map((e) => e.kind)).toEqual([
      "page",
      "page",
      "connection",
      "connection",
      "connection",
      "repository",
      "repository",
      "repository",
      "project",
      "project",
    ]);
    expect(all.find((e) => e.label === "team/app/web")?.jump).toEqual({
      area: "registries",
      connectionId: "c1",
      repository: "team/app/web",
    });
    expect(all.find((e) => e.label === "team-b")?.jump).toEqual({ area: "access", connectionId: "c2", project: "team-b" });
    expect(all.find((e) => e.key === "connection:c2")?.jump).toEqual({ area: "access", connectionId: "c2" });
  });

  it("typing_keeps_what_contains_every_word_and_puts_a_prefix_match_first", () => {
    const { shown, total } = filterEntries(entries(), "app", 10);
    expect(shown.map((e) => e.label)).toEqual(["team/app/api", "team/app/web"]);
    expect(total).toBe(2);
    // Words may come from the connection's name too: "web demo" = team/app/web on "demo".
    expect(filterEntries(entries(), "web demo", 10).shown.map((e) => e.label)).toEqual(["team/app/web"]);
    expect(filterEntries(entries(), "reg", 10).shown[0]?.label).toBe("Registries");
    expect(filterEntries(entries(), "zzz", 10).shown).toEqual([]);
  });

  it("at_most_the_limit_is_shown_and_the_rest_counted", () => {
    const { shown, total } = filterEntries(entries(), "", 3);
    expect(shown).toHaveLength(3);
    expect(total).toBe(10);
  });
});

describe("names seen", () => {
  it("are_kept_once_each_and_capped_per_connection", () => {
    resetSeen();
    rememberRepositories("c1", ["a", "b"]);
    rememberRepositories("c1", ["b", "c"]);
    expect(seenRepositories("c1")).toEqual(["a", "b", "c"]);
    rememberRepositories("c9", Array.from({ length: SEEN_CAP + 5 }, (_, i) => `r${i}`));
    expect(seenRepositories("c9")).toHaveLength(SEEN_CAP);
    resetSeen();
  });
});
