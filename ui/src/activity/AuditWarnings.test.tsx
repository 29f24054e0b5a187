import { describe, expect, it } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { I18nProvider } from "../i18n/i18n";
import { AUDIT_WARNING_EVENT, AuditWarnings } from "./AuditWarnings";
import type { AuditWarning } from "../bindings/AuditWarning";

const warning: AuditWarning = {
  action: "roleGranted",
  message: "the activity log /home/me/.config/registry-console/activity/activity.jsonl could not be written: No space left on device (os error 28)",
};

describe("A change the activity log could not record", () => {
  it("is_said_at_once_as_a_warning_naming_the_change_and_the_reason", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    render(
      <I18nProvider language="en">
        <AuditWarnings />
      </I18nProvider>,
    );
    // The listener is registered asynchronously: send until it is heard.
    await waitFor(async () => {
      await act(() => emit(AUDIT_WARNING_EVENT, warning));
      expect(screen.queryAllByTestId("audit-warning").length).toBeGreaterThan(0);
    });
    const shown = screen.getAllByTestId("audit-warning")[0]!;
    expect(shown.textContent).toContain("The change was made, but it could not be recorded in the activity log");
    expect(shown.textContent).toContain("Role granted: the activity log");
    expect(shown.textContent).toContain("No space left on device");
    for (const close of screen.getAllByRole("button", { name: /close/i })) await userEvent.setup().click(close);
    expect(screen.queryAllByTestId("audit-warning")).toHaveLength(0);
  });

  it("is_said_in_japanese", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    render(
      <I18nProvider language="ja">
        <AuditWarnings />
      </I18nProvider>,
    );
    await waitFor(async () => {
      await act(() => emit(AUDIT_WARNING_EVENT, warning));
      expect(screen.queryAllByTestId("audit-warning").length).toBeGreaterThan(0);
    });
    expect(screen.getAllByTestId("audit-warning")[0]!.textContent).toContain("ロールを付与");
  });
});
