import { describe, expect, it } from "vitest";
import { changes, draftOf } from "./draft";

const person = {
  name: "陈东",
  nameLatin: "Daniel Chen",
  country: "CA",
  city: "Toronto",
  hometownProvince: "福建",
  hometownCity: null,
  hometownCounty: null,
  dialectGroup: "FUZHOU",
  expertise: ["integrated circuits"],
  honours: ["CAS_ACADEMICIAN"],
  contactCadenceDays: 30,
  notes: null,
  email: "d@example.org",
  phone: null,
  wechat: null,
};

describe("profile changes", () => {
  it("sends nothing when nothing changed", () => {
    const d = draftOf(person);
    expect(changes(d, { ...d })).toEqual({});
  });

  it("sends only the fields changed, trimmed, and null for a cleared one", () => {
    const d = draftOf(person);
    expect(changes(d, { ...d, city: " 伦敦 ", nameLatin: "" })).toEqual({ city: "伦敦", nameLatin: null });
  });

  it("splits expertise on Chinese and Latin commas and reads the cadence as a number", () => {
    const d = draftOf(person);
    expect(changes(d, { ...d, expertise: "芯片，AI, 新材料", contactCadenceDays: "90" })).toEqual({
      expertise: ["芯片", "AI", "新材料"],
      contactCadenceDays: 90,
    });
  });

  it("treats honours as a set and clears the dialect group with null", () => {
    const d = draftOf({ ...person, honours: ["A", "B"] });
    expect(changes(d, { ...d, honours: ["B", "A"] })).toEqual({});
    expect(changes(d, { ...d, dialectGroup: "" })).toEqual({ dialectGroup: null });
  });
});
