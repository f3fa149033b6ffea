// A liaison officer's day: sign in, find 陈 by "chen" and by "Chan", open the person,
// edit a field, meet a stale edit, add a relationship, switch language.
import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, settled, signIn, state } from "./helpers";

const person = state.person;

test("signs in and lands on the home page, accessible", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?next=/);
  await expectAccessible(page);
  await screenshot(page, "signin");
  await page.getByLabel("用户名").fill(state.accounts.liaison.username);
  await page.getByLabel("密码").fill("wrong password");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确");
  await signIn(page, "liaison");
  await expect(page.getByRole("heading", { name: /您好/ })).toBeVisible();
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "home");
});

test("finds 陈 by pinyin and by the Cantonese spelling, with how each hit matched, by keyboard", async ({ page }) => {
  await signIn(page, "liaison");
  const box = page.getByRole("combobox", { name: "搜索人员和机构" });
  await box.fill("chen");
  const options = page.getByRole("option");
  await expect(options.first()).toBeVisible();
  await expect(options.first()).toContainText("陈");
  await expect(options.first()).toContainText("全名拼写");
  await expectAccessible(page);
  await screenshot(page, "search-chen");

  await box.fill("Chan");
  await expect(options.filter({ hasText: "陳" }).first()).toBeVisible();
  await box.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/people\//);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("陳");
});

test("opens a person: bilingual name, 祖籍, contacts for the owner, every section", async ({ page }) => {
  await signIn(page, "liaison", `/people/${encodeURIComponent(person.id)}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(person.name);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(person.nameLatin);
  await expect(page.getByText("祖籍", { exact: true })).toBeVisible();
  await expect(page.getByText(person.email)).toBeVisible();
  for (const section of ["任职与所属机构", "人际关系", "时间线", "引荐", "授权同意"]) {
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  }
  await settled(page);
  await expect(page.getByText("福州大会面谈")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "person");
});

test("edits a field in place, and a stale edit is refused and explained", async ({ page, browser }) => {
  await signIn(page, "liaison", `/people/${encodeURIComponent(person.id)}`);
  await page.getByRole("button", { name: "编辑资料" }).click();
  const form = page.getByRole("form", { name: "编辑人员资料" });
  await form.getByLabel("城市", { exact: true }).fill("伦敦");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByText("伦敦")).toBeVisible();

  // The server's per-field error appears at the field.
  await page.getByRole("button", { name: "编辑资料" }).click();
  await form.getByLabel("联系周期（天）").fill("99999");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form.locator(".field-invalid")).toContainText(/3650|cadence|周期/i);
  await form.getByRole("button", { name: "取消" }).click();

  // Open the editor, then another officer's session changes the person first.
  await page.getByRole("button", { name: "编辑资料" }).click();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, "liaison", `/people/${encodeURIComponent(person.id)}`);
  await otherPage.getByRole("button", { name: "编辑资料" }).click();
  await otherPage.getByRole("form", { name: "编辑人员资料" }).getByLabel("城市", { exact: true }).fill("曼彻斯特");
  await otherPage.getByRole("button", { name: "保存" }).click();
  await expect(otherPage.getByText("曼彻斯特")).toBeVisible();
  await other.close();

  await form.getByLabel("备注").fill("在伦敦见过");
  await form.getByRole("button", { name: "保存" }).click();
  const conflict = page.getByRole("alert").filter({ hasText: "此记录已被他人修改" });
  await expect(conflict).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "person-conflict");
  await conflict.getByRole("button", { name: "覆盖" }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByText("在伦敦见过")).toBeVisible();
});

test("creates a relationship with its strength", async ({ page }) => {
  await signIn(page, "liaison", `/people/${encodeURIComponent(person.id)}`);
  await page.getByRole("button", { name: "添加关系" }).click();
  const form = page.getByRole("form", { name: "添加关系" });
  await form.getByLabel("对方").fill("Chan");
  await form.getByRole("list").getByRole("button").first().click();
  await form.getByLabel("关系类型").selectOption("CLASSMATE");
  await form.getByLabel("关系强度").fill("0.8");
  await form.getByRole("button", { name: "创建关系" }).click();
  await expect(form).toHaveCount(0);
  const section = page.getByRole("region", { name: "人际关系" });
  await expect(section.getByText("强度 0.80").first()).toBeVisible();
  await expect(section.getByText("同学").first()).toBeVisible();
});

test("shows the server's validation on a new person and creates one", async ({ page }) => {
  await signIn(page, "liaison", "/people/new");
  await page.getByLabel("姓名（原文）").fill("");
  await page.getByLabel("出生年份").fill("1700");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page.locator(".field-invalid").first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "person-new-errors");
  await page.getByLabel("姓名（原文）").fill("陈测试");
  await page.getByLabel("英文/拉丁拼写").fill("Ce Shi Chan");
  await page.getByLabel("出生年份").fill("1980");
  await page.getByRole("button", { name: "创建" }).click();
  await expect(page).toHaveURL(/\/people\//);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("陈测试");
});

test("switches to English and keeps the choice", async ({ page }) => {
  await signIn(page, "liaison");
  await page.getByRole("button", { name: "切换到英文" }).click();
  await expect(page.getByRole("link", { name: "Follow-ups due" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "home-en");
  await page.getByRole("button", { name: "Switch to Chinese" }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
});

test("an expired session returns to sign-in, then to the page wanted", async ({ page, context }) => {
  await signIn(page, "liaison");
  await context.clearCookies();
  await page.getByRole("link", { name: "待跟进", exact: true }).click();
  await expect(page).toHaveURL(/\/signin\?next=%2Ffollow-ups/);
  await expect(page.getByRole("status").filter({ hasText: "登录已过期" })).toBeVisible();
  await page.getByLabel("用户名").fill(state.accounts.liaison.username);
  await page.getByLabel("密码").fill(state.accounts.liaison.password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/follow-ups$/);
});
