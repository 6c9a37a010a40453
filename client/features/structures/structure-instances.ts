import type { Band } from '../../../shared/structures.ts';
import { MAX_BANDS } from '../../../shared/structures.ts';

/**
 * Writes a structure's bands as instance `i` of the per-instance vec4s the structure material
 * reads: hue (0–1), lightness, and the height fraction where each band ends. Unused slots repeat
 * the top band and end at 1, so the shader's band pick never lands on them.
 */
export function writeBands(
  bands: readonly Band[],
  hue: Float32Array,
  light: Float32Array,
  top: Float32Array,
  i: number,
): void {
  let end = 0;
  const last = bands[bands.length - 1] as Band;
  for (let slot = 0; slot < MAX_BANDS; slot++) {
    const band = bands[slot] ?? last;
    end = slot < bands.length - 1 ? end + band.share : 1;
    hue[i * MAX_BANDS + slot] = band.hue / 256;
    light[i * MAX_BANDS + slot] = band.lightness;
    top[i * MAX_BANDS + slot] = end;
  }
}

/** World units the camera may move before the set of drawn structures is chosen again. */
export const RESELECT_DISTANCE = 10;

/**
 * Whether a structure at ground point (x, z) is drawn as a mesh, seen from camera point
 * (cx, cy, cz): within `reach` plus the RESELECT_DISTANCE the camera may move before the next
 * choice (the shader folds it flat by `reach`, so nothing pops while the camera moves).
 */
export function withinReach(
  x: number,
  z: number,
  cx: number,
  cy: number,
  cz: number,
  reach: number,
): boolean {
  const limit = reach + RESELECT_DISTANCE;
  return (x - cx) ** 2 + cy ** 2 + (z - cz) ** 2 <= limit * limit;
}
