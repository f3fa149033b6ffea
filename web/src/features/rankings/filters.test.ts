import { describe, expect, it } from "vitest";
import { filtersFrom, formatAge, networkFilter, pageWindow, paramsFrom } from "./filters";

describe("ranking filters in the address", () => {
  it("read back what they wrote", () => {
    const filters = { country: ["GB", "US"], field: ["物理"], organization: { id: "T3JnOjE=", label: "剑桥华人俱乐部" }, community: [3] };
    expect(filtersFrom(paramsFrom(filters))).toEqual(filters);
  });

  it("upper-case countries, split Chinese commas and drop bad community numbers", () => {
    const f = filtersFrom(new URLSearchParams("country=gb，us&community=2,x,-1,4"));
    expect(f.country).toEqual(["GB", "US"]);
    expect(f.community).toEqual([2, 4]);
  });

  it("give the API no filter when none is set", () => {
    expect(networkFilter(filtersFrom(new URLSearchParams()))).toBeNull();
    expect(networkFilter(filtersFrom(new URLSearchParams("org=abc&field=law")))).toEqual({ field: ["law"], memberOf: ["abc"] });
  });
});

describe("pageWindow", () => {
  it("asks for the rows up to the page and shows its last ones", () => {
    expect(pageWindow(1, 25, 100)).toEqual({ first: 25, from: 0 });
    expect(pageWindow(3, 25, 100)).toEqual({ first: 75, from: 50 });
  });

  it("stays within the server's maximum", () => {
    expect(pageWindow(9, 25, 100)).toEqual({ first: 100, from: 75 });
    expect(pageWindow(0, 25, 100)).toEqual({ first: 25, from: 0 });
  });
});

describe("formatAge", () => {
  it("says how long ago in the reader's language", () => {
    expect(formatAge(30, "en")).toBe("30 seconds ago");
    expect(formatAge(7200, "en")).toBe("2 hours ago");
    expect(formatAge(3 * 86400, "zh-CN")).toBe("3天前");
    expect(formatAge(null, "en")).toBe("—");
  });
});
