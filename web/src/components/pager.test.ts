import { describe, expect, it } from "vitest";
import { currentAfter, firstPage, nextPage, previousPage } from "./pager";

describe("cursor pager", () => {
  it("starts with no cursor and walks forward by end cursors", () => {
    let s = firstPage;
    expect(currentAfter(s)).toBeNull();
    s = nextPage(s, "c1");
    s = nextPage(s, "c2");
    expect(currentAfter(s)).toBe("c2");
    expect(s.stack.length).toBe(3);
  });

  it("goes back to exactly the page before", () => {
    const s = previousPage(nextPage(nextPage(firstPage, "c1"), "c2"));
    expect(currentAfter(s)).toBe("c1");
  });

  it("stays on the first page when going back from it, and ignores a missing cursor", () => {
    expect(previousPage(firstPage)).toBe(firstPage);
    expect(nextPage(firstPage, null)).toBe(firstPage);
  });
});
