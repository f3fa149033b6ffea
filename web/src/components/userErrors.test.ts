import { describe, expect, it } from "vitest";
import { fieldName, sortErrors } from "./userErrors";

describe("sortErrors", () => {
  it("puts each error at its field, the rest above the form", () => {
    const sorted = sortErrors([
      { field: ["input", "birthYear"], message: "too early", code: "VALIDATION" },
      { field: ["email"], message: "not an email", code: "VALIDATION" },
      { field: null, message: "forbidden", code: "FORBIDDEN" },
    ]);
    expect(sorted.byField).toEqual({ birthYear: ["too early"], email: ["not an email"] });
    expect(sorted.general).toEqual(["forbidden"]);
    expect(sorted.conflict).toBeNull();
  });

  it("recognises a version conflict with the version the record is at", () => {
    const sorted = sortErrors([{ field: ["expectedVersion"], message: "changed", code: "CONFLICT", currentVersion: 4 }]);
    expect(sorted.conflict?.currentVersion).toBe(4);
    expect(sorted.byField).toEqual({});
  });

  it("reads nested field paths", () => {
    expect(fieldName(["input", "survivor", "id"])).toBe("survivor.id");
    expect(fieldName(["input"])).toBeNull();
    expect(fieldName(undefined)).toBeNull();
  });
});
