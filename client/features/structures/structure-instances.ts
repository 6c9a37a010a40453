import type { Band } from '../../../shared/structures.ts';
import { MAX_BANDS } from '../../../shared/structures.ts';
import { hslToRgb, OWNER_SATURATION } from '../map/palette.ts';

/** The per-instance vec4s the structure material reads: each band's linear colour and where it ends. */
export interface BandAttributes {
  red: Float32Array;
  green: Float32Array;
  blue: Float32Array;
  /** Height fraction (0–1) where each band ends, ascending. */
  top: Float32Array;
}

/** sRGB 0–1 to linear light, as the GPU decodes an sRGB texture. */
function toLinear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

const rgb = [0, 0, 0];

/**
 * Writes a structure's bands as instance `i`: each band's colour (its hue at the map's owner
 * saturation and its lightness) in linear RGB, resolved here once per structure rather than per
 * vertex per frame, and the height fraction where it ends. Unused slots repeat the top band and
 * end at 1, so the shader's band pick never lands on them.
 */
export function writeBands(bands: readonly Band[], out: BandAttributes, i: number): void {
  let end = 0;
  const last = bands[bands.length - 1] as Band;
  for (let slot = 0; slot < MAX_BANDS; slot++) {
    const band = bands[slot] ?? last;
    end = slot < bands.length - 1 ? end + band.share : 1;
    hslToRgb(band.hue / 256, OWNER_SATURATION, band.lightness, rgb);
    const at = i * MAX_BANDS + slot;
    out.red[at] = toLinear(rgb[0] as number);
    out.green[at] = toLinear(rgb[1] as number);
    out.blue[at] = toLinear(rgb[2] as number);
    out.top[at] = end;
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
