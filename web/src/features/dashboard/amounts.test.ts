import { describe, expect, it } from "vitest";
import { amountIn, formatAmount, formatAmounts, formatCount, formatShare } from "./amounts";

describe("formatAmount", () => {
  it("says the conference's agreements as 70.19亿元 and 7.019 bn yuan", () => {
    const a = { amount: "7019360000.00", currency: "CNY" };
    expect(formatAmount(a, "zh-CN")).toBe("70.19亿元");
    expect(formatAmount(a, "en")).toBe("7.019 bn yuan");
  });

  it("drops trailing zeros of round amounts (the fund's target and what is in place)", () => {
    expect(formatAmount({ amount: "10000000000.00", currency: "CNY" }, "zh-CN")).toBe("100亿元");
    expect(formatAmount({ amount: "3000000000.00", currency: "CNY" }, "en")).toBe("3 bn yuan");
    expect(formatAmount({ amount: "10000000000", currency: "CNY" }, "en")).toBe("10 bn yuan");
  });

  it("uses 万 and millions below 亿 and billions, and writes small amounts in full", () => {
    expect(formatAmount({ amount: "25000000", currency: "CNY" }, "zh-CN")).toBe("2,500万元");
    expect(formatAmount({ amount: "25000000", currency: "CNY" }, "en")).toBe("25 m yuan");
    expect(formatAmount({ amount: "8500.5", currency: "CNY" }, "zh-CN")).toBe("8,500.5元");
    expect(formatAmount({ amount: "8500", currency: "USD" }, "en")).toBe("8,500 USD");
  });

  it("names other currencies by their code, or in Chinese where it has a name", () => {
    expect(formatAmount({ amount: "120000000", currency: "USD" }, "zh-CN")).toBe("1.2亿美元");
    expect(formatAmount({ amount: "120000000", currency: "MYR" }, "zh-CN")).toBe("1.2亿 MYR");
    expect(formatAmount({ amount: "1200000000", currency: "USD" }, "en")).toBe("1.2 bn USD");
  });

  it("refuses a value that is not a number", () => {
    expect(() => formatAmount({ amount: "lots", currency: "CNY" }, "en")).toThrow(/not an amount/);
  });
});

describe("formatAmounts", () => {
  it("lists currencies side by side without adding them, and a dash for none", () => {
    const both = [
      { amount: "200000000", currency: "CNY" },
      { amount: "3000000", currency: "USD" },
    ];
    expect(formatAmounts(both, "en")).toBe("200 m yuan + 3 m USD");
    expect(formatAmounts([], "zh-CN")).toBe("—");
  });
});

describe("formatCount and formatShare", () => {
  it("group digits in both languages", () => {
    expect(formatCount(1023, "zh-CN")).toBe("1,023");
    expect(formatCount(3600, "en")).toBe("3,600");
  });

  it("give shares as percentages and a dash for none", () => {
    expect(formatShare(0.5805, "en")).toBe("58.1%");
    expect(formatShare(0.3, "zh-CN")).toBe("30%");
    expect(formatShare(null, "en")).toBe("—");
  });
});

describe("amountIn", () => {
  it("picks one currency's amount for a chart, 0 when absent", () => {
    const list = [{ amount: "5.5", currency: "CNY" }];
    expect(amountIn(list, "CNY")).toBe(5.5);
    expect(amountIn(list, "USD")).toBe(0);
  });
});
