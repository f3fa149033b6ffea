// What every scenario needs: the prepared state, signing in, the accessibility check
// and a screenshot of each page (kept in artifacts/screenshots, gitignored).
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect } from "@playwright/test";
import type { Page } from "@playwright/test";
import { loadState } from "./server";

export const state = loadState();
const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), "..", "artifacts", "screenshots");
mkdirSync(SHOTS, { recursive: true });

// Content-Security-Policy refusals the browser reported, per page (none are allowed).
const cspViolations = new WeakMap<Page, string[]>();

function watchCsp(page: Page): void {
  if (cspViolations.has(page)) return;
  const seen: string[] = [];
  cspViolations.set(page, seen);
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
}

export async function signIn(page: Page, who: keyof typeof state.accounts, path = "/"): Promise<void> {
  watchCsp(page);
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "侨务联络 CRM" })).toBeVisible();
  await page.getByLabel("用户名").fill(state.accounts[who].username);
  await page.getByLabel("密码").fill(state.accounts[who].password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

/** No serious or critical axe violations on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, bad.join("\n")).toEqual([]);
  expect(cspViolations.get(page) ?? [], "the page broke its Content-Security-Policy").toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

/** Loading states have settled. */
export async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("status").filter({ hasText: /正在加载|Loading/ })).toHaveCount(0, { timeout: 20_000 });
}
