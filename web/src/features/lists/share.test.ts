import { describe, expect, it } from "vitest";
import { mayBeLetEdit, shareCandidates } from "./share";

const staff = [
  { id: "u1", role: "ADMIN" },
  { id: "u2", role: "LIAISON" },
  { id: "u3", role: "ANALYST" },
  { id: "u4", role: "LIAISON" },
];

describe("shareCandidates", () => {
  it("leaves out the owner and those the list is shared with already", () => {
    expect(shareCandidates(staff, "u2", ["u3"]).map((u) => u.id)).toEqual(["u1", "u4"]);
  });
  it("keeps everyone when there is no owner nor share", () => {
    expect(shareCandidates(staff, undefined, [])).toEqual(staff);
  });
});

describe("mayBeLetEdit", () => {
  it("refuses analysts and apps, lets other staff edit", () => {
    expect(mayBeLetEdit("ANALYST")).toBe(false);
    expect(mayBeLetEdit("APP")).toBe(false);
    expect(mayBeLetEdit("LIAISON")).toBe(true);
    expect(mayBeLetEdit("ADMIN")).toBe(true);
    expect(mayBeLetEdit(undefined)).toBe(true);
  });
});
