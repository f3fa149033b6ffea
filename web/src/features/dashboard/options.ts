// ECharts options, one builder per chart type, from the API's figures unchanged (pure
// functions: the page draws them, the unit tests read them). Each chart also gets a
// sentence for screen readers (`summarize`) and a table (the page's data toggle).
import type { ComposeOption } from "echarts/core";
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";

export type ChartOption = ComposeOption<
  BarSeriesOption | FunnelSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** One bar, funnel step or point: what it is called and its number. */
export interface Datum {
  label: string;
  value: number;
}

// Tooltips are drawn on the canvas ("richText"): ECharts' HTML tooltips carry inline
// style attributes, which the Content-Security-Policy refuses.

export const PALETTE = ["#b3261e", "#1a4f9c", "#2e7d4f", "#a86b00", "#6b4fa0", "#3a7f8c"];

/** Horizontal bars, the largest on top (the order the API sends: most first). */
export function barOption(data: readonly Datum[], seriesName: string): ChartOption {
  const top = [...data].reverse();
  return {
    color: PALETTE,
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { renderMode: "richText", trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: top.map((d) => d.label), axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ type: "bar", name: seriesName, data: top.map((d) => d.value), label: { show: true, position: "right" } }],
  };
}

/** Several counts per month, one line each. */
export function monthsOption(months: readonly string[], series: readonly { name: string; values: readonly number[] }[]): ChartOption {
  return {
    color: PALETTE,
    animation: false,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { renderMode: "richText", trigger: "axis" },
    legend: { top: 0 },
    xAxis: { type: "category", data: [...months] },
    yAxis: { type: "value", minInterval: 1 },
    series: series.map((s) => ({ type: "line", name: s.name, data: [...s.values], showSymbol: months.length <= 24 })),
  };
}

/**
 * A funnel of the stages in order, by how many got that far; `text` (the value as the
 * reader writes numbers) and `detail` (e.g. the amounts) go in each step's label. Values
 * are not sorted: the stages' order is the story.
 */
export function funnelOption(steps: readonly (Datum & { text?: string; detail?: string })[], seriesName: string): ChartOption {
  const max = Math.max(1, ...steps.map((s) => s.value));
  return {
    color: PALETTE,
    animation: false,
    tooltip: { renderMode: "richText", trigger: "item" },
    series: [
      {
        type: "funnel",
        name: seriesName,
        sort: "none",
        min: 0,
        max,
        minSize: "8%",
        left: "5%",
        width: "60%",
        top: 8,
        bottom: 8,
        gap: 2,
        label: { show: true, position: "right", formatter: "{b}" },
        data: steps.map((s) => {
          const value = s.text ?? String(s.value);
          return { name: s.detail ? `${s.label}: ${value} · ${s.detail}` : `${s.label}: ${value}`, value: s.value };
        }),
      },
    ],
  };
}

/** Two bars per item side by side (a fund's target and what is in place). */
export function pairedBarOption(labels: readonly string[], series: readonly { name: string; values: readonly number[] }[], unit: string): ChartOption {
  return {
    color: PALETTE,
    animation: false,
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { renderMode: "richText", trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    xAxis: { type: "category", data: [...labels], axisLabel: { width: 160, overflow: "truncate" } },
    yAxis: { type: "value", name: unit },
    series: series.map((s) => ({ type: "bar", name: s.name, data: [...s.values], label: { show: true, position: "top" } })),
  };
}

/** "Title: a 3,054; b 403; …" for a chart's aria-label (at most `limit` items named). */
export function summarize(title: string, data: readonly { label: string; text: string }[], separator: string, limit = 12): string {
  const named = data.slice(0, limit).map((d) => `${d.label} ${d.text}`);
  const rest = data.length > limit ? [`… (+${data.length - limit})`] : [];
  return `${title}${separator}${[...named, ...rest].join("; ")}`;
}
