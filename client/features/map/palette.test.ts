import { describe, expect, it } from 'vitest';
import { DISTRICTS, districtOf, RoadSide } from '../../../shared/city.ts';
import { ParcelStatus } from '../../../shared/world.ts';
import {
  districtColor,
  FRACTIONAL_LIGHTNESS,
  FRACTIONAL_STRIPE,
  GroundCode,
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

  it('puts unclaimed land by district and owned land by hue, opaque', () => {
    const outer = districtOf(-150, 150);
    expect(paletteAt(PaletteRow.Unclaimed, outer.id)).toEqual([
      ...districtColor(outer).map((c) => Math.round(c * 255)),
      255,
    ]);
    expect(districtColor(DISTRICTS[0] as (typeof DISTRICTS)[number])).toEqual(palette.unclaimedPlaza);
    expect(paletteAt(PaletteRow.Owned, 17)).toEqual(paletteAt(PaletteRow.Fractional, 17));
    expect(paletteAt(PaletteRow.Owned, 17)).not.toEqual(paletteAt(PaletteRow.Owned, 140));
    expect(paletteAt(PaletteRow.Buyout, 17)[3]).toBe(255);
  });

  it('shades neighbouring districts apart, each close to its price zone colour', () => {
    const columns = DISTRICTS.map((district) => paletteAt(PaletteRow.Unclaimed, district.id).join());
    expect(new Set(columns).size).toBe(DISTRICTS.length);
    for (const district of DISTRICTS.slice(1)) {
      const zone = district.zone === 'inner' ? palette.unclaimedInner : palette.unclaimedOuter;
      const color = districtColor(district);
      const apart = color.map((channel, i) => Math.abs(channel - (zone[i] as number)));
      expect(Math.max(...apart)).toBeLessThan(0.05);
    }
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
    writeMinimapColor(PALETTE_COLORS, { status: ParcelStatus.Owned, hue: 99, flags: 0 }, 12, out, 0);
    expect([...out.slice(0, 4)]).toEqual(paletteAt(PaletteRow.Owned, 99));
    writeMinimapColor(PALETTE_COLORS, { status: ParcelStatus.Unclaimed, hue: 0, flags: 0 }, 5, out, 4);
    expect([...out.slice(4, 8)]).toEqual(paletteAt(PaletteRow.Unclaimed, 5));
    writeMinimapColor(
      PALETTE_COLORS,
      { status: ParcelStatus.Owned, hue: 99, flags: TexelFlag.Mine },
      12,
      out,
      0,
    );
    expect([...out.slice(0, 4)]).not.toEqual(paletteAt(PaletteRow.Owned, 99));
  });

  it('resolves a ground texel: palette colour, lightened when hovered; edge, stripes, structure and streets in alpha', () => {
    const texel = new Uint8Array(4);
    writeGroundTexel(PALETTE_COLORS, { status: ParcelStatus.Owned, hue: 99, flags: 0 }, 12, 0, texel, 0);
    expect([...texel]).toEqual([
      ...paletteAt(PaletteRow.Owned, 99).slice(0, 3),
      GroundEdge.Border + GroundCode.Built,
    ]);
    const streets = RoadSide.East | RoadSide.North;
    writeGroundTexel(
      PALETTE_COLORS,
      { status: ParcelStatus.Unclaimed, hue: 0, flags: 0 },
      3,
      streets,
      texel,
      0,
    );
    expect(texel[3]).toBe(GroundEdge.Border + streets * GroundCode.Roads);

    writeGroundTexel(
      PALETTE_COLORS,
      { status: ParcelStatus.Unclaimed, hue: 0, flags: TexelFlag.Hovered },
      1,
      0,
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
      RoadSide.South | RoadSide.West | RoadSide.East | RoadSide.North,
      texel,
      0,
    );
    // the largest code there is still fits in a byte
    expect(texel[3]).toBe(GroundEdge.Mine + GroundCode.Stripes + GroundCode.Built + 15 * GroundCode.Roads);
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
      12,
      0,
      texel,
      0,
    );
    expect(texel[3]).toBe(GroundEdge.Selected + GroundCode.Built);
    expect([...texel.slice(0, 3)]).not.toEqual([...minimap.slice(0, 3)]);
  });
});
