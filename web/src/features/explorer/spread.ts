// Turning an instanced sigma program into a plain one (programs.ts): the per-vertex constants
// become vertex attributes, and each item's attributes are copied into each of its vertices.
// Kept apart from sigma so the unit tests run without WebGL.

export interface Attribute {
  name: string;
  size: number;
  type: number;
  normalized?: boolean;
}

export interface InstancedDefinition {
  VERTICES: number;
  ATTRIBUTES: Attribute[];
  CONSTANT_ATTRIBUTES: Attribute[];
  CONSTANT_DATA: number[][];
}

/** The instanced definition with its constants moved into the vertex attributes (sigma then draws it without instancing). */
export function writtenOut<D extends InstancedDefinition>(definition: D): Omit<D, "CONSTANT_ATTRIBUTES" | "CONSTANT_DATA"> {
  const { CONSTANT_ATTRIBUTES, CONSTANT_DATA, ...rest } = definition;
  void CONSTANT_DATA;
  return { ...rest, ATTRIBUTES: [...definition.ATTRIBUTES, ...CONSTANT_ATTRIBUTES] };
}

/**
 * Copy one item's attributes into each of its vertices at `start`, each followed by that
 * vertex's constants. Colours are bytes packed into a float whose bits may spell a NaN: the
 * copy goes through integers, so no bit changes.
 */
export function spreadItem(item: Uint32Array, out: Uint32Array, start: number, constants: Uint32Array[]): void {
  let at = start;
  for (const constant of constants) {
    out.set(item, at);
    at += item.length;
    out.set(constant, at);
    at += constant.length;
  }
}

/** One item's scratch space, and integer views of it and of the array being filled. */
export class Spreader {
  private readonly item: Float32Array;
  private readonly itemBits: Uint32Array;
  private outBits: Uint32Array = new Uint32Array(0);
  private readonly constants: Uint32Array[];

  constructor(itemCount: number, constantData: number[][]) {
    this.item = new Float32Array(itemCount);
    this.itemBits = new Uint32Array(this.item.buffer);
    this.constants = constantData.map((vertex) => new Uint32Array(Float32Array.from(vertex).buffer));
  }

  /** Let `write` fill one item at index 0 of the scratch array, then spread it into `array` at `start`. */
  spread(array: Float32Array, start: number, write: (scratch: Float32Array) => void): void {
    write(this.item);
    if (this.outBits.buffer !== array.buffer || this.outBits.length !== array.length) {
      this.outBits = new Uint32Array(array.buffer, array.byteOffset, array.length);
    }
    spreadItem(this.itemBits, this.outBits, start, this.constants);
  }
}
