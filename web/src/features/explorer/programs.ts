// sigma's circle and tie programs without instancing: the same shaders, the same picture and
// the same picking, but every vertex written out into one buffer and drawn by one plain draw
// call. Chromium's software WebGL (SwiftShader, what runs wherever there is no usable GPU)
// sets up each instance of an instanced draw like a draw of its own: sigma's instanced
// circles cost ~30 µs a node and its ties ~40 µs a tie per frame (docs/decisions.md).
import { EdgeProgram, EdgeRectangleProgram, NodeCircleProgram, NodeProgram, getAttributesItemsCount } from "sigma/rendering";
import type { ProgramInfo } from "sigma/rendering";
import type Sigma from "sigma";
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from "sigma/types";
import type { EdgeAttributes, NodeAttributes } from "./graph";
import { Spreader, writtenOut } from "./spread";
import type { InstancedDefinition } from "./spread";

const circle = NodeCircleProgram.prototype;
const rectangle = EdgeRectangleProgram.prototype;
type CircleUniform = ReturnType<typeof circle.getDefinition>["UNIFORMS"][number];
type RectangleUniform = ReturnType<typeof rectangle.getDefinition>["UNIFORMS"][number];

/** The instanced program's own `processVisibleItem`, writing one item at index 0 of `scratch`. */
function itemWriter<A extends unknown[]>(
  process: (this: { array: Float32Array }, index: number, start: number, ...rest: A) => void,
): (scratch: Float32Array, index: number, ...rest: A) => void {
  return (scratch, index, ...rest) => process.call({ array: scratch }, index, 0, ...rest);
}

const writeCircle = itemWriter(circle.processVisibleItem as (this: { array: Float32Array }, i: number, s: number, d: NodeDisplayData) => void);
const writeTie = itemWriter(
  rectangle.processVisibleItem as (
    this: { array: Float32Array },
    i: number,
    s: number,
    source: NodeDisplayData,
    target: NodeDisplayData,
    data: EdgeDisplayData,
  ) => void,
);

/** A spreader for an instanced definition: its per-item floats as sigma counts them (a packed colour is one). */
function spreaderOf(definition: InstancedDefinition): Spreader {
  return new Spreader(getAttributesItemsCount(definition.ATTRIBUTES), definition.CONSTANT_DATA);
}

/**
 * Is this render one of sigma's quick ones while the drawing is dragged or zoomed (ties and
 * labels left out, `hideEdgesOnMove`)? The same test as sigma's own in `Sigma.render`.
 */
export function quickRender(renderer: Sigma<NodeAttributes, EdgeAttributes>): boolean {
  if (!renderer.getSetting("hideEdgesOnMove")) return false;
  const mouse = renderer.getMouseCaptor();
  return renderer.getCamera().isAnimated() || mouse.isMoving || mouse.draggedEvents > 0 || mouse.currentWheelDirection !== 0;
}

let circles: Spreader | null = null;
let ties: Spreader | null = null;

/** sigma's `NodeCircleProgram`, three vertices a node written out. */
export class WrittenOutCircleProgram extends NodeProgram<CircleUniform, NodeAttributes, EdgeAttributes> {
  getDefinition() {
    return writtenOut(circle.getDefinition());
  }

  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    circles ??= spreaderOf(circle.getDefinition());
    circles.spread(this.array, startIndex, (scratch) => writeCircle(scratch, nodeIndex, data));
  }

  setUniforms(params: RenderParams, info: ProgramInfo): void {
    circle.setUniforms.call(this as unknown as NodeCircleProgram, params, info);
  }

  /**
   * A quick render while moving leaves out the picking pass (the hidden drawing of node ids
   * that hovering and clicking read: a third of the nodes' cost). Nobody hovers or clicks
   * mid-drag, and the render that ends the move, the one that brings the ties back, draws it.
   */
  render(params: RenderParams): void {
    const picking = this.pickProgram;
    if (picking && quickRender(this.renderer)) {
      this.pickProgram = null;
      try {
        super.render(params);
      } finally {
        this.pickProgram = picking;
      }
      return;
    }
    super.render(params);
  }
}

/** sigma's `EdgeRectangleProgram`, six vertices (two triangles) a tie written out. */
export class WrittenOutTieProgram extends EdgeProgram<RectangleUniform, NodeAttributes, EdgeAttributes> {
  getDefinition() {
    return writtenOut(rectangle.getDefinition());
  }

  processVisibleItem(edgeIndex: number, startIndex: number, source: NodeDisplayData, target: NodeDisplayData, data: EdgeDisplayData): void {
    ties ??= spreaderOf(rectangle.getDefinition());
    ties.spread(this.array, startIndex, (scratch) => writeTie(scratch, edgeIndex, source, target, data));
  }

  setUniforms(params: RenderParams, info: ProgramInfo): void {
    rectangle.setUniforms.call(this as unknown as EdgeRectangleProgram, params, info);
  }
}
