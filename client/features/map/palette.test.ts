import { Color, ColorManagement } from 'three';
import { describe, expect, it } from 'vitest';
import { ParcelStatus, parcelId } from '../../../shared/world.ts';
import { MapTexture } from './map-texture.ts';
import {
  BUYOUT_TINT,
  FRACTIONAL_LIGHTNESS,
  FRACTIONAL_STRIPE,
  GROUND_STRIPES,
  GroundEdge,
  HOVER_LIGHTEN,
  hslToRgb,
  MINE_TINT,
  OWNER_LIGHTNESS,
  OWNER_SATURATION,
  PALETTE_COLORS,
  PALETTE_COLUMNS,
  PaletteRow,
  palette,
  SELECTED_LIGHTEN,
  writeMinimapColor,
  zoneOfRing,
} from './palette.ts';
import { TexelFlag } from './texel.ts';

/*
 * The reference is three's own colour maths (its CSS `hsl()` parser and `lerp`), not the
 * palette's formulas again. The palette's figures are sRGB and mix in sRGB, as the ground
 * shader writes them to the canvas: three's linear working space is switched off to match.
 */
ColorManagement.enabled = false;

const WHITE = new Color(1, 1, 1);
/** The CSS colour `hsl(hue° , s %, l %)` from 0–1 figures, as three parses it. */
const css = (hue: number, s: number, l: number) => new Color(`hsl(${hue * 360}, ${s * 100}%, ${l * 100}%)`);
const rgb = (value: readonly [number, number, number]) => new Color(...value);
const bytesOf = (color: Color) => [color.r, color.g, color.b].map((channel) => Math.round(channel * 255));
/** An owner's colour at palette column `hue`. */
const ownerColor = (hue: number) => css(hue / PALETTE_COLUMNS, OWNER_SATURATION, OWNER_LIGHTNESS);

function paletteAt(row: number, column: number): number[] {
  const offset = (row * PALETTE_COLUMNS + column) * 4;
  return [...PALETTE_COLORS.slice(offset, offset + 4)];
}

/** `actual` RGB bytes within one step of `expected` (the palette rounds to bytes before it mixes, three after). */
function expectBytesNear(actual: ArrayLike<number>, expected: readonly number[]) {
  const diffs = expected.map((channel, i) => Math.abs((actual[i] as number) - channel));
  expect(Math.max(...diffs), `${[...Array.from(actual).slice(0, 3)]} vs ${expected}`).toBeLessThanOrEqual(1);
}

describe('palette', () => {
  it('converts HSL as CSS hsl() does', () => {
    const out = [0, 0, 0];
    for (const [h, s, l] of [
      [0, 1, 0.5],
      [1 / 3, 1, 0.5],
      [0.5, 0, 0.25],
      [0.9, 0.3, 0.8],
      [0.05, OWNER_SATURATION, FRACTIONAL_LIGHTNESS],
    ] as const) {
      hslToRgb(h, s, l, out);
      const reference = css(h, s, l);
      out.forEach((channel, i) => {
        expect(channel).toBeCloseTo([reference.r, reference.g, reference.b][i] as number, 9);
      });
    }
  });

  it('puts unclaimed land by price zone, owned land by its owner hue, buyouts tinted, all opaque', () => {
    expect([0, 10, 11, 50, 51, 150].map(zoneOfRing)).toEqual([0, 0, 1, 1, 2, 2]);
    const zones = [palette.unclaimedPlaza, palette.unclaimedInner, palette.unclaimedOuter];
    zones.forEach((color, zone) => {
      expect(paletteAt(PaletteRow.Unclaimed, zone)).toEqual([...bytesOf(rgb(color)), 255]);
    });
    for (let hue = 0; hue < PALETTE_COLUMNS; hue++) {
      const owned = paletteAt(PaletteRow.Owned, hue);
      // within a step: a channel on a half (127.5) rounds either way by the last float bit
      expectBytesNear(owned, bytesOf(ownerColor(hue)));
      expect(owned[3]).toBe(255);
      expect(paletteAt(PaletteRow.Fractional, hue)).toEqual(owned);
      const buyout = paletteAt(PaletteRow.Buyout, hue);
      expectBytesNear(buyout, bytesOf(ownerColor(hue).lerp(rgb(palette.buyout), BUYOUT_TINT)));
      expect(buyout[3]).toBe(255);
    }
  });

  it("makes the light stripe of fractionalized land the owner's hue at FRACTIONAL_LIGHTNESS", () => {
    for (let hue = 0; hue < PALETTE_COLUMNS; hue++) {
      // What the ground shader draws: the owned colour mixed towards white by FRACTIONAL_STRIPE.
      const stripe = ownerColor(hue).lerp(WHITE, FRACTIONAL_STRIPE);
      const light = css(hue / PALETTE_COLUMNS, OWNER_SATURATION, FRACTIONAL_LIGHTNESS);
      expect(stripe.r).toBeCloseTo(light.r, 9);
      expect(stripe.g).toBeCloseTo(light.g, 9);
      expect(stripe.b).toBeCloseTo(light.b, 9);
    }
  });

  it('gives the minimap the palette colour, tinted towards the "mine" colour for my land', () => {
    const out = new Uint8ClampedArray(8);
    writeMinimapColor(PALETTE_COLORS, { status: ParcelStatus.Owned, hue: 99, flags: 0 }, 120, out, 0);
    expect([...out.slice(0, 4)]).toEqual([...bytesOf(ownerColor(99)), 255]);
    writeMinimapColor(PALETTE_COLORS, { status: ParcelStatus.Unclaimed, hue: 0, flags: 0 }, 5, out, 4);
    expect([...out.slice(4, 8)]).toEqual([...bytesOf(rgb(palette.unclaimedPlaza)), 255]);
    const mine = { status: ParcelStatus.Owned, hue: 99, flags: TexelFlag.Mine };
    writeMinimapColor(PALETTE_COLORS, mine, 120, out, 0);
    expectBytesNear(out, bytesOf(ownerColor(99).lerp(rgb(palette.mine), MINE_TINT)));
  });

  it("renders the map's ground texels: the land colour, lightened when hovered or selected, the edge and stripes in alpha", () => {
    const map = new MapTexture();
    const texel = (id: number) => [...map.ground.slice(id * 4, id * 4 + 4)];

    const owned = parcelId(120, 3);
    map.writeParcel(owned, ParcelStatus.Owned, 99);
    expect(texel(owned)).toEqual([...bytesOf(ownerColor(99)), GroundEdge.Border]);

    const inner = parcelId(30, 0);
    map.setFlag(inner, TexelFlag.Hovered, true);
    expectBytesNear(texel(inner), bytesOf(rgb(palette.unclaimedInner).lerp(WHITE, HOVER_LIGHTEN)));
    expect(texel(inner)[3]).toBe(GroundEdge.Border);

    // Fractionalized and mine: the "mine" outline over stripes, the colour the minimap shows.
    const striped = parcelId(3, 1);
    map.writeParcel(striped, ParcelStatus.Fractional, 7);
    map.setFlag(striped, TexelFlag.Mine, true);
    expect(texel(striped)[3]).toBe(GroundEdge.Mine + GROUND_STRIPES);
    const minimap = new Uint8ClampedArray(4);
    writeMinimapColor(PALETTE_COLORS, map.read(striped), 3, minimap, 0);
    expect(texel(striped).slice(0, 3)).toEqual([...minimap.slice(0, 3)]);

    // Selection wins over "mine" for the outline and lightens the tinted colour.
    map.writeParcel(owned, ParcelStatus.Owned, 99);
    map.setFlag(owned, TexelFlag.Mine, true);
    map.setFlag(owned, TexelFlag.Selected, true);
    expect(texel(owned)[3]).toBe(GroundEdge.Selected);
    const selected = ownerColor(99).lerp(rgb(palette.mine), MINE_TINT).lerp(WHITE, SELECTED_LIGHTEN);
    expectBytesNear(texel(owned), bytesOf(selected));
  });
});
