import { defineConfig, devices } from "@playwright/test";

// scripts/test.sh builds the release (as scripts/run.sh does), seeds the demo data into a
// fresh OPENDPS_DATA_DIR and starts the portal on LEPTOS_SITE_ADDR before running this.
export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://${process.env.LEPTOS_SITE_ADDR ?? "127.0.0.1:3000"}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      // Debian's Chromium: browser downloads are not possible on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium" }],
});
