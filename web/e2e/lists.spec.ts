// Named shared lists: create, add and remove members, rename, share, export as CSV.
import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, settled, signIn, state } from "./helpers";

test("a liaison officer keeps a list and shares it with an analyst, who reads it", async ({ page, browser }) => {
  const name = `伦敦联络名单 ${Date.now().toString(36)}`;
  await signIn(page, "liaison", "/lists");
  await settled(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "新建名单" }).click();
  const form = page.getByRole("form", { name: "新建名单" });
  await form.getByLabel("名单名称").fill(name);
  await form.getByLabel("说明").fill("英国的闽籍专家");
  await form.getByRole("button", { name: "创建" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  const add = page.getByRole("form", { name: "添加到名单" });
  await add.getByLabel("添加到名单").fill(state.person.name);
  await add.getByRole("list").getByRole("button").first().click();
  await add.getByRole("button", { name: "添加", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "加入名单" })).toBeVisible();
  const members = page.getByRole("region", { name: "成员" });
  await expect(members.getByRole("link", { name: new RegExp(state.person.name) })).toBeVisible();
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "list");

  // The CSV export, with the session cookie, names the member.
  const href = await page.getByRole("link", { name: "导出 CSV" }).getAttribute("href");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain(state.person.name);

  await page.getByRole("button", { name: "重命名" }).click();
  await page.getByRole("form", { name: "重命名" }).getByLabel("名单名称").fill(`${name}（新）`);
  await page.getByRole("form", { name: "重命名" }).getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${name}（新）` })).toBeVisible();
  await expect(page.getByText(/只有管理员/)).toHaveCount(0);

  // The owner (a liaison officer, not an admin) finds the analyst in the staff
  // directory and shares the list with them to read.
  const share = page.getByRole("form", { name: "共享" });
  const picker = share.getByLabel("共享给");
  const analystOption = `王析 (${state.accounts.analyst.username}, 分析员)`;
  // every active colleague but the owner is offered
  await expect(picker.getByRole("option", { name: /赵管理/ })).toHaveCount(1);
  await expect(picker.getByRole("option", { name: new RegExp(state.accounts.liaison.username) })).toHaveCount(0);
  // the name filter narrows the directory
  await share.getByLabel("查找同事").fill("王析");
  await expect(picker.getByRole("option", { name: /赵管理/ })).toHaveCount(0);
  await expect(picker.getByRole("option", { name: analystOption })).toHaveCount(1);
  await picker.selectOption({ label: analystOption });
  await expect(share.getByLabel("允许编辑名单")).toBeDisabled();
  await share.getByRole("button", { name: "共享" }).click();
  const shares = page.getByRole("region", { name: "共享" });
  await expect(shares.getByText("王析")).toBeVisible();
  await expect(shares.getByText("只读")).toBeVisible();
  await settled(page);
  await expectAccessible(page);

  const analystContext = await browser.newContext();
  const analyst = await analystContext.newPage();
  await signIn(analyst, "analyst", "/lists");
  await analyst.getByRole("link", { name: `${name}（新）` }).click();
  await expect(analyst.getByRole("region", { name: "成员" }).getByText(state.person.name)).toBeVisible();
  await expect(analyst.getByRole("button", { name: "重命名" })).toHaveCount(0);
  await analystContext.close();

  await page.getByRole("button", { name: `把 ${state.person.name} 移出名单` }).click();
  await expect(page.getByRole("status").filter({ hasText: "移出名单" })).toBeVisible();
  await expect(members.getByText("名单上还没有成员")).toBeVisible();
});
