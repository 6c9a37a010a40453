import { describe, expect, it } from 'vitest';
import { ParcelStatus } from '../../../shared/world.ts';
import {
  hslToRgb,
  PALETTE_COLORS,
  PALETTE_COLUMNS,
  PaletteRow,
  palette,
  writeMinimapColor,
  zoneOfRing,
} from './palette.ts';
import { TexelFlag } from './texel.ts';

function paletteAt(row: number, column: number): number[] {
  const offset = (row * PALETTE_COLUMNS + column) * 4;
  return [...PALETTE_COLORS.slice(offset, offset + 4)];
}

describe('palette', () => {
  it('converts HSL like CSS does', () => {
    const out = [0, 0, 0];
    hslToRgb(0, 1, 0.5, out);
    expect(out).toEqual([1, 0, 0]);
    hslToRgb(1 / 3, 1, 0.5, out);
    expect(out.map((c) => Math.round(c * 255))).toEqual([0, 255, 0]);
    hslToRgb(0.5, 0, 0.25, out);
    expect(out).toEqual([0.25, 0.25, 0.25]);
  });

  it('puts unclaimed land by price zone and owned land by hue, opaque', () => {
    expect([
      zoneOfRing(0),
      zoneOfRing(10),
      zoneOfRing(11),
      zoneOfRing(50),
      zoneOfRing(51),
      zoneOfRing(150),
    ]).toEqual([0, 0, 1, 1, 2, 2]);
    expect(paletteAt(PaletteRow.Unclaimed, 2)).toEqual([
      ...palette.unclaimedOuter.map((c) => Math.round(c * 255)),
      255,
    ]);
    expect(paletteAt(PaletteRow.Owned, 17)).toEqual(paletteAt(PaletteRow.Fractional, 17));
    expect(paletteAt(PaletteRow.Owned, 17)).not.toEqual(paletteAt(PaletteRow.Owned, 140));
    expect(paletteAt(PaletteRow.FractionalLight, 17)[3]).toBe(255);
  });

  it('gives the minimap the same colour as the ground palette, tinted for my land', () => {
    const out = new Uint8ClampedArray(8);
    writeMinimapColor(PALETTE_COLORS, { status: ParcelStatus.Owned, hue: 99, flags: 0 }, 120, out, 0);
    expect([...out.slice(0, 4)]).toEqual(paletteAt(PaletteRow.Owned, 99));
    writeMinimapColor(PALETTE_COLORS, { status: ParcelStatus.Unclaimed, hue: 0, flags: 0 }, 5, out, 4);
    expect([...out.slice(4, 8)]).toEqual(paletteAt(PaletteRow.Unclaimed, 0));
    writeMinimapColor(
      PALETTE_COLORS,
      { status: ParcelStatus.Owned, hue: 99, flags: TexelFlag.Mine },
      120,
      out,
      0,
    );
    expect([...out.slice(0, 4)]).not.toEqual(paletteAt(PaletteRow.Owned, 99));
  });
});
