import { describe, expect, it } from "vitest";
import { NameIndex, buildTree, filterNames, flattenTree, mergeSorted } from "./repositoryTree";

describe("repository tree", () => {
  it("pages_merge_into_name_order_whether_or_not_they_arrive_in_order", () => {
    let names: string[] = [];
    names = mergeSorted(names, ["b", "a"]);
    names = mergeSorted(names, ["d", "c"]);
    expect(names).toEqual(["a", "b", "c", "d"]);
    expect(mergeSorted(names, ["bb", "0"])).toEqual(["0", "a", "b", "bb", "c", "d"]);
  });

  it("filters_ten_thousand_names_case_insensitively", () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `team-${i % 100}/app-${i}`);
    expect(filterNames(names, "APP-9999")).toEqual(["team-99/app-9999"]);
    expect(filterNames(names, "  ")).toBe(names);
  });

  it("narrowing_a_filter_searches_the_last_matches_and_widening_searches_everything", () => {
    const names = ["team/App-1", "team/app-12", "other/app-2", "tools/x"];
    const index = new NameIndex(names);
    expect(index.filter("app")).toEqual(["team/App-1", "team/app-12", "other/app-2"]);
    expect(index.filter("app-1")).toEqual(["team/App-1", "team/app-12"]);
    expect(index.filter("app-12")).toEqual(["team/app-12"]);
    // Backspace and a different needle start from every name again.
    expect(index.filter("app-")).toEqual(["team/App-1", "team/app-12", "other/app-2"]);
    expect(index.filter("x")).toEqual(["tools/x"]);
    expect(index.filter("")).toBe(names);
    expect(index.filter("TEAM")).toEqual(["team/App-1", "team/app-12"]);
  });

  it("groups_count_every_repository_below_them", () => {
    const tree = buildTree(["alpine", "team/app", "team/app/api", "team/app/web", "team/tools"]);
    const all = flattenTree(tree, new Set(), true);
    expect(all.map((r) => (r.type === "group" ? `[${r.path} ${r.count}]` : r.name))).toEqual([
      "[team 4]",
      "[team/app 2]",
      "team/app/api",
      "team/app/web",
      "team/app",
      "team/tools",
      "alpine",
    ]);
    const collapsed = flattenTree(tree, new Set(), false);
    expect(collapsed.map((r) => (r.type === "group" ? r.path : r.name))).toEqual(["team", "alpine"]);
    const teamOpen = flattenTree(tree, new Set(["team"]), false);
    expect(teamOpen.map((r) => (r.type === "group" ? r.path : r.name))).toEqual(["team", "team/app", "team/app", "team/tools", "alpine"]);
  });
});
