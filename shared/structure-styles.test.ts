import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeStyle,
  isKnownStyle,
  PALETTE,
  PALETTE_COUNT,
  paletteHue,
  STYLE_COUNT,
  StructureStyle,
  styleBands,
} from './structure-styles.ts';

describe('structure styles', () => {
  it('has as many styles and palette colours as LandRegistry accepts', () => {
    const source = readFileSync(new URL('../contracts/src/LandRegistry.sol', import.meta.url), 'utf8');
    expect(Number(/uint256 constant STYLE_COUNT = (\d+);/.exec(source)?.[1])).toBe(STYLE_COUNT);
    expect(Number(/uint256 constant PALETTE_COUNT = (\d+);/.exec(source)?.[1])).toBe(PALETTE_COUNT);
  });

  it('gives every chosen style bands that fill the height, and none to the generated look', () => {
    expect(styleBands(StructureStyle.Auto, 40)).toBeNull();
    expect(styleBands(undefined, 40)).toBeNull();
    expect(styleBands(STYLE_COUNT, 40)).toBeNull();
    for (let style = 1; style < STYLE_COUNT; style++) {
      const bands = styleBands(style, 40) ?? [];
      expect(bands.length).toBeGreaterThan(0);
      expect(bands.length).toBeLessThanOrEqual(4);
      expect(bands.reduce((sum, band) => sum + band.share, 0)).toBeCloseTo(1, 9);
      expect(bands.every((band) => band.hue === 40)).toBe(true);
    }
    expect(styleBands(StructureStyle.Striped, 9)?.map((band) => band.lightness)).toEqual([
      0.5, 0.72, 0.5, 0.72,
    ]);
  });

  it('paints in the palette colour, or the owner colour for palette 0', () => {
    expect(paletteHue(0, 77)).toBe(77);
    expect(paletteHue(undefined, 77)).toBe(77);
    expect(paletteHue(4, 77)).toBe(PALETTE[4]?.hue);
    expect(new Set(PALETTE.slice(1).map((colour) => colour.hue)).size).toBe(PALETTE_COUNT - 1);
  });

  it('knows exactly the indices the contract accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3, max: 20 }), fc.integer({ min: -3, max: 20 }), (style, palette) => {
        expect(isKnownStyle(style, palette)).toBe(
          style >= 0 && style < STYLE_COUNT && palette >= 0 && palette < PALETTE_COUNT,
        );
      }),
    );
    expect(isKnownStyle(1.5, 0)).toBe(false);
  });

  it('names a choice', () => {
    expect(describeStyle({})).toBe('Generated, Owner colour');
    expect(describeStyle({ style: 2, palette: 4 })).toBe('Striped, Jade');
    expect(describeStyle({ style: 99, palette: 0 })).toBe('?, Owner colour');
  });
});
