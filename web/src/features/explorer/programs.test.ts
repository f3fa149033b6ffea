// sigma's modules read WebGL's constants when they load: give them the numbers, no WebGL needed.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { NodeDisplayData, EdgeDisplayData } from "sigma/types";

const GL = { FLOAT: 0x1406, UNSIGNED_BYTE: 0x1401, TRIANGLES: 4, POINTS: 0, LINES: 1, BOOL: 0x8b56, BYTE: 0x1400, SHORT: 0x1402, UNSIGNED_SHORT: 0x1403, INT: 0x1404, UNSIGNED_INT: 0x1405 };

type Sigma = typeof import("sigma/rendering");
type Ours = typeof import("./programs");
let sigma: Sigma;
let ours: Ours;

beforeAll(async () => {
  vi.stubGlobal("WebGLRenderingContext", GL);
  vi.stubGlobal("WebGL2RenderingContext", GL);
  sigma = await import("sigma/rendering");
  ours = await import("./programs");
});

const node = (x: number, y: number, size: number, color: string) => ({ x, y, size, color, hidden: false }) as unknown as NodeDisplayData;

/** What a program's `processVisibleItem` writes, called on a bare object holding its array. */
function written(process: (...args: never[]) => void, floats: number, ...args: unknown[]): Uint32Array {
  const array = new Float32Array(floats);
  (process as (...a: unknown[]) => void).call({ array }, ...args);
  return new Uint32Array(array.buffer);
}

describe("sigma's programs written out", () => {
  it("draws each node as sigma's circle does: three vertices of the same item, each with its angle", () => {
    const definition = sigma.NodeCircleProgram.prototype.getDefinition();
    const itemFloats = sigma.getAttributesItemsCount(definition.ATTRIBUTES);
    const data = node(1.5, -2, 7, "#0072B2");
    const item = written(sigma.NodeCircleProgram.prototype.processVisibleItem, itemFloats, 42, 0, data);
    const out = written(ours.WrittenOutCircleProgram.prototype.processVisibleItem, 2 + 3 * (itemFloats + 1), 42, 2, data);
    const angles = definition.CONSTANT_DATA.map(([a]) => new Uint32Array(Float32Array.of(a).buffer)[0]);
    const expected = [0, 0, ...angles.flatMap((a) => [...item, a])];
    expect([...out]).toEqual(expected);
    expect(ours.WrittenOutCircleProgram.prototype.getDefinition().ATTRIBUTES.map((a) => a.name)).toEqual([
      ...definition.ATTRIBUTES.map((a) => a.name),
      "a_angle",
    ]);
  });

  it("draws each tie as sigma's rectangle does: six vertices of the same item, each with its corner", () => {
    const definition = sigma.EdgeRectangleProgram.prototype.getDefinition();
    const itemFloats = sigma.getAttributesItemsCount(definition.ATTRIBUTES);
    const source = node(0, 0, 4, "#000000");
    const target = node(3, 4, 4, "#000000");
    const tie = { size: 2, color: "#8C8C8C", hidden: false } as unknown as EdgeDisplayData;
    const item = written(sigma.EdgeRectangleProgram.prototype.processVisibleItem, itemFloats, 7, 0, source, target, tie);
    const corner = 2;
    const out = written(ours.WrittenOutTieProgram.prototype.processVisibleItem, 6 * (itemFloats + corner), 7, 0, source, target, tie);
    const expected = definition.CONSTANT_DATA.flatMap((c) => [...item, ...new Uint32Array(Float32Array.from(c).buffer)]);
    expect([...out]).toEqual(expected);
    expect(item.some((bits) => bits !== 0)).toBe(true);
  });
});

describe("the quick renders while moving", () => {
  const renderer = (hide: boolean, animated: boolean, mouse: Partial<{ isMoving: boolean; draggedEvents: number; currentWheelDirection: number }>) =>
    ({
      getSetting: (key: string) => (key === "hideEdgesOnMove" ? hide : undefined),
      getCamera: () => ({ isAnimated: () => animated }),
      getMouseCaptor: () => ({ isMoving: false, draggedEvents: 0, currentWheelDirection: 0, ...mouse }),
    }) as unknown as Parameters<Ours["quickRender"]>[0];

  it("are the renders sigma draws without ties: dragging, zooming, an animated camera", () => {
    expect(ours.quickRender(renderer(true, false, {}))).toBe(false);
    expect(ours.quickRender(renderer(true, true, {}))).toBe(true);
    expect(ours.quickRender(renderer(true, false, { isMoving: true }))).toBe(true);
    expect(ours.quickRender(renderer(true, false, { draggedEvents: 3 }))).toBe(true);
    expect(ours.quickRender(renderer(true, false, { currentWheelDirection: -1 }))).toBe(true);
  });

  it("never happen when ties stay drawn while moving (small networks)", () => {
    expect(ours.quickRender(renderer(false, true, { isMoving: true, draggedEvents: 3 }))).toBe(false);
  });
});
