import { describe, expect, it } from "vitest";
import { safeNext } from "./session";

describe("safeNext", () => {
  it("returns to a page of this site", () => {
    expect(safeNext("/people/UGVyc29uOjE=?tab=x")).toBe("/people/UGVyc29uOjE=?tab=x");
  });

  it("never leaves the site or loops to sign-in", () => {
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/signin?next=/x")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
