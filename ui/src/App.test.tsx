import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "./App";
import { fakeBackend } from "./test/fakeBackend";
import { sampleConnections, settingsState } from "./test/fixtures";
import { RUST_CRATES, UI_PACKAGES } from "./about/thirdParty";

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

  it("opens_on_the_page_and_registry_shown_last_and_remembers_each_change", async () => {
    const second = { id: "c7", name: "mirror", kind: "registry" as const, url: "https://mirror.example.com", tls: { mode: "system" as const } };
    const state = settingsState([...sampleConnections(), second]);
    state.settings.lastView = { page: "registries", connectionId: second.id };
    const backend = fakeBackend({ state });
    const user = userEvent.setup();
    render(<App />);
    expect((await screen.findByTestId("page-title")).textContent).toBe("Registries");
    expect((screen.getByTestId("registry-connection") as HTMLSelectElement).value).toBe("c7");
    await waitFor(() =>
      expect(backend.callsTo("view_remember").at(-1)?.args).toEqual({ view: { page: "registries", connectionId: second.id } }),
    );

    await user.click(screen.getByTestId("nav-credentials"));
    await waitFor(() =>
      expect(backend.callsTo("view_remember").at(-1)?.args).toEqual({ view: { page: "credentials", connectionId: second.id } }),
    );
  });

  it("a_last_page_the_app_does_not_know_opens_connections", async () => {
    const state = settingsState();
    state.settings.lastView = { page: "gone", connectionId: null };
    fakeBackend({ state });
    render(<App />);
    expect((await screen.findByTestId("page-title")).textContent).toBe("Connections");
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

  it("about_shows_the_versions_and_every_third_party_package_with_its_licence", async () => {
    const backend = fakeBackend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByTestId("page-title");
    await waitFor(() => expect(backend.callsTo("app_ready")).toHaveLength(1));

    await user.click(screen.getByTestId("about-open"));
    const dialog = await screen.findByTestId("about-modal");
    expect(within(dialog).getByTestId("about-version").textContent).toBe("0.1.0");
    expect(within(dialog).getByTestId("about-webview").textContent).toBe("2.48.7");
    const rust = within(dialog).getByTestId("about-rust");
    expect(within(rust).getAllByTestId("about-package")).toHaveLength(RUST_CRATES.length);
    const tauri = within(rust).getByText("tauri").closest("tr");
    expect(tauri?.textContent).toContain("Apache-2.0 OR MIT");

    await user.click(within(dialog).getByRole("textbox"));
    await user.paste("rustls");
    for (const row of within(rust).getAllByTestId("about-package")) {
      expect(row.getAttribute("data-name")).toContain("rustls");
    }

    await user.clear(within(dialog).getByRole("textbox"));
    await user.click(within(dialog).getByText("UI packages"));
    const ui = await within(dialog).findByTestId("about-ui");
    expect(within(ui).getAllByTestId("about-package")).toHaveLength(UI_PACKAGES.length);
    expect(within(ui).getByText("react").closest("tr")?.textContent).toContain("MIT");
    expect(within(ui).queryByText("vite")).toBeNull();
  });
});
