import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL, E2E_HTTPS_BASE_URL, E2E_PORT } from "./e2e/support/env";

// Debian's headless shell: the lighter browser Playwright itself runs headless (no browser UI to
// draw per window), about a quarter faster here than the full Chromium in headless mode.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium-headless-shell";

export default defineConfig({
  testDir: "e2e",
  // One output folder per e2e port, so suites running side by side keep their own traces.
  outputDir: `test-results/${E2E_PORT}`,
  testMatch: "**/*.spec.ts",
  // Committed screenshot baselines (e2e/screenshots.spec.ts), one set for every project and machine.
  snapshotPathTemplate: "{testDir}/screenshots/{arg}{ext}",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"] },
      testIgnore: ["https.spec.ts", "mfa-policy.spec.ts", "fuzz.spec.ts"],
    },
    // The same build served over https by a second server (e2e/support/serve.ts), self-signed.
    {
      name: "https",
      testMatch: "https.spec.ts",
      use: { ...devices["Desktop Chrome"], baseURL: E2E_HTTPS_BASE_URL, ignoreHTTPSErrors: true },
    },
    // Thousands of hostile requests as fast as the server answers: on its own, after the journeys,
    // so that none of them is slowed into a timeout by it.
    { name: "fuzz", testMatch: "fuzz.spec.ts", dependencies: ["chromium", "https"] },
    // Gives an Admin a second factor, which turns the default second-factor policy on for every
    // other Admin: it runs after the other projects so that none of their journeys sees it.
    {
      name: "mfa-policy",
      testMatch: "mfa-policy.spec.ts",
      dependencies: ["chromium", "https", "fuzz"],
      use: { ...devices["Desktop Chrome"] },
    },
  ],
  webServer: {
    command: "node --import tsx e2e/support/serve.ts",
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
