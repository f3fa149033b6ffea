import { describe, expect, it } from "vitest";
import { parsePeriod, periodParam, toDatePeriod, yearsCovered } from "./period";

describe("the period picker", () => {
  it("defaults to all the data, which the API gets as no period", () => {
    expect(parsePeriod(null)).toEqual({ kind: "all" });
    expect(toDatePeriod(parsePeriod(null))).toBeNull();
    expect(periodParam({ kind: "all" })).toBeNull();
  });

  it("turns a year into its first and last day, and back into the URL", () => {
    const choice = parsePeriod("2023");
    expect(toDatePeriod(choice)).toEqual({ from: "2023-01-01", to: "2023-12-31" });
    expect(periodParam(choice)).toBe("2023");
  });

  it("reads ranges open at either end", () => {
    expect(toDatePeriod(parsePeriod("2023-03-01..2023-06-30"))).toEqual({ from: "2023-03-01", to: "2023-06-30" });
    expect(toDatePeriod(parsePeriod("..2023-06-30"))).toEqual({ from: null, to: "2023-06-30" });
    expect(periodParam(parsePeriod("2024-01-01.."))).toBe("2024-01-01..");
  });

  it("refuses what is not a period, impossible days and backwards ranges", () => {
    expect(() => parsePeriod("last-year")).toThrow(/not a period/);
    expect(() => parsePeriod("2023-02-30..2023-03-01")).toThrow(/not a period/);
    expect(() => parsePeriod("2023-06-30..2023-03-01")).toThrow(/before it starts/);
  });

  it("offers the years the data covers", () => {
    expect(yearsCovered("2023-01-01", "2024-12-31")).toEqual([2023, 2024]);
    expect(yearsCovered("2023-01-01", "2023-12-31")).toEqual([2023]);
  });
});
