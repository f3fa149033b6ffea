import { describe, expect, it } from "vitest";
import { moveTargets, needsReason } from "./workflow";

describe("introduction workflow on the board", () => {
  it("offers the next status first", () => {
    expect(moveTargets("REQUESTED")[0]).toBe("BROKER_AGREED");
    expect(moveTargets("MADE")[0]).toBe("OUTCOME");
    expect(moveTargets("MADE")).not.toContain("MADE");
  });

  it("asks for a reason to decline, withdraw, go back or reopen, not to go forward", () => {
    expect(needsReason("REQUESTED", "BROKER_AGREED")).toBe(false);
    expect(needsReason("REQUESTED", "DECLINED")).toBe(true);
    expect(needsReason("TARGET_AGREED", "REQUESTED")).toBe(true);
    expect(needsReason("WITHDRAWN", "REQUESTED")).toBe(true);
  });
});
