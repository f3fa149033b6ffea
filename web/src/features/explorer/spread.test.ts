import { describe, expect, it } from "vitest";
import { Spreader, spreadItem, writtenOut } from "./spread";

const FLOAT = 0x1406;
const UNSIGNED_BYTE = 0x1401;

describe("writing an instanced program out", () => {
  it("moves the per-vertex constants into the vertex attributes, after the item's own", () => {
    const definition = {
      VERTICES: 3,
      METHOD: 4,
      ATTRIBUTES: [
        { name: "a_position", size: 2, type: FLOAT },
        { name: "a_color", size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
      CONSTANT_ATTRIBUTES: [{ name: "a_angle", size: 1, type: FLOAT }],
      CONSTANT_DATA: [[0], [1], [2]],
    };
    const out = writtenOut(definition);
    expect(out.ATTRIBUTES.map((a) => a.name)).toEqual(["a_position", "a_color", "a_angle"]);
    expect("CONSTANT_ATTRIBUTES" in out).toBe(false);
    expect("CONSTANT_DATA" in out).toBe(false);
    expect(out.VERTICES).toBe(3);
  });

  it("copies the item into each vertex followed by that vertex's constants", () => {
    const out = new Uint32Array(12);
    spreadItem(Uint32Array.of(7, 8), out, 3, [Uint32Array.of(1), Uint32Array.of(2), Uint32Array.of(3)]);
    expect([...out]).toEqual([0, 0, 0, 7, 8, 1, 7, 8, 2, 7, 8, 3]);
  });

  it("keeps every bit of a packed colour, even one that reads as a NaN", () => {
    const spreader = new Spreader(2, [[0.5], [-1]]);
    const array = new Float32Array(8);
    const nanBits = 0xfffe8001; // a colour with alpha 254 packed into a float: a NaN with a payload
    spreader.spread(array, 2, (scratch) => {
      new Uint32Array(scratch.buffer)[0] = nanBits;
      scratch[1] = 3.25;
    });
    const bits = new Uint32Array(array.buffer);
    expect(bits[2]).toBe(nanBits);
    expect(bits[5]).toBe(nanBits);
    expect([array[3], array[4], array[6], array[7]]).toEqual([3.25, 0.5, 3.25, -1]);
    expect([array[0], array[1]]).toEqual([0, 0]);
  });

  it("follows the program's array when sigma reallocates it", () => {
    const spreader = new Spreader(1, [[9]]);
    const first = new Float32Array(2);
    spreader.spread(first, 0, (scratch) => (scratch[0] = 1));
    const second = new Float32Array(4);
    spreader.spread(second, 2, (scratch) => (scratch[0] = 2));
    expect([...first]).toEqual([1, 9]);
    expect([...second]).toEqual([0, 0, 2, 9]);
  });
});
