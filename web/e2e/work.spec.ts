// The board, follow-ups, duplicates, an organisation, and what an analyst may not see.
import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, settled, signIn, state } from "./helpers";

test("moves an introduction on the board; another officer sees it live; an illegal move is explained", async ({ page, browser }) => {
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await signIn(watcher, "admin", "/introductions");
  // The seeker's page, open in another tab, follows their timeline live.
  const timelineTab = await watcherContext.newPage();
  await timelineTab.goto(`/people/${encodeURIComponent(state.person.id)}`);
  const timeline = timelineTab.getByRole("region", { name: "时间线" });
  await expect(timeline.getByText(`Introduction requested: ${state.introduction.purpose}`)).toBeVisible();
  await signIn(page, "liaison", "/introductions");
  const requested = page.getByRole("region", { name: /^已请求/ });
  const card = requested.getByRole("listitem").filter({ hasText: state.introduction.purpose });
  await expect(card).toBeVisible();
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "board");

  // Straight to an outcome without saying what came of it: the server refuses and says why.
  await card.getByRole("button", { name: /移动/ }).click();
  await card.getByLabel("移到").selectOption("OUTCOME");
  await card.getByRole("button", { name: "确认移动" }).click();
  const refusal = card.getByRole("alert");
  await expect(refusal).toBeVisible();
  expect((await refusal.innerText()).length).toBeGreaterThan(5);
  await screenshot(page, "board-refused");

  await expect(watcher.getByRole("region", { name: /^已请求/ }).getByText(state.introduction.purpose)).toBeVisible();
  await card.getByLabel("移到").selectOption("BROKER_AGREED");
  await card.getByLabel("原因").fill("引荐人同意");
  await card.getByRole("button", { name: "确认移动" }).click();
  const agreed = page.getByRole("region", { name: /^引荐人已同意/ });
  await expect(agreed.getByText(state.introduction.purpose)).toBeVisible();

  // The other officer's board, never reloaded, shows the move.
  await expect(watcher.getByRole("region", { name: /^引荐人已同意/ }).getByText(state.introduction.purpose)).toBeVisible();
  await expect(watcher.getByRole("region", { name: /^已请求/ }).getByText(state.introduction.purpose)).toHaveCount(0);
  await expect(watcher.getByText(/刚刚有一项引荐/)).toBeVisible();
  await expect(timeline.getByText(`Introduction moved to broker agreed: ${state.introduction.purpose}`)).toBeVisible();
  await watcherContext.close();
});

test("logs an interaction from the follow-ups with one click", async ({ page }) => {
  await signIn(page, "liaison", "/follow-ups");
  const row = page.getByRole("row").filter({ hasText: state.person.name });
  await expect(row).toBeVisible();
  await expect(row).toContainText("逾期");
  await expectAccessible(page);
  await screenshot(page, "follow-ups");
  await row.getByRole("button", { name: `为 ${state.person.name} 记录一次联系` }).click();
  await expect(page.getByRole("status").filter({ hasText: `已记录与 ${state.person.name} 的联系` })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: state.person.name })).toHaveCount(0);
  await page.goto(`/people/${encodeURIComponent(state.person.id)}`);
  await expect(page.getByRole("region", { name: "时间线" }).getByText("跟进（电话）").first()).toBeVisible();
});

test("an analyst sees the person but no contact channels", async ({ page }) => {
  await signIn(page, "analyst", `/people/${encodeURIComponent(state.person.id)}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(state.person.name);
  await expect(page.getByText("分析员不能查看联系方式")).toBeVisible();
  await expect(page.getByText(state.person.email)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "编辑资料" })).toHaveCount(0);
  await settled(page);
  await screenshot(page, "person-analyst");
});

test("an organisation page lists members, sub-organisations and the rest", async ({ page }) => {
  await signIn(page, "liaison");
  const box = page.getByRole("combobox", { name: "搜索人员和机构" });
  await box.fill("侨联");
  const org = page.getByRole("option").filter({ hasText: "机构" }).first();
  await expect(org).toBeVisible();
  await org.click();
  await expect(page).toHaveURL(/\/organizations\//);
  for (const section of ["成员", "下属机构", "招聘岗位", "项目", "协议", "时间线"]) {
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  }
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "organization");
});

test("creates an organisation with the server's validation", async ({ page }) => {
  await signIn(page, "liaison", "/organizations/new");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.locator(".field-invalid").first()).toBeVisible();
  await page.getByLabel("机构名称（中文）").fill("伦敦福建同乡会测试");
  await page.getByLabel("机构类型").selectOption("HOMETOWN_ASSOCIATION");
  await page.getByLabel("居住国家").fill("GB");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page).toHaveURL(/\/organizations\//);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("伦敦福建同乡会测试");
  await expectAccessible(page);
});

test("an admin previews a merge of duplicate candidates", async ({ page }) => {
  await signIn(page, "admin", "/duplicates");
  await settled(page);
  const first = page.locator(".dup").first();
  await expect(first).toBeVisible();
  await expectAccessible(page);
  await first.getByRole("button", { name: "预览合并" }).click();
  await expect(first.getByRole("heading", { name: "合并预览" })).toBeVisible();
  await expect(first.getByRole("button", { name: "确认合并" })).toBeVisible();
  await screenshot(page, "duplicates");
});
