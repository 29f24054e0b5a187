import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { I18nProvider } from "../i18n/i18n";
import type { UiError } from "../errors";
import { serverText } from "../errors";
import { ErrorAlert } from "./ErrorAlert";

const refused: UiError = {
  code: "signInRequired",
  message: "https://registry.example:5000/v2/ requires signing in (HTTP 401): UNAUTHORIZED authentication required.",
  detail: '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
};

function show(error: UiError, language: "en" | "ja" = "en") {
  return render(
    <I18nProvider language={language}>
      <ErrorAlert error={error} title={language === "ja" ? "タグを読み込めませんでした" : "The tags could not be loaded"} testId="test-error" />
    </I18nProvider>,
  );
}

/** The alert's text outside the Details section. */
function mainText(alert: HTMLElement): string {
  const clone = alert.cloneNode(true) as HTMLElement;
  clone.querySelector("[data-testid=error-details]")?.remove();
  return clone.textContent ?? "";
}

describe("error alert", () => {
  it("says the error in the user's language and keeps the server's text under Details, closed", async () => {
    show(refused, "ja");
    const alert = screen.getByTestId("test-error");
    expect(within(alert).getByTestId("error-sentence").textContent).toBe("サーバーが (再度の) ログインを求めています。");
    expect(mainText(alert)).not.toContain("UNAUTHORIZED");
    const toggle = within(alert).getByRole("button", { name: "詳細" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    // Closed: the server's text is in the page but hidden until the toggle opens it.
    expect(within(alert).getByText(/UNAUTHORIZED authentication required/).closest("[hidden]")).not.toBeNull();

    await userEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(within(alert).getByText(/UNAUTHORIZED authentication required/).closest("[hidden]")).toBeNull();
    const lines = within(alert).getAllByTestId("error-server-text");
    expect(lines.map((l) => l.textContent)).toEqual([refused.message, refused.detail]);
    // Each piece of the server's text appears once in the whole alert.
    const text = alert.textContent ?? "";
    expect(text.split("authentication required.").length - 1).toBe(1);
    expect(text.split('"UNAUTHORIZED"').length - 1).toBe(1);
  });

  it("names the toggle Details in English", () => {
    show(refused);
    expect(screen.getByRole("button", { name: "Details" })).toBeTruthy();
    expect(screen.getByTestId("error-sentence").textContent).toBe("The server asks you to sign in (again).");
  });

  it("shows a detail the message already quotes only once", async () => {
    const keyring: UiError = {
      code: "keyringUnavailable",
      message: "The system keyring refused: prompt dismissed.",
      detail: "prompt dismissed",
    };
    expect(serverText(keyring)).toEqual([keyring.message]);
    show(keyring);
    await userEvent.click(screen.getByRole("button", { name: "Details" }));
    expect(screen.getAllByTestId("error-server-text")).toHaveLength(1);
    expect((screen.getByTestId("test-error").textContent ?? "").split("prompt dismissed").length - 1).toBe(1);
  });

  it("has no Details toggle when the server said nothing", () => {
    show({ code: "cancelled", message: "", detail: null });
    expect(screen.queryByTestId("error-details")).toBeNull();
    expect(screen.getByTestId("error-sentence").textContent).toBe("It was cancelled.");
  });
});
