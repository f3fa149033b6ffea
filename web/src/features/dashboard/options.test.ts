import { describe, expect, it } from "vitest";
import { barOption, funnelOption, monthsOption, pairedBarOption, summarize } from "./options";

type Series = { type: string; name?: string; data: unknown[]; sort?: string; max?: number };

describe("barOption", () => {
  it("puts the largest value on top and keeps the API's figures", () => {
    const option = barOption(
      [
        { label: "中国", value: 3054 },
        { label: "美国", value: 403 },
      ],
      "人数",
    );
    expect((option.yAxis as { data: string[] }).data).toEqual(["美国", "中国"]);
    const [series] = option.series as Series[];
    expect(series).toMatchObject({ type: "bar", name: "人数", data: [403, 3054] });
  });
});

describe("funnelOption", () => {
  it("keeps the stages in pipeline order and writes the amounts into the labels", () => {
    const option = funnelOption(
      [
        { label: "线索", value: 3730, text: "3,730", detail: "10.15亿元" },
        { label: "已签约", value: 9, detail: "29.4亿元" },
        { label: "已放弃", value: 0 },
      ],
      "项目",
    );
    const [series] = option.series as Series[];
    expect(series.type).toBe("funnel");
    expect(series.sort).toBe("none");
    expect(series.max).toBe(3730);
    expect(series.data).toEqual([
      { name: "线索: 3,730 · 10.15亿元", value: 3730 },
      { name: "已签约: 9 · 29.4亿元", value: 9 },
      { name: "已放弃: 0", value: 0 },
    ]);
  });

  it("draws an all-zero funnel without dividing by zero", () => {
    const [series] = funnelOption([{ label: "a", value: 0 }], "x").series as Series[];
    expect(series.max).toBe(1);
  });
});

describe("every builder", () => {
  it("draws its tooltip on the canvas, not as HTML with inline styles (the CSP refuses those)", () => {
    const options = [
      barOption([{ label: "a", value: 1 }], "x"),
      monthsOption(["2023-01"], [{ name: "x", values: [1] }]),
      funnelOption([{ label: "a", value: 1 }], "x"),
      pairedBarOption(["a"], [{ name: "x", values: [1] }], "u"),
    ];
    expect(options.map((o) => (o.tooltip as { renderMode: string }).renderMode)).toEqual(["richText", "richText", "richText", "richText"]);
  });
});

describe("monthsOption and pairedBarOption", () => {
  it("draw one line per series over the months", () => {
    const option = monthsOption(["2023-01", "2023-02"], [
      { name: "新增人员", values: [238, 215] },
      { name: "互动", values: [16, 40] },
    ]);
    expect((option.xAxis as { data: string[] }).data).toEqual(["2023-01", "2023-02"]);
    expect((option.series as Series[]).map((s) => [s.type, s.name, s.data])).toEqual([
      ["line", "新增人员", [238, 215]],
      ["line", "互动", [16, 40]],
    ]);
  });

  it("draw paired bars per item", () => {
    const option = pairedBarOption(["基金"], [
      { name: "目标", values: [100] },
      { name: "到位", values: [30] },
    ], "亿元");
    expect((option.series as Series[]).map((s) => s.data)).toEqual([[100], [30]]);
    expect((option.yAxis as { name: string }).name).toBe("亿元");
  });
});

describe("summarize", () => {
  it("names the figures for screen readers and says how many are left out", () => {
    const data = [
      { label: "中国", text: "3,054" },
      { label: "美国", text: "403" },
      { label: "新加坡", text: "321" },
    ];
    expect(summarize("人员按国家", data, "：")).toBe("人员按国家：中国 3,054; 美国 403; 新加坡 321");
    expect(summarize("People", data, ": ", 2)).toBe("People: 中国 3,054; 美国 403; … (+1)");
  });
});
