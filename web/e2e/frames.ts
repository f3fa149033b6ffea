// Measuring a drawing while it moves: frame intervals (requestAnimationFrame), and the CPU each
// drawn frame cost, which does not depend on how loaded the machine is: the page's main thread
// from a Chromium trace, and the browser's processes (GPU process included: software WebGL
// draws there) from /proc where there is one. Also what a screenshot of the drawing holds.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import type { Browser, Locator, Page } from "@playwright/test";

interface Window {
  __frames: number[];
  __recording: boolean;
}

/** Start recording the time of every animation frame. */
export async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Window;
    w.__frames = [];
    w.__recording = true;
    const tick = (now: number) => {
      w.__frames.push(now);
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Stop recording; the frame times so far. */
export async function recordedFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as Window;
    w.__recording = false;
    return w.__frames;
  });
}

/** CPU milliseconds used so far by the processes below this one (the browser it launched), or null without /proc. */
export function browserCpuMs(root = process.pid): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  const parents = new Map<number, number>();
  const used = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // fields after the command name: state ppid … utime (12th) stime (13th), in clock ticks
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      used.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // the process ended meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, t] of used) if (below(pid)) ticks += t;
  return ticks * 10; // USER_HZ is 100 on Linux
}

export interface MainThreadCpu {
  /** frames the page committed to the compositor: the frames that drew something */
  drawnFrames: number;
  /** CPU time of the page's main thread over the trace */
  cpuMs: number;
}

/** Trace the page (its main thread's tasks and frame commits) while `work` runs. */
export async function traceMainThread(browser: Browser, page: Page, work: () => Promise<void>): Promise<MainThreadCpu> {
  await browser.startTracing(page, { categories: ["toplevel", "benchmark"] });
  try {
    await work();
  } catch (error) {
    await browser.stopTracing();
    throw error;
  }
  const trace = JSON.parse((await browser.stopTracing()).toString("utf8"));
  return mainThreadCpu(trace.traceEvents ?? trace);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread's CPU in top-level tasks and its frame commits, from a Chromium trace. */
export function mainThreadCpu(events: TraceEvent[]): MainThreadCpu {
  const mains = new Set(
    events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`),
  );
  let cpu = 0;
  let drawn = 0;
  for (const e of events) {
    if (e.ph !== "X" || !mains.has(`${e.pid}:${e.tid}`)) continue;
    if (e.name === "ThreadControllerImpl::RunTask") cpu += (e.tdur ?? 0) / 1000;
    else if (e.name === "ProxyMain::BeginMainFrame::commit") drawn += 1;
  }
  return { drawnFrames: drawn, cpuMs: cpu };
}

/** Frame intervals as figures: how many, per second, median, 95th percentile, longest. */
export function frameFigures(frames: number[]): { frames: number; framesPerSecond: number; frameMsMedian: number; frameMsP95: number; frameMsMax: number } {
  const gaps = frames
    .slice(1)
    .map((t, i) => t - frames[i])
    .sort((a, b) => a - b);
  const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))];
  return {
    frames: gaps.length,
    framesPerSecond: Number(((1000 * gaps.length) / (frames[frames.length - 1] - frames[0])).toFixed(1)),
    frameMsMedian: Number(at(0.5).toFixed(1)),
    frameMsP95: Number(at(0.95).toFixed(1)),
    frameMsMax: Number(gaps[gaps.length - 1].toFixed(1)),
  };
}

export interface Picture {
  pixels: number;
  /** pixels that are not (nearly) white */
  ink: number;
  /** the middle of a patch of this colour (7×7 pixels of it), in page coordinates, if there is one */
  patch: { x: number; y: number } | null;
}

/** What a screenshot of `element` holds: how much is drawn, and where a patch of `colour` is. */
export async function picture(page: Page, element: Locator, colour: [number, number, number]): Promise<Picture> {
  const box = (await element.boundingBox())!;
  const png = (await element.screenshot()).toString("base64");
  const found = await page.evaluate(
    async ([data, [r, g, b]]) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d")!;
      context.drawImage(bitmap, 0, 0);
      const { data: px, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const is = (x: number, y: number) => {
        const i = 4 * (y * width + x);
        return px[i] === r && px[i + 1] === g && px[i + 2] === b;
      };
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235) ink += 1;
      for (let y = 3; y < height - 3; y++) {
        for (let x = 3; x < width - 3; x++) {
          if (!is(x, y)) continue;
          let all = true;
          for (let dy = -3; dy <= 3 && all; dy++) for (let dx = -3; dx <= 3 && all; dx++) all = is(x + dx, y + dy);
          if (all) return { ink, patch: { x, y }, width, pixels: width * height };
        }
      }
      return { ink, patch: null, width, pixels: width * height };
    },
    [png, colour] as const,
  );
  // the screenshot may be at the device's pixel ratio
  const scale = box.width / found.width;
  return {
    pixels: found.pixels,
    ink: found.ink,
    patch: found.patch ? { x: box.x + found.patch.x * scale, y: box.y + found.patch.y * scale } : null,
  };
}
