// The web app's figures: JS shipped for the first page (gzip), time to interactive on
// the demo data in headless Chromium, and the search-as-you-type round trip (p50/p95).
import { gzipSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import { test } from "@playwright/test";
import { signIn, state } from "../e2e/helpers";

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
// Distinct texts (the server's response cache would answer a repeat): prefixes as typed.
const QUERIES = [
  "c", "ch", "che", "chen", "chen w", "chen wei", "chan", "chan k", "tan", "tan l", "tan lark",
  "陈", "陈伟", "陳", "lim", "lim b", "wong", "ng", "huang", "侨联", "fuzhou", "li wei", "wang",
  "zhang", "liu", "lin", "lin x", "he", "ho", "guo", "kwok", "zheng", "cheng", "张", "李", "福州",
  "科技", "hokkien", "yap", "teo", "heng", "liew", "fung", "ting", "liem", "wu", "goh", "ong",
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

test("web app figures", async ({ page, browser }) => {
  const figures: Record<string, unknown> = { runs: RUNS, cores: (await import("node:os")).cpus().length };

  // 1. JS for the first page: every script the sign-in page and, once signed in, the home
  // page load, gzipped as the server would send them.
  const scripts = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() === "script") {
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body, { level: 9 }).length);
    }
  });
  await signIn(page, "liaison");
  await page.getByRole("heading", { name: /您好/ }).waitFor();
  await page.locator(".tiles").waitFor();
  await page.waitForTimeout(500);
  figures.firstPageJsGzipKB = +([...scripts.values()].reduce((a, b) => a + b, 0) / 1024).toFixed(1);
  figures.firstPageScripts = [...scripts.keys()].map((u) => new URL(u).pathname);

  // 2. Time to interactive: a signed-in officer opens a person page cold (new tab, warm
  // HTTP cache as on a second visit, as a working day is), until the profile is shown and
  // the search box takes input.
  const context = page.context();
  const tti: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const tab = await context.newPage();
    const start = Date.now();
    await tab.goto(`/people/${encodeURIComponent(state.person.id)}`);
    await tab.getByRole("heading", { level: 1 }).waitFor();
    await tab.getByRole("combobox").fill("x");
    tti.push(Date.now() - start);
    await tab.close();
  }
  figures.ttiPersonMs = { p50: percentile(tti, 50), p95: percentile(tti, 95), max: Math.max(...tti) };

  // …and with an empty HTTP cache (a first visit: every asset fetched), same session.
  const signedIn = await context.storageState();
  const coldRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const fresh = await browser.newContext({ storageState: signedIn });
    const tab = await fresh.newPage();
    const start = Date.now();
    await tab.goto(`/people/${encodeURIComponent(state.person.id)}`);
    await tab.getByRole("heading", { level: 1 }).waitFor();
    await tab.getByRole("combobox").fill("x");
    coldRuns.push(Date.now() - start);
    await fresh.close();
  }
  figures.ttiPersonColdCacheMs = { p50: percentile(coldRuns, 50), p95: percentile(coldRuns, 95), max: Math.max(...coldRuns) };

  // 3. Search as you type: from the request leaving the browser to its answer, per query,
  // over several rounds, as the browser's own resource timing reports it.
  const rounds: number[] = [];
  page.on("requestfinished", (request) => {
    const body = request.postData() ?? "";
    if (request.url().endsWith("/graphql") && body.includes("query Search(")) {
      const t = request.timing();
      rounds.push(t.responseEnd - t.requestStart);
    }
  });
  // …and from the keystroke to the hits on screen (this includes the 120 ms debounce).
  const shown: number[] = [];
  const box = page.getByRole("combobox");
  for (const q of QUERIES) {
    const start = Date.now();
    await box.fill(q);
    await page.locator(".search-status").filter({ hasText: /条结果|没有与/ }).waitFor();
    shown.push(Date.now() - start);
    await box.fill("");
    await page.waitForTimeout(200);
  }
  figures.searchRoundTripMs = { count: rounds.length, p50: +percentile(rounds, 50).toFixed(1), p95: +percentile(rounds, 95).toFixed(1) };
  figures.searchKeystrokeToHitsMs = { p50: percentile(shown, 50), p95: percentile(shown, 95) };

  console.log(JSON.stringify(figures, null, 2));
  writeFileSync(process.env.BENCH_JSON ?? "artifacts/bench-web.json", JSON.stringify(figures, null, 2));
});
