/**
 * Canvas resolution steps (device pixels per CSS pixel). The ground shader runs once per pixel,
 * so on software WebGL the frame time falls roughly with the square of the ratio.
 */
export const PIXEL_RATIOS = [1, 0.85, 0.7, 0.6] as const;
/** Slower than this (median ms per frame) steps the resolution down: under 12 fps. */
export const SLOW_FRAME_MS = 1000 / 12;
/** Faster than this steps it back up: over 24 fps, so one step up stays above 12 fps. */
export const FAST_FRAME_MS = 1000 / 24;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The pixel ratio to use after frames of `frameMs` at ratio `current`. */
export function nextPixelRatio(current: number, frameMs: readonly number[]): number {
  if (frameMs.length === 0) return current;
  const step = PIXEL_RATIOS.findIndex((ratio) => ratio <= current + 1e-6);
  const index = step < 0 ? PIXEL_RATIOS.length - 1 : step;
  const typical = median(frameMs);
  if (typical > SLOW_FRAME_MS && index < PIXEL_RATIOS.length - 1) return PIXEL_RATIOS[index + 1] as number;
  if (typical < FAST_FRAME_MS && index > 0) return PIXEL_RATIOS[index - 1] as number;
  return PIXEL_RATIOS[index] as number;
}
