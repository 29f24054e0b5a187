import { afterEach } from "vitest";
import { cleanup, configure } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";

// findBy*/waitFor poll up to 5 s, not 1 s: on 2 busy cores (the page tests run in parallel
// files) a re-render after a fake backend call can take longer than a second. A wait for
// something that never comes still fails, only later.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  clearMocks();
  document.documentElement.lang = "";
});
