import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Tauri loads the dev server from a fixed port (`devUrl` in tauri.conf.json),
// so the port must never silently move.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  preview: { port: 1420, strictPort: true },
  // A desktop app loads its bundle from disk; one chunk of PatternFly is fine.
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1500 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    // Page tests render PatternFly pages in jsdom; on 2 busy cores one can take several
    // seconds. A hang still fails, later.
    testTimeout: 30_000,
  },
});
