import { describe, expect, it } from "vitest";
import {
  CROWDED, MAX_SIZE, MIN_SIZE, NO_COMMUNITY, crowdScale, NO_FILTER, PALETTE, communityColour, connectorsOf, edgeStyle,
  failurePoints, filterChoices, mergeInto, newGraph, nodeSize, passes, pathParts, visibleNodes,
} from "./graph";
import type { NodeInput } from "./graph";
import { generateNetwork, parseSize } from "./generated";

const person = (id: string, extra: Partial<NodeInput> = {}): NodeInput => ({ id, type: "PERSON", label: id, ...extra });
const tie = (source: string, target: string, strength = 0.5) => ({ source, target, kind: "relationship", strength });

describe("scales", () => {
  it("colours communities by a stable hue and the unanalysed grey", () => {
    expect(communityColour(0)).toBe(PALETTE[0]);
    expect(communityColour(PALETTE.length + 2)).toBe(PALETTE[2]);
    expect(communityColour(null)).toBe(NO_COMMUNITY);
  });

  it("sizes nodes by PageRank relative to the largest, area-proportional", () => {
    expect(nodeSize(0.2, 0.2)).toBe(MAX_SIZE);
    expect(nodeSize(null, 0.2)).toBe(MIN_SIZE);
    expect(nodeSize(0.05, 0.2)).toBeCloseTo(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * 0.5);
    expect(nodeSize(0.1, 0)).toBe(MIN_SIZE);
  });

  it("draws nodes smaller when thousands are shown, never below half size", () => {
    expect(crowdScale(300)).toBe(1);
    expect(crowdScale(CROWDED)).toBe(1);
    expect(crowdScale(CROWDED * 2)).toBeCloseTo(Math.SQRT1_2);
    expect(crowdScale(CROWDED * 4)).toBeCloseTo(0.5);
    expect(crowdScale(100_000)).toBe(0.5);
    expect(nodeSize(0.2, 0.2, 0.5)).toBe(MAX_SIZE / 2);
    expect(nodeSize(null, 0.2, 0.5)).toBe(MIN_SIZE / 2);
  });

  it("sizes a generated network of 5,000 at half the sizes of a small one", () => {
    const big = newGraph();
    const made = generateNetwork(5000, 6000);
    mergeInto(big, made.nodes, made.edges);
    let largest = 0;
    big.forEachNode((_, a) => {
      largest = Math.max(largest, a.size);
    });
    expect(largest).toBe(MAX_SIZE / 2);
  });

  it("draws strong ties wider and darker than weak ones", () => {
    const weak = edgeStyle(0.1);
    const strong = edgeStyle(0.9);
    expect(strong.size).toBeGreaterThan(weak.size);
    expect(parseInt(strong.color.slice(1, 3), 16)).toBeLessThan(parseInt(weak.color.slice(1, 3), 16));
    expect(edgeStyle(7)).toEqual(edgeStyle(1));
  });
});

describe("mergeInto", () => {
  it("adds only what is new, keeps metrics a path hop lacks, and rescales sizes", () => {
    const g = newGraph();
    const added = mergeInto(g, [person("a", { pagerank: 0.4, community: 1 }), person("b", { pagerank: 0.1 })], [tie("a", "b")]);
    expect(added).toEqual(["a", "b"]);
    expect(g.getNodeAttribute("a", "size")).toBe(MAX_SIZE);
    const again = mergeInto(g, [person("a"), person("c", { pagerank: 0.8 })], [tie("a", "c", 0.9), tie("a", "b", 0.2), tie("a", "zz")], "a");
    expect(again).toEqual(["c"]);
    expect(g.order).toBe(3);
    expect(g.size).toBe(2);
    expect(g.getNodeAttribute("a", "community")).toBe(1);
    expect(g.getNodeAttribute("a", "pagerank")).toBe(0.4);
    expect(g.getNodeAttribute("c", "size")).toBe(MAX_SIZE);
    expect(g.getNodeAttribute("a", "size")).toBeLessThan(MAX_SIZE);
    expect(g.getEdgeAttribute("a", "b", "strength")).toBe(0.2);
  });

  it("places a node at the same spot each time", () => {
    const one = newGraph();
    const two = newGraph();
    mergeInto(one, [person("x")], []);
    mergeInto(two, [person("x")], []);
    expect(one.getNodeAttributes("x")).toEqual(two.getNodeAttributes("x"));
  });
});

describe("filters", () => {
  const g = newGraph();
  mergeInto(
    g,
    [
      person("p1", { country: "GB", fields: ["physics"], community: 0 }),
      person("p2", { country: "US", fields: ["finance"], community: 1 }),
      { id: "o1", type: "ORGANIZATION", label: "o1", orgKind: "UNIVERSITY", country: "GB", community: 0 },
      { id: "o2", type: "ORGANIZATION", label: "o2", orgKind: "COMPANY", community: 1 },
    ],
    [],
  );

  it("applies each condition where it means something", () => {
    expect(visibleNodes(g, NO_FILTER)).toEqual(new Set(["p1", "p2", "o1", "o2"]));
    expect(visibleNodes(g, { ...NO_FILTER, country: "GB" })).toEqual(new Set(["p1", "o1", "o2"]));
    expect(visibleNodes(g, { ...NO_FILTER, field: "finance" })).toEqual(new Set(["p2", "o1", "o2"]));
    expect(visibleNodes(g, { ...NO_FILTER, orgKind: "UNIVERSITY" })).toEqual(new Set(["p1", "p2", "o1"]));
    expect(visibleNodes(g, { ...NO_FILTER, community: 1 })).toEqual(new Set(["p2", "o2"]));
    expect(passes({ kind: "PERSON", country: null, fields: [], orgKind: null, community: null }, { ...NO_FILTER, country: "GB" })).toBe(false);
  });

  it("offers the values of the nodes shown", () => {
    expect(filterChoices(g)).toEqual({
      countries: ["GB", "US"],
      fields: ["finance", "physics"],
      orgKinds: ["COMPANY", "UNIVERSITY"],
      communities: [0, 1],
    });
  });
});

describe("failurePoints", () => {
  it("finds the bridge person of a barbell and the ties to a pendant chain", () => {
    const g = newGraph();
    const ids = ["a0", "a1", "a2", "b0", "b1", "b2", "x", "y", "z"];
    mergeInto(g, ids.map((id) => person(id)), [
      tie("a0", "a1"), tie("a1", "a2"), tie("a0", "a2"),
      tie("b0", "b1"), tie("b1", "b2"), tie("b0", "b2"),
      tie("x", "a0"), tie("x", "b0"), tie("x", "y"), tie("y", "z"),
    ]);
    const all = new Set(ids);
    expect(failurePoints(g, all)).toEqual({
      cutPoints: ["a0", "b0", "x", "y"],
      bridges: [["a0", "x"], ["b0", "x"], ["x", "y"], ["y", "z"]],
    });
    // with x filtered out the two triangles have no cut point
    all.delete("x");
    expect(failurePoints(g, all).cutPoints).toEqual([]);
  });

  it("has none in a cycle and copes with a long chain", () => {
    const g = newGraph();
    mergeInto(g, ["a", "b", "c", "d"].map((id) => person(id)), [tie("a", "b"), tie("b", "c"), tie("c", "d"), tie("d", "a")]);
    expect(failurePoints(g, new Set(g.nodes()))).toEqual({ cutPoints: [], bridges: [] });
    const chain = newGraph();
    const n = 5000;
    mergeInto(chain, Array.from({ length: n }, (_, i) => person(`n${i}`)), Array.from({ length: n - 1 }, (_, i) => tie(`n${i}`, `n${i + 1}`)));
    const found = failurePoints(chain, new Set(chain.nodes()));
    expect(found.cutPoints).toHaveLength(n - 2);
    expect(found.bridges).toHaveLength(n - 1);
  });
});

describe("connectorsOf and pathParts", () => {
  it("ranks the people shown by stored betweenness, leaving out organisations and the unanalysed", () => {
    const g = newGraph();
    mergeInto(g, [
      person("p1", { betweenness: 0.1 }), person("p2", { betweenness: 0.5 }), person("p3"),
      { id: "o", type: "ORGANIZATION", label: "o", betweenness: 0.9 },
    ], []);
    expect(connectorsOf(g, new Set(g.nodes()))).toEqual(["p2", "p1"]);
    expect(connectorsOf(g, new Set(["p1", "p3", "o"]))).toEqual(["p1"]);
  });

  it("lists a path's nodes in order and its ties", () => {
    expect(pathParts([{ from: { id: "a" }, to: { id: "b" } }, { from: { id: "b" }, to: { id: "c" } }])).toEqual({
      nodes: ["a", "b", "c"],
      edges: [["a", "b"], ["b", "c"]],
    });
    expect(pathParts([])).toEqual({ nodes: [], edges: [] });
  });
});

describe("generated network", () => {
  it("has exactly the asked sizes, distinct ties and no loops, the same every time", () => {
    const one = generateNetwork(500, 2000);
    expect(one.nodes).toHaveLength(500);
    expect(one.edges).toHaveLength(2000);
    expect(new Set(one.edges.map((e) => [e.source, e.target].sort().join("-"))).size).toBe(2000);
    expect(one.edges.every((e) => e.source !== e.target)).toBe(true);
    expect(generateNetwork(500, 2000)).toEqual(one);
  });

  it("parses a size and refuses what it cannot draw", () => {
    expect(parseSize("5000x20000")).toEqual({ nodes: 5000, edges: 20000 });
    expect(parseSize("3x4")).toBeNull();
    expect(parseSize("5000")).toBeNull();
    expect(parseSize(null)).toBeNull();
  });
});

describe("layoutRequest", () => {
  it("hands the worker positions and ties by index, with the strengths", async () => {
    const { layoutRequest, layoutIterations } = await import("./layout");
    const g = newGraph();
    mergeInto(g, [person("a"), person("b"), person("c")], [tie("a", "b", 0.25), tie("b", "c", 0.75)]);
    const { request, ids } = layoutRequest(g, 30);
    expect(ids).toEqual(["a", "b", "c"]);
    expect(request.positions[2]).toBeCloseTo(g.getNodeAttribute("b", "x"));
    expect([...request.ties]).toEqual([0, 1, 1, 2]);
    expect([...request.strengths]).toEqual([0.25, 0.75]);
    expect(request.chunk).toBe(10);
    expect(layoutIterations(5000)).toBeLessThan(layoutIterations(50));
  });
});
