import { afterEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../../App";
import { fakeBackend } from "../../test/fakeBackend";
import { settingsState } from "../../test/fixtures";

async function openTab(tab: "health" | "metrics", options: Parameters<typeof userEvent.setup>[0] = {}) {
  const user = userEvent.setup(options);
  render(<App />);
  await screen.findByTestId("page-title");
  await user.click(screen.getByTestId("nav-registries"));
  await user.click(screen.getByTestId(`registry-tab-${tab}`));
  return user;
}

const withDebugAddress = () => {
  const state = settingsState();
  state.settings.debugAddresses = { c1: "http://127.0.0.1:5001/" };
  return state;
};

describe("Registries: Health", { timeout: 60000 }, () => {
  it("shows_the_v2_answer_and_asks_for_a_debug_address_to_read_debug_health", async () => {
    const backend = fakeBackend();
    const user = await openTab("health");
    const v2 = await screen.findByTestId("health-v2");
    expect(within(v2).getByTestId("health-v2-api-version").textContent).toBe("registry/2.0");
    expect(within(v2).getByTestId("health-v2-auth").textContent).toBe("Bearer");
    expect(within(v2).getByTestId("health-v2-realm").textContent).toBe("https://auth.example.com/token");
    expect(within(v2).getByTestId("health-v2-rtt").textContent).toBe("12 ms");
    expect(screen.getByTestId("health-healthz-failure").textContent).toContain("This server does not offer it.");
    expect(screen.getByTestId("health-debug").textContent).toContain("No debug address is saved");

    // A path is refused where it was typed.
    await user.type(screen.getByTestId("health-debug-address"), "127.0.0.1:5001/debug/health");
    await user.click(screen.getByTestId("health-debug-address-save"));
    await waitFor(() => expect(screen.getByTestId("health-debug-address-help").textContent).toContain("host and port only"));

    await user.clear(screen.getByTestId("health-debug-address"));
    await user.type(screen.getByTestId("health-debug-address"), "127.0.0.1:5001");
    await user.click(screen.getByTestId("health-debug-address-save"));
    await waitFor(() => expect(screen.getByTestId("health-debug-status").textContent).toBe("All checks pass"));
    expect(backend.state.settings.debugAddresses?.c1).toBe("http://127.0.0.1:5001/");
  });

  it("says_in_words_which_check_fails_and_rechecks_with_one_click", async () => {
    const backend = fakeBackend({ state: withDebugAddress(), health: { storageFailing: true } });
    const user = await openTab("health");
    await waitFor(() => expect(screen.getByTestId("health-debug-status").textContent).toBe("1 check(s) failing"));
    const checks = screen.getByTestId("health-debug-checks");
    expect(checks.textContent).toContain("storagedriver_filesystem");
    expect(checks.textContent).toContain("not a directory");
    expect(screen.getByTestId("health-storage-failing").textContent).toContain("cannot use its storage");
    expect(screen.getByTestId("health-v2-error").textContent).toContain("UNAVAILABLE");

    backend.health.storageFailing = false;
    await user.click(screen.getByTestId("health-recheck"));
    await waitFor(() => expect(screen.getByTestId("health-debug-status").textContent).toBe("All checks pass"));
    expect(screen.queryByTestId("health-storage-failing")).toBeNull();
  });
});

describe("Registries: Metrics", { timeout: 60000 }, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("scrapes_every_five_seconds_draws_the_charts_and_pauses", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const backend = fakeBackend({ state: withDebugAddress() });
    await openTab("metrics", { advanceTimers: vi.advanceTimersByTime });
    await screen.findByTestId("metrics-waiting");
    const scrapes = () => backend.calls.filter((c) => c.cmd === "registry_metrics").length;
    expect(scrapes()).toBe(1);

    await act(() => vi.advanceTimersByTimeAsync(5000));
    const requests = await screen.findByTestId("chart-requests-svg");
    expect(requests.getAttribute("data-lines")).toBe("2");
    expect(requests.getAttribute("data-points")).toBe("2");
    await act(() => vi.advanceTimersByTimeAsync(5000));
    await waitFor(() => expect(screen.getByTestId("chart-requests-svg").getAttribute("data-points")).toBe("4"));
    expect(screen.getByTestId("chart-latency-svg").getAttribute("data-lines")).toBe("3");
    expect(screen.getByTestId("metrics-scrapes").textContent).toContain("3 scrapes from http://127.0.0.1:5001/metrics");

    await act(async () => {
      screen.getByTestId("metrics-pause").click();
    });
    const paused = scrapes();
    await act(() => vi.advanceTimersByTimeAsync(30000));
    expect(scrapes()).toBe(paused);
    expect(screen.getByTestId("metrics-pause").textContent).toBe("Resume");
  });

  it("lists_the_raw_metrics_one_click_away_with_a_filter", async () => {
    fakeBackend({ state: withDebugAddress() });
    const user = await openTab("metrics");
    await screen.findByTestId("metrics-waiting");
    await user.click(screen.getByTestId("metrics-raw-toggle"));
    expect(screen.getByTestId("metrics-raw-count").textContent).toBe("3 of 3");
    await user.type(screen.getByRole("textbox", { name: "Filter metrics" }), "storage");
    expect(screen.getByTestId("metrics-raw-count").textContent).toBe("1 of 3");
    expect(screen.getByTestId("metrics-raw").textContent).toContain("registry_storage_action_seconds_count");
  });

  it("asks_for_the_openshift_metrics_secret_once_and_never_shows_it_again", async () => {
    const backend = fakeBackend();
    const user = await openTab("metrics");
    // No debug address: the OpenShift source is the one tried, and it wants the secret.
    await screen.findByTestId("metrics-secret-form");
    await user.type(screen.getByTestId("metrics-secret"), "wrong");
    await user.click(screen.getByTestId("metrics-secret-save"));
    await waitFor(() => expect(screen.getByTestId("metrics-secret-form").textContent).toContain("refused the metrics secret"));

    await user.type(screen.getByTestId("metrics-secret"), "s3cr3t");
    await user.click(screen.getByTestId("metrics-secret-save"));
    await screen.findByTestId("metrics-waiting");
    expect(screen.getByTestId("metrics-secret-kept").textContent).toContain("kept in the OS keyring");
    expect(backend.health.secrets.get("c1")).toEqual({ secret: "s3cr3t", keptIn: "keyring" });
    // The secret is nowhere in the page once saved.
    expect(document.body.innerHTML).not.toContain("s3cr3t");
  });
});
