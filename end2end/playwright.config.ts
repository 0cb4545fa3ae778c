import { defineConfig } from "@playwright/test";

// The test command starts the server with its own database on this address.
const baseURL = process.env.IMPRIMATUR_SERVER_PUBLIC_URL ?? "http://localhost:3000";

// Debian's Chromium; Playwright's own browser download cannot work here.
const launchOptions = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
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
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  // One retry shows whether a failure repeats, and failOnFlakyTests makes
  // a test that needed it fail the run: a flaky test is a bug. Tests that
  // change an account's password, second factor, passkeys or state use
  // accounts of their own (helpers.ts, ownAccount), global-setup.ts takes
  // the cold first page load before any test runs, and a click on a button
  // that only works hydrated waits for hydration (helpers.ts, ready) instead
  // of clicking until something shows, which raced the first click's answer.
  retries: 1,
  failOnFlakyTests: true,
  reporter: [["list"]],
  globalSetup: "./global-setup.ts",
  use: { baseURL, launchOptions, trace: "retain-on-failure" },
  projects: [
    { name: "chromium", testIgnore: /no-js\.spec\.ts/ },
    // Pages that must work without JavaScript, tested with it switched off.
    { name: "no-javascript", testMatch: /no-js\.spec\.ts/, use: { javaScriptEnabled: false } },
    // A phone-sized screen.
    { name: "phone", testMatch: /phone\.spec\.ts/, use: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } },
  ],
});
