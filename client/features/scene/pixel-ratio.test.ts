import { describe, expect, it } from 'vitest';
import { FAST_FRAME_MS, nextPixelRatio, PIXEL_RATIOS, SLOW_FRAME_MS } from './pixel-ratio.ts';

const frames = (ms: number) => Array.from({ length: 30 }, () => ms);

describe('nextPixelRatio', () => {
  it('steps down while frames are slow, to a floor', () => {
    let ratio = 1;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      ratio = nextPixelRatio(ratio, frames(SLOW_FRAME_MS + 20));
      seen.push(ratio);
    }
    expect(seen).toEqual([0.85, 0.7, 0.6, 0.6, 0.6, 0.6]);
  });

  it('steps back up with headroom and holds in between', () => {
    expect(nextPixelRatio(0.6, frames(FAST_FRAME_MS - 5))).toBe(0.7);
    expect(nextPixelRatio(1, frames(FAST_FRAME_MS - 5))).toBe(1);
    expect(nextPixelRatio(0.85, frames((SLOW_FRAME_MS + FAST_FRAME_MS) / 2))).toBe(0.85);
  });

  it('goes by the median, so one long frame does not step down', () => {
    const mostlyFast = frames(50);
    mostlyFast[0] = 2_000;
    expect(nextPixelRatio(1, mostlyFast)).toBe(1);
  });

  it('snaps a ratio between steps onto the next lower step, and ignores no data', () => {
    expect(nextPixelRatio(2, frames(60))).toBe(1);
    expect(nextPixelRatio(0.9, frames(60))).toBe(0.85);
    expect(nextPixelRatio(0.3, frames(60))).toBe(PIXEL_RATIOS.at(-1));
    expect(nextPixelRatio(0.7, [])).toBe(0.7);
  });
});
