// The network explorer: an analyst opens a demo person's network, expands a neighbour,
// finds an introduction path, avoids a broker; and the renderer's speed at 5,000 nodes.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import type { Page } from "@playwright/test";
import { expectAccessible, screenshot, settled, signIn, state } from "./helpers";
import { browserCpuMs, frameFigures, picture, recordFrames, recordedFrames, traceMainThread } from "./frames";

/** Community 1's colour (the palette's orange): a node's inside in a screenshot. */
const ORANGE: [number, number, number] = [0xe6, 0x9f, 0x00];

interface EgoNode { distance: number; node: { id: string; type: string; label: string } }
interface Hop { from: { id: string; label: string }; to: { id: string; label: string }; evidence: string }

/** Ask the API with the page's own session (same origin, same cookie). */
async function api<T>(page: Page, query: string, variables: object): Promise<T> {
  const body = await page.evaluate(
    async ([q, v]) => {
      const response = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: q, variables: v }),
      });
      return response.json();
    },
    [query, variables] as const,
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

const EGO = `query ($id: ID!) { egoNetwork(id: $id, radius: 1, maxNodes: 300) { nodes { distance node { id type label } } } }`;
const PATH = `query ($from: ID!, $to: ID!, $avoid: [ID!]) {
  introductionPaths(from: $from, to: $to, first: 1, maxHops: 4, avoid: $avoid) {
    hops { from { id label } to { id label } evidence } } }`;

async function egoOf(page: Page, id: string): Promise<EgoNode[]> {
  return (await api<{ egoNetwork: { nodes: EgoNode[] } }>(page, EGO, { id })).egoNetwork.nodes;
}

async function pathOf(page: Page, from: string, to: string, avoid: string[] | null): Promise<Hop[] | null> {
  const paths = (await api<{ introductionPaths: { hops: Hop[] }[] }>(page, PATH, { from, to, avoid })).introductionPaths;
  return paths.length ? paths[0].hops : null;
}

/** The path as the page draws it equals the API's: hops, evidence, highlighted nodes and ties. */
async function expectPathShown(page: Page, hops: Hop[]): Promise<void> {
  const list = page.getByRole("list", { name: "路径各步" });
  await expect(list.getByRole("listitem")).toHaveCount(hops.length);
  await expect(list.locator(".hop-evidence")).toHaveText(hops.map((h) => h.evidence));
  const nodes = [hops[0].from.id, ...hops.map((h) => h.to.id)].sort().join(" ");
  const ties = hops.map((h) => [h.from.id, h.to.id].sort().join("|")).sort().join(" ");
  const figure = page.locator("figure.explorer-figure");
  await expect(figure).toHaveAttribute("data-highlighted-nodes", nodes);
  await expect(figure).toHaveAttribute("data-highlighted-ties", ties);
}

async function choose(page: Page, label: string): Promise<void> {
  const list = page.locator("details.explorer-nodes");
  if (!(await list.evaluate((d) => (d as HTMLDetailsElement).open))) await list.locator("summary").click();
  await list.getByRole("button", { name: label, exact: true }).first().click();
  await expect(page.locator("#explorer-card-title")).toContainText(label);
}

test("an analyst explores a demo person's network, expands a neighbour and finds an introduction path", async ({ page }) => {
  const centre = state.person.id;
  await signIn(page, "analyst", `/explorer?id=${encodeURIComponent(centre)}`);
  await expect(page.getByRole("heading", { level: 1, name: "网络探索" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /布局完成/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("#explorer-card-title")).toContainText(state.person.name);
  // analysts see no contact channels, here either
  await expect(page.getByText(/@example\.org/)).toHaveCount(0);

  // A neighbour whose own neighbours are not all shown yet, and a person among those.
  const first = await egoOf(page, centre);
  const shown = new Set(first.map((n) => n.node.id));
  let neighbour: EgoNode | null = null;
  let beyond: EgoNode[] = [];
  for (const n of first.filter((n) => n.distance === 1 && n.node.type === "PERSON")) {
    beyond = (await egoOf(page, n.node.id)).filter((m) => !shown.has(m.node.id));
    if (beyond.some((m) => m.node.type === "PERSON")) {
      neighbour = n;
      break;
    }
  }
  expect(neighbour, "a demo person with a neighbour who knows people beyond").not.toBeNull();
  await settled(page);
  await expectAccessible(page);

  await choose(page, neighbour!.node.label);
  await page.getByRole("button", { name: "展开邻居" }).click();
  await expect(page.getByRole("status").filter({ hasText: /新增/ })).toHaveText(
    beyond.length === 1 ? "新增 1 个节点" : `新增 ${beyond.length} 个节点`,
  );
  await expect(page.getByText(`显示 ${shown.size + beyond.length} / ${shown.size + beyond.length} 个节点`)).toBeVisible();

  // The path from the centre to someone two hops away, as the API finds it.
  const target = beyond.find((m) => m.node.type === "PERSON")!;
  await choose(page, state.person.name);
  await page.getByRole("button", { name: "设为引荐发起人" }).click();
  await choose(page, target.node.label);
  await page.getByRole("button", { name: "设为引荐对象" }).click();
  await page.getByRole("button", { name: "查找引荐路径" }).click();
  const hops = await pathOf(page, centre, target.node.id, null);
  expect(hops, "a path within 4 hops").not.toBeNull();
  await expectPathShown(page, hops!);
  await settled(page);
  await expectAccessible(page);
  await screenshot(page, "explorer-path");

  // Avoid the first broker: the next path is the API's answer with them avoided.
  const broker = hops![0].to;
  if (hops!.length > 1) {
    await page.getByRole("button", { name: `避开${broker.label}，找下一条路径` }).click();
    const next = await pathOf(page, centre, target.node.id, [broker.id]);
    if (next) {
      await expectPathShown(page, next);
      expect(next.map((h) => h.to.id)).not.toContain(broker.id);
    } else {
      await expect(page.getByText("在 4 步以内没有找到路径。")).toBeVisible();
    }
  }

  // The weak points of what is shown, highlighted on demand.
  await page.getByRole("radio", { name: "单点故障" }).check();
  await expect(page.getByRole("heading", { name: "单点故障人员（缺了即分裂）" })).toBeVisible();
  await expectAccessible(page);
});

/** Drag the drawing about (at most `ms`: a loaded machine slows every input event). */
async function drag(page: Page, cx: number, cy: number, moves: number, ms: number): Promise<void> {
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0, end = Date.now() + ms; i < moves && Date.now() < end; i++) {
    await page.mouse.move(cx + 200 * Math.sin(i / 6), cy + 120 * Math.cos(i / 6));
  }
}

test("the renderer stays smooth at 5,000 nodes and 20,000 ties (generated, not real data)", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signIn(page, "analyst", "/explorer?generated=5000x20000");
  await expect(page.getByRole("note")).toContainText("不是真实数据");
  const status = page.getByRole("status").filter({ hasText: /布局完成/ });
  await expect(status).toBeVisible({ timeout: 90_000 });
  const [, iterations, layoutMs] = /(\d+) 次迭代，用时 (\d+) 毫秒/.exec((await status.textContent()) ?? "")!.map(Number);
  await expect(page.getByText("显示 5000 / 5000 个节点，20000 条联系")).toBeVisible();
  const canvas = page.locator(".explorer-canvas");
  const box = (await canvas.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.waitForTimeout(500); // the render that applied the layout is drawn

  // Ties are left out while the drawing is held mid-drag, and drawn again once it is let go.
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(cx + 4 * i, cy + 2 * i);
  await page.waitForTimeout(400); // held still: no inertia when let go, so the camera stays
  const held = await picture(page, canvas, ORANGE);
  await page.mouse.up();
  // 20,000 ties ink about a fifth of what the nodes left blank (the labels coming back, 2 %)
  let shown = held;
  const inked = async () => {
    shown = await picture(page, canvas, ORANGE);
    return (shown.ink - held.ink) / (held.pixels - held.ink);
  };
  await expect.poll(inked, { message: "ties drawn once the drag ends", timeout: 15_000 }).toBeGreaterThan(0.08);

  // Clicking a node still picks it: the quick renders while moving skip the picking pass.
  expect(shown.patch, "an orange node in the drawing").not.toBeNull();
  await page.mouse.click(shown.patch!.x, shown.patch!.y);
  await expect(page.locator("#explorer-card-title")).toHaveText(/^#\d+$/);

  // Frame intervals while dragging the drawing (40 moves, at most 6 s) and zooming with the
  // wheel (12 steps, at most 3 s); the CPU those frames cost, whatever the machine's load.
  const cpuBefore = browserCpuMs();
  let frames: number[] = [];
  const main = await traceMainThread(browser, page, async () => {
    await recordFrames(page);
    await drag(page, cx, cy, 40, 6000);
    await page.mouse.up();
    for (let i = 0, end = Date.now() + 3000; i < 12 && Date.now() < end; i++) {
      await page.mouse.wheel(0, i < 6 ? -120 : 120);
      await page.waitForTimeout(50);
    }
    frames = await recordedFrames(page);
  });
  const cpuAfter = browserCpuMs();
  const perDrawn = (ms: number) => Number((ms / Math.max(1, main.drawnFrames)).toFixed(1));
  const figures = {
    nodes: 5000,
    edges: 20000,
    layoutIterations: iterations,
    layoutMs,
    ...frameFigures(frames),
    drawnFrames: main.drawnFrames,
    mainThreadCpuMsPerDrawnFrame: perDrawn(main.cpuMs),
    browserCpuMsPerDrawnFrame: cpuBefore === null || cpuAfter === null ? null : perDrawn(cpuAfter - cpuBefore),
    loadAverage: Number(loadavg()[0].toFixed(1)),
  };
  const out = resolve(dirname(fileURLToPath(import.meta.url)), "..", "artifacts", "explorer-bench.json");
  writeFileSync(out, JSON.stringify(figures, null, 2));
  console.log(`explorer at scale: ${JSON.stringify(figures)}`);
  await screenshot(page, "explorer-generated");
  expect(figures.frames).toBeGreaterThan(10);
  expect(main.drawnFrames).toBeGreaterThan(10);
  // On a quiet machine the median frame was 117 ms when sigma drew instanced (docs/benchmarks.md);
  // on a loaded one most intervals are the idle frames between slowed input events.
  expect(figures.frameMsMedian).toBeLessThan(100);
  // Load-independent: the whole browser's CPU for a drawn frame (software WebGL included) was
  // ~300 ms with instanced drawing and nodes at full size, ~40 ms after.
  if (figures.browserCpuMsPerDrawnFrame !== null) expect(figures.browserCpuMsPerDrawnFrame).toBeLessThan(120);
});
