import { describe, expect, it } from 'vitest';
import { ParcelStatus } from '../../../shared/world.ts';
import {
  FRACTIONAL_LIGHTNESS,
  FRACTIONAL_STRIPE,
  GROUND_STRIPES,
  GroundEdge,
  HOVER_LIGHTEN,
  hslToRgb,
  OWNER_SATURATION,
  PALETTE_COLORS,
  PALETTE_COLUMNS,
  PaletteRow,
  palette,
  writeGroundTexel,
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
    expect(paletteAt(PaletteRow.Buyout, 17)[3]).toBe(255);
  });

  it('makes the light stripe of fractionalized land the owner hue at FRACTIONAL_LIGHTNESS', () => {
    const light = [0, 0, 0];
    for (let hue = 0; hue < PALETTE_COLUMNS; hue++) {
      hslToRgb(hue / PALETTE_COLUMNS, OWNER_SATURATION, FRACTIONAL_LIGHTNESS, light);
      const owned = paletteAt(PaletteRow.Owned, hue);
      owned.slice(0, 3).forEach((channel, i) => {
        // What the ground shader draws: the owned colour mixed towards white.
        const stripe = channel + (255 - channel) * FRACTIONAL_STRIPE;
        expect(Math.abs(stripe - (light[i] as number) * 255)).toBeLessThan(1);
      });
    }
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

  it('resolves a ground texel: palette colour, lightened when hovered, edge kind and stripes in alpha', () => {
    const texel = new Uint8Array(4);
    writeGroundTexel(PALETTE_COLORS, { status: ParcelStatus.Owned, hue: 99, flags: 0 }, 120, texel, 0);
    expect([...texel]).toEqual([...paletteAt(PaletteRow.Owned, 99).slice(0, 3), GroundEdge.Border]);

    writeGroundTexel(
      PALETTE_COLORS,
      { status: ParcelStatus.Unclaimed, hue: 0, flags: TexelFlag.Hovered },
      30,
      texel,
      0,
    );
    const inner = paletteAt(PaletteRow.Unclaimed, 1);
    expect([...texel.slice(0, 3)]).toEqual(
      inner.slice(0, 3).map((c) => Math.round(c + (255 - c) * HOVER_LIGHTEN)),
    );

    writeGroundTexel(
      PALETTE_COLORS,
      { status: ParcelStatus.Fractional, hue: 7, flags: TexelFlag.Mine },
      3,
      texel,
      0,
    );
    expect(texel[3]).toBe(GroundEdge.Mine + GROUND_STRIPES);
    const minimap = new Uint8ClampedArray(4);
    writeMinimapColor(
      PALETTE_COLORS,
      { status: ParcelStatus.Fractional, hue: 7, flags: TexelFlag.Mine },
      3,
      minimap,
      0,
    );
    expect([...texel.slice(0, 3)]).toEqual([...minimap.slice(0, 3)]);

    // Selection wins over "mine" for the outline and lightens the colour.
    writeGroundTexel(
      PALETTE_COLORS,
      { status: ParcelStatus.Owned, hue: 99, flags: TexelFlag.Mine | TexelFlag.Selected },
      120,
      texel,
      0,
    );
    expect(texel[3]).toBe(GroundEdge.Selected);
    expect([...texel.slice(0, 3)]).not.toEqual([...minimap.slice(0, 3)]);
  });
});
