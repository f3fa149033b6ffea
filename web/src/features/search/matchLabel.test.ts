import { describe, expect, it } from "vitest";
import { describeMatch, readingSystems } from "./matchLabel";

describe("describeMatch", () => {
  it("names the spelling system of a dialect reading key", () => {
    const how = describeMatch({ match: "EXACT", keyKind: "FULL", matched: "陈 kin-kwok (Cantonese)" });
    expect(how).toEqual({ key: "full", systems: ["Cantonese"], detail: "陈 kin-kwok" });
  });

  it("keeps every system a reading belongs to, in order", () => {
    expect(readingSystems("陈 lak-sai (Hokkien, Teochew)").systems).toEqual(["Hokkien", "Teochew"]);
  });

  it("reads every reading of a joined key", () => {
    expect(readingSystems("曾 ui (Teochew, Hokkien); 曾 wei (Wade–Giles)")).toEqual({
      body: "曾 ui; 曾 wei",
      systems: ["Teochew", "Hokkien", "Wade–Giles"],
    });
  });

  it("does not mistake a parenthesised word for a spelling system", () => {
    expect(readingSystems("chen (london)")).toEqual({ body: "chen (london)", systems: [] });
  });

  it("says full-name spelling for a full-name key and surname for a surname key", () => {
    expect(describeMatch({ match: "EXACT", keyKind: "FULL", matched: "chen weiming" }).key).toBe("full");
    expect(describeMatch({ match: "PREFIX", keyKind: "SURNAME", matched: "chan" }).key).toBe("surname");
  });

  it("says sounds-like whatever the key kind", () => {
    expect(describeMatch({ match: "SOUNDS_LIKE", keyKind: null, matched: "陈伟明" }).key).toBe("soundsLike");
  });

  it("falls back to a plain name for an unknown key kind", () => {
    expect(describeMatch({ match: "EXACT", keyKind: "SOMETHING_NEW", matched: "x" }).key).toBe("other");
  });
});
