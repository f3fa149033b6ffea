// The analyst's dashboard and the printable event report, on the demo data: the charts'
// figures are the API's (asked with the same session), the conference's report shows
// every figure of the seed text, and the report prints to A4 without the navigation.
import { expect, test } from "@playwright/test";
import type { Locator, Page } from "@playwright/test";
import { expectAccessible, screenshot, settled, signIn } from "./helpers";

async function api<T>(page: Page, query: string, variables: object = {}): Promise<T> {
  // the session cookie counts only for the app's own origin (as the page's requests do)
  const origin = new URL(page.url()).origin;
  const response = await page.request.post("/graphql", { data: { query, variables }, headers: { origin } });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

const count = (n: number) => n.toLocaleString("zh-CN");

interface Figures {
  dashboard: {
    totals: Record<string, number>;
    agreements: { signed: number; preliminaryIntentions: number };
    peopleByCountry: { items: { key: string; count: number }[] };
    activityFrom: string;
    activityTo: string;
  };
  projectPipeline: { stages: { stage: string; reached: number; projects: number }[] };
  applicationFunnel: { stages: { stage: string; reached: number }[] };
}

const FIGURES = `query($period: DatePeriod) {
  dashboard(filter: {period: $period}, top: 10) {
    totals { people organizations events projects positions openings applications introductionsMade interactions }
    agreements { signed preliminaryIntentions }
    peopleByCountry { items { key count } }
    activityFrom activityTo
  }
  projectPipeline(filter: {period: $period}) { stages { stage reached projects } }
  applicationFunnel(filter: {period: $period}) { stages { stage reached } }
}`;

const TILES: [string, (f: Figures) => number][] = [
  ["人员", (f) => f.dashboard.totals.people],
  ["机构", (f) => f.dashboard.totals.organizations],
  ["项目", (f) => f.dashboard.totals.projects],
  ["岗位需求", (f) => f.dashboard.totals.positions],
  ["求职申请", (f) => f.dashboard.totals.applications],
  ["完成引荐", (f) => f.dashboard.totals.introductionsMade],
  ["已签署协议", (f) => f.dashboard.agreements.signed],
  ["初步合作意向", (f) => f.dashboard.agreements.preliminaryIntentions],
];

/** Opens a chart's data table (a closed <details>), if it is not open yet. */
async function openTable(region: Locator): Promise<void> {
  const details = region.locator("details");
  if ((await details.getAttribute("open")) === null) await region.getByText("查看数据表").click();
  await expect(region.getByRole("table")).toBeVisible();
}

async function expectFigures(page: Page, f: Figures): Promise<void> {
  const tiles = page.getByRole("list", { name: "总量" });
  for (const [label, value] of TILES) {
    await expect(tiles.getByRole("listitem").filter({ hasText: new RegExp(`^\\S+ ${label}$`) })).toHaveText(`${count(value(f))} ${label}`);
  }
  // the bars of people by country, as their data table says, in the API's order
  const countries = page.getByRole("region", { name: "人员按居住国家（地区）" });
  await openTable(countries);
  const shown = await countries.getByRole("table").locator("tbody tr td").allTextContents();
  expect(shown.slice(0, f.dashboard.peopleByCountry.items.length)).toEqual(f.dashboard.peopleByCountry.items.map((i) => count(i.count)));
  // the pipeline: per stage, the projects there now and those that got that far
  // (none in a period where no project was created or moved: then it says so)
  const pipelineRegion = page.getByRole("region", { name: "项目推进漏斗（含金额）" });
  if (f.projectPipeline.stages.every((s) => s.reached === 0)) {
    await expect(pipelineRegion.getByText("没有数据。")).toBeVisible();
  } else {
    await openTable(pipelineRegion);
    const pipeline = pipelineRegion.getByRole("table");
    const reached = await pipeline.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(reached).toEqual(f.projectPipeline.stages.map((s) => count(s.reached)));
    const now = await pipeline.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(now).toEqual(f.projectPipeline.stages.map((s) => count(s.projects)));
  }
  const funnelRegion = page.getByRole("region", { name: "求职申请漏斗" });
  await openTable(funnelRegion);
  const funnel = funnelRegion.getByRole("table");
  expect(await funnel.locator("tbody tr td:nth-child(3)").allTextContents()).toEqual(f.applicationFunnel.stages.map((s) => count(s.reached)));
}

test("the dashboard draws the API's figures, over all the data by default and for a year", async ({ page }) => {
  await signIn(page, "analyst", "/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "数据看板" })).toBeVisible();
  await settled(page);
  const all = await api<Figures>(page, FIGURES, { period: null });
  // the default covers the data (on the demo, 2023 onwards), not an empty current year
  expect(all.dashboard.totals.people).toBeGreaterThan(0);
  const picker = page.getByLabel("统计期间");
  await expect(picker.locator("option:checked")).toHaveText(`全部数据（${all.dashboard.activityFrom.slice(0, 7)} 至 ${all.dashboard.activityTo.slice(0, 7)}）`);
  await expect(picker.getByRole("option", { name: "2023 年" })).toHaveCount(1);
  await expectFigures(page, all);
  // each chart is an image whose name carries its figures
  const top = all.dashboard.peopleByCountry.items[0];
  await expect(page.getByRole("img", { name: new RegExp(`^人员按居住国家（地区）：.+ ${count(top.count)};`) })).toHaveCount(1);
  await expect(page.getByRole("img")).toHaveCount(9);
  const funds = page.getByRole("region", { name: "基金目标与到位资金" });
  await openTable(funds);
  await expect(funds.getByRole("row", { name: /^福建侨商创业振兴基金 100亿元 30亿元 30%/ })).toHaveCount(1);
  // hovering a bar shows its tooltip, within the Content-Security-Policy (checked next)
  const countryChart = page.getByRole("img", { name: /^人员按居住国家/ });
  await countryChart.hover({ position: { x: 240, y: 20 } });
  await countryChart.hover({ position: { x: 245, y: 22 } });
  await expectAccessible(page);
  await screenshot(page, "dashboard");
  // printed: no navigation or period picker, and the charts' tables even where closed
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
  await expect(page.getByLabel("统计期间")).toBeHidden();
  await expect(page.getByRole("region", { name: "人员按专业领域" }).getByRole("table")).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  await expect(page.getByRole("region", { name: "人员按专业领域" }).getByRole("table")).toBeHidden();

  await picker.selectOption({ label: "2023 年" });
  await expect(page).toHaveURL(/period=2023/);
  await settled(page);
  const year = await api<Figures>(page, FIGURES, { period: { from: "2023-01-01", to: "2023-12-31" } });
  await expectFigures(page, year);
  await expect(page.getByRole("img", { name: /^每月动态：/ })).toHaveAttribute("aria-label", /2023-01 至 2023-12/);
});

test("the conference's report shows the seed figures and prints to A4 without navigation", async ({ page }) => {
  await signIn(page, "analyst", "/events");
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "events");
  await page.getByRole("link", { name: "首届海外华侨华人人才发展大会的报告" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "首届海外华侨华人人才发展大会成果报告" })).toBeVisible();
  const seed: [string, string][] = [
    ["到会嘉宾", "1,023"],
    ["两院院士（国内外）", "47"],
    ["“海外人才墙”人才", "132"],
    ["项目线索", "85"],
    ["创业信息", "205"],
    ["高层次就业需求", "3,600"],
    ["推介展示的高新技术成果", "45"],
    ["签约合作项目", "9"],
    ["达成初步合作意向的项目", "17"],
    ["意向金额", "70.19亿元"],
    ["达成初步意向的人才", "1,480"],
  ];
  for (const [label, value] of seed) {
    await expect(page.getByRole("row", { name: `${label} ${value}`, exact: true })).toHaveCount(1);
  }
  await expect(page.getByRole("row", { name: "福建侨商创业振兴基金 100亿元 30亿元", exact: true })).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, "event-report");

  // In English the amounts read as the seed text writes them.
  await page.getByRole("button", { name: "切换到英文" }).click();
  await expect(page.getByRole("row", { name: "Intended amount 7.019 bn yuan", exact: true })).toHaveCount(1);
  await expect(page.getByRole("row", { name: "Fujian Revitalization Fund of Overseas Chinese Entrepreneurs 10 bn yuan 3 bn yuan", exact: true })).toHaveCount(1);
  await expect(page.getByRole("row", { name: "Guests 1,023", exact: true })).toHaveCount(1);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Switch to Chinese" }).click();

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
  await expect(page.getByRole("button", { name: "打印 / 存为 PDF" })).toBeHidden();
  await expect(page.getByRole("row", { name: "到会嘉宾 1,023", exact: true })).toBeVisible();
  await screenshot(page, "event-report-print");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);
  expect(pages.length).toBeLessThanOrEqual(6);
  await page.emulateMedia({ media: "screen" });
});

test("an unknown event's report says so", async ({ page }) => {
  await signIn(page, "analyst", "/events/RXZlbnQ6OTk5OTk=/report");
  await expect(page.getByRole("heading", { level: 1, name: "找不到这个活动" })).toBeVisible();
  await expect(page.getByRole("link", { name: "返回活动列表" })).toBeVisible();
});
