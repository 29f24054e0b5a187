import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { fakeBackend } from "../test/fakeBackend";
import { settingsState } from "../test/fixtures";
import type { ActivityEntry } from "../bindings/ActivityEntry";
import type { ActivityFilter } from "../bindings/ActivityFilter";

// The native save dialog: what the user picks (null: cancelled).
const dialog = vi.hoisted(() => ({ answer: null as string | null, asked: [] as unknown[] }));
vi.mock("../components/fileDialogs", () => ({
  pickSavePath: (options: unknown) => {
    dialog.asked.push(options);
    return Promise.resolve(dialog.answer);
  },
  pickOpenPath: () => Promise.resolve(null),
  pickFolder: () => Promise.resolve(null),
}));

beforeEach(() => {
  dialog.answer = null;
  dialog.asked = [];
});

async function openActivity() {
  const user = userEvent.setup();
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-activity"));
  return user;
}

const rows = () => screen.queryAllByTestId("activity-row");
const row = (i: number) => rows()[i]!;
const lastFilter = (backend: ReturnType<typeof fakeBackend>) =>
  backend.callsTo("activity_page").at(-1)?.args?.filter as ActivityFilter;

describe("Activity", { timeout: 60000 }, () => {
  it("lists_the_changes_newest_first_with_connection_user_action_target_and_outcome", async () => {
    fakeBackend();
    await openActivity();
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [deleted, granted, written] = rows() as [HTMLElement, HTMLElement, HTMLElement];
    expect(deleted.textContent).toContain("demo");
    expect(deleted.textContent).toContain("alice");
    expect(deleted.textContent).toContain("Image deleted (manifest and its tags)");
    expect(deleted.textContent).toContain("repository team/app");
    expect(within(deleted).getByTestId("activity-outcome-done").textContent).toBe("Done");
    expect(granted.textContent).toContain("Role granted");
    expect(granted.textContent).toContain("subject serviceaccount:team-a:builder");
    expect(within(granted).getByTestId("activity-outcome-failed").textContent).toBe("Failed (accessDenied)");
    expect(written.textContent).toContain("Auth file written");
    expect(written.textContent).toContain("/home/me/.docker/config.json");
    expect(screen.getByTestId("activity-count").textContent).toBe("3 change(s) shown");
  });

  it("filters_by_connection_action_outcome_dates_and_words_in_the_backend", async () => {
    const backend = fakeBackend();
    const user = await openActivity();
    await waitFor(() => expect(rows()).toHaveLength(3));

    await user.selectOptions(screen.getByTestId("activity-connection"), "c2");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastFilter(backend)).toEqual({ actions: [], connectionId: "c2" });

    await user.selectOptions(screen.getByTestId("activity-connection"), "");
    await user.selectOptions(screen.getByTestId("activity-action"), "authFileWritten");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastFilter(backend).actions).toEqual(["authFileWritten"]);

    await user.selectOptions(screen.getByTestId("activity-action"), "");
    await user.selectOptions(screen.getByTestId("activity-outcome"), "failed");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(row(0).textContent).toContain("Role granted");

    await user.selectOptions(screen.getByTestId("activity-outcome"), "");
    const from = screen.getByTestId("activity-from").querySelector("input")!;
    expect(from.placeholder).toBe("YYYY-MM-DD");
    await user.type(from, "2026-03-01");
    await waitFor(() => expect(rows()).toHaveLength(2));
    const sent = lastFilter(backend).from!;
    expect(new Date(sent).getTime()).toBe(new Date("2026-03-01T00:00:00").getTime());

    // A last day before the first: said under the first day's field once it is left.
    const to = screen.getByTestId("activity-to").querySelector("input")!;
    await user.type(to, "2026-02-01");
    await user.click(from);
    await user.tab();
    expect((await screen.findByText("The first day is after the last day.")).textContent).toBeTruthy();
    await user.clear(to);

    await user.clear(from);
    await user.type(screen.getByTestId("activity-text").querySelector("input")!, "team/app");
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastFilter(backend).text).toBe("team/app");
    expect(row(0).textContent).toContain("team/app");

    await user.type(screen.getByTestId("activity-text").querySelector("input")!, "zzz");
    expect((await screen.findByTestId("activity-empty")).textContent).toContain("No change matches these filters");
  });

  it("exports_the_filtered_list_as_csv_to_the_path_picked_in_the_save_dialog", async () => {
    const backend = fakeBackend();
    const user = await openActivity();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.selectOptions(screen.getByTestId("activity-outcome"), "done");
    await waitFor(() => expect(rows()).toHaveLength(2));

    dialog.answer = "/home/me/activity.csv";
    await user.click(screen.getByTestId("activity-export-csv"));
    expect((await screen.findByTestId("activity-exported")).textContent).toContain("2 change(s) exported to /home/me/activity.csv");
    const call = backend.callsTo("activity_export")[0]!.args!;
    expect(call.format).toBe("csv");
    expect(call.path).toBe("/home/me/activity.csv");
    expect((call.filter as ActivityFilter).outcome).toBe("done");
    expect(dialog.asked[0]).toMatchObject({ defaultPath: "activity.csv", filters: [{ extensions: ["csv"] }] });
  });

  it("a_cancelled_save_dialog_exports_nothing_and_a_refused_export_says_why", async () => {
    const backend = fakeBackend();
    const user = await openActivity();
    await waitFor(() => expect(rows()).toHaveLength(3));
    await user.click(screen.getByTestId("activity-export-json"));
    await waitFor(() => expect(dialog.asked).toHaveLength(1));
    expect(backend.callsTo("activity_export")).toHaveLength(0);

    dialog.answer = "/read-only/activity.json";
    backend.fail("activity_export", {
      code: "other",
      message: "The export /read-only/activity.json could not be written.",
      detail: "Permission denied (os error 13)",
    });
    await user.click(screen.getByTestId("activity-export-json"));
    const alert = await screen.findByTestId("activity-export-error");
    expect(alert.textContent).toContain("The activity could not be exported");
    expect(alert.textContent).toContain("Permission denied");
  });

  it("shows_older_changes_a_page_at_a_time_and_says_when_lines_were_skipped", async () => {
    const many: ActivityEntry[] = Array.from({ length: 130 }, (_, i) => ({
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, 130 - i)).toISOString(),
      action: "signIn",
      connection: { id: "c1", name: "demo" },
      target: [],
      outcome: "done",
    }));
    const backend = fakeBackend({ activity: { entries: many, skippedLines: 1 } });
    const user = await openActivity();
    await waitFor(() => expect(rows()).toHaveLength(100));
    expect(screen.getByTestId("activity-skipped").textContent).toContain("1 line(s) of the log could not be read");
    await user.click(screen.getByTestId("activity-more"));
    await waitFor(() => expect(rows()).toHaveLength(130));
    expect(backend.callsTo("activity_page").at(-1)?.args).toMatchObject({ offset: 100, limit: 100 });
    expect(screen.queryByTestId("activity-more")).toBeNull();
  });

  it("speaks_japanese", async () => {
    const state = settingsState();
    state.settings.preferences.language = "ja";
    fakeBackend({ state });
    await openActivity();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.getByTestId("page-title").textContent).toBe("アクティビティー");
    expect(row(1).textContent).toContain("ロールを付与");
    expect(row(1).textContent).toContain("サブジェクト");
    expect(screen.getByTestId("activity-export-csv").textContent).toBe("CSV でエクスポート");
  });
});
