import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider } from "../i18n/i18n";
import { formatAbsolute, formatRelative, RelativeTime, toDate } from "./Time";

const NOW = new Date("2024-06-10T00:00:00Z");

describe("times", () => {
  it("relative_times_count_back_from_now_in_the_ui_language", () => {
    expect(formatRelative(new Date("2024-06-07T00:00:00Z"), "en", NOW)).toBe("3 days ago");
    expect(formatRelative(new Date("2024-06-07T00:00:00Z"), "ja", NOW)).toBe("3 日前");
    expect(formatRelative(new Date("2024-06-09T21:00:00Z"), "en", NOW)).toBe("3 hours ago");
    expect(formatRelative(new Date("2022-06-10T00:00:00Z"), "en", NOW)).toBe("2 years ago");
    expect(formatRelative(new Date("2022-06-10T00:00:00Z"), "ja", NOW)).toBe("2 年前");
  });

  it("absolute_times_name_the_date_the_time_and_the_zone", () => {
    const when = new Date("2024-06-07T12:34:56Z");
    const en = formatAbsolute(when, "en");
    expect(en).toMatch(/2024/);
    expect(en).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    // The zone is named, so a time read from a screenshot is not ambiguous.
    expect(en).toMatch(/(UTC|GMT|[A-Z]{2,5})/);
    expect(formatAbsolute(when, "ja")).toMatch(/2024\/\d{1,2}\/\d{1,2}/);
  });

  it("unreadable_times_are_none_rather_than_a_number", () => {
    expect(toDate(null)).toBeNull();
    expect(toDate("not a time")).toBeNull();
    expect(toDate("1717977600")).toBeNull();
    render(
      <I18nProvider language="en">
        <RelativeTime value="garbage" data-testid="t" />
      </I18nProvider>,
    );
    expect(screen.getByTestId("t").textContent).toBe("—");
  });

  it("the_component_shows_the_relative_time_and_the_absolute_one_on_hover", async () => {
    const user = userEvent.setup();
    render(
      <I18nProvider language="ja">
        <RelativeTime value="2024-06-07T00:00:00Z" now={NOW} data-testid="t" />
      </I18nProvider>,
    );
    const time = screen.getByTestId("t");
    expect(time.textContent).toBe("3 日前");
    expect(time.getAttribute("dateTime")).toBe("2024-06-07T00:00:00Z");
    expect(time.tabIndex).toBe(0);
    await user.hover(time);
    expect((await screen.findByRole("tooltip")).textContent).toBe(formatAbsolute(new Date("2024-06-07T00:00:00Z"), "ja"));
  });
});
