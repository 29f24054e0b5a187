import { describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "./App";
import { fakeBackend } from "./test/fakeBackend";
import { settingsState } from "./test/fixtures";

describe("App shell", () => {
  it("starts_on_connections_and_every_area_has_its_page", async () => {
    fakeBackend();
    const user = userEvent.setup();
    render(<App />);
    expect((await screen.findByTestId("page-title")).textContent).toBe("Connections");

    for (const [area, title] of [
      ["registries", "Registries"],
      ["access", "Access"],
      ["credentials", "Credentials"],
      ["certificates", "Certificates"],
    ] as const) {
      await user.click(screen.getByTestId(`nav-${area}`));
      expect((await screen.findByTestId("page-title")).textContent).toBe(title);
    }
  });

  it("system_language_follows_a_japanese_locale_and_the_switch_changes_it_at_once", async () => {
    const state = settingsState();
    state.settings.preferences.language = "system";
    const backend = fakeBackend({ state, systemLocale: "ja-JP" });
    const user = userEvent.setup();
    render(<App />);

    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("接続"));
    expect(document.documentElement.lang).toBe("ja");
    expect(screen.getByTestId("nav-access").textContent).toBe("アクセス");
    const select = screen.getByTestId("language-switch") as HTMLSelectElement;
    expect(select.value).toBe("system");

    await user.selectOptions(select, "en");
    expect(screen.getByTestId("page-title").textContent).toBe("Connections");
    expect(document.documentElement.lang).toBe("en");
    expect(backend.callsTo("preferences_set")).toEqual([
      { cmd: "preferences_set", args: { preferences: { language: "en" } } },
    ]);
  });

  it("an_english_locale_with_system_language_shows_english", async () => {
    const state = settingsState();
    state.settings.preferences.language = "system";
    fakeBackend({ state, systemLocale: "en-US" });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("page-title").textContent).toBe("Connections"));
    expect(document.documentElement.lang).toBe("en");
  });
});
