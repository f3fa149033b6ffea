// `make bench-web`: the web app's figures (docs/benchmarks.md) on the same server set-up
// as the browser tests. Not a test: it measures and prints, and asserts nothing timed.
import base from "../playwright.config";
import { defineConfig } from "@playwright/test";

export default defineConfig({
  ...base,
  testDir: ".",
  testMatch: "figures.ts",
  globalSetup: "../e2e/global-setup.ts",
  globalTeardown: "../e2e/global-teardown.ts",
  timeout: 300_000,
});
