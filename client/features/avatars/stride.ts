/**
 * The walk animation's arithmetic: an avatar's legs swing with the distance it covers, not with
 * time, so a slow walk takes slow steps, a standing avatar stands straight and a jump (teleport,
 * a correction by the room) takes no steps at all.
 */

/** World units per full stride (both legs once forward). */
export const STRIDE_LENGTH = 1.8;
/** Largest leg swing from upright, radians. */
export const SWING = 0.6;
/** Moves longer than this in one frame are jumps, not steps (walking covers under 1 unit per frame). */
export const MAX_STEP = 3;
/** Height of the bob at mid-stride, world units. */
export const BOB = 0.08;

export interface Stride {
  /** Last position drawn. */
  x: number;
  z: number;
  /** Radians through the stride cycle. */
  phase: number;
}

export interface Gait {
  /** Leg swing, radians: +swing for the left leg, -swing for the right. 0 standing. */
  swing: number;
  /** Lift of the body, world units. */
  bob: number;
}

/** Moves `stride` to (x, z) and writes the gait there into `out`. */
export function advanceStride(stride: Stride, x: number, z: number, out: Gait): void {
  const moved = Math.hypot(x - stride.x, z - stride.z);
  stride.x = x;
  stride.z = z;
  if (moved === 0 || moved > MAX_STEP) {
    out.swing = 0;
    out.bob = 0;
    return;
  }
  stride.phase = (stride.phase + (moved / STRIDE_LENGTH) * 2 * Math.PI) % (2 * Math.PI);
  out.swing = SWING * Math.sin(stride.phase);
  out.bob = BOB * Math.abs(Math.sin(stride.phase));
}
