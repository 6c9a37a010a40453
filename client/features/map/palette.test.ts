import { Color, ColorManagement } from 'three';
import { describe, expect, it } from 'vitest';
import { DISTRICTS, type District, districtOf, RoadSide, roadSides } from '../../../shared/city.ts';
import { PARCEL_COUNT, ParcelStatus, parcelCoords, parcelId } from '../../../shared/world.ts';
import { MapTexture } from './map-texture.ts';
import {
  BUYOUT_TINT,
  FRACTIONAL_LIGHTNESS,
  FRACTIONAL_STRIPE,
  GroundCode,
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
  SECTOR_SHADE,
  SELECTED_LIGHTEN,
  writeGroundTexel,
  writeMinimapColor,
} from './palette.ts';
import { TexelFlag } from './texel.ts';

/*
 * The reference is three's own colour maths (its CSS `hsl()` parser and `lerp`), the city layout
 * of shared/city.ts and the exported constants, not the palette's formulas again. The palette's
 * figures are sRGB and mix in sRGB, as the ground shader writes them to the canvas: three's
 * linear working space is switched off to match.
 */
ColorManagement.enabled = false;

const WHITE = new Color(1, 1, 1);
const BLACK = new Color(0, 0, 0);
/** The CSS colour `hsl(hue° , s %, l %)` from 0–1 figures, as three parses it. */
const css = (hue: number, s: number, l: number) => new Color(`hsl(${hue * 360}, ${s * 100}%, ${l * 100}%)`);
const rgb = (value: readonly [number, number, number]) => new Color(...value);
const bytesOf = (color: Color) => [color.r, color.g, color.b].map((channel) => Math.round(channel * 255));
/** An owner's colour at palette column `hue`. */
const ownerColor = (hue: number) => css(hue / PALETTE_COLUMNS, OWNER_SATURATION, OWNER_LIGHTNESS);

/** Unclaimed land of each price zone, as the palette's entries name them. */
const ZONE_COLOR = {
  plaza: palette.unclaimedPlaza,
  inner: palette.unclaimedInner,
  outer: palette.unclaimedOuter,
} as const;
/** A district's unclaimed land: its zone's colour mixed towards white (or black) by its sector's shade. */
function districtReference(district: District): Color {
  const zone = rgb(ZONE_COLOR[district.zone]);
  if (district.sector < 0) return zone;
  const shade = SECTOR_SHADE[district.sector] as number;
  return zone.lerp(shade > 0 ? WHITE : BLACK, Math.abs(shade));
}

/** One parcel of each district (by id), found through the shared city layout. */
const parcelIn = new Map<number, number>();
for (let id = 0; id < PARCEL_COUNT; id++) {
  const { x, y } = parcelCoords(id);
  const district = districtOf(x, y).id;
  if (!parcelIn.has(district)) parcelIn.set(district, id);
}

function paletteAt(row: number, column: number): number[] {
  const offset = (row * PALETTE_COLUMNS + column) * 4;
  return [...PALETTE_COLORS.slice(offset, offset + 4)];
}

/** The largest channel difference between two byte colours (their first three entries). */
const byteGap = (a: ArrayLike<number>, b: readonly number[]) =>
  Math.max(...b.map((channel, i) => Math.abs((a[i] as number) - channel)));

/** `actual` RGB bytes within one step of `expected` (the palette rounds to bytes before it mixes, three after). */
function expectBytesNear(actual: ArrayLike<number>, expected: readonly number[]) {
  expect(
    byteGap(actual, expected),
    `${[...Array.from(actual).slice(0, 3)]} vs ${expected}`,
  ).toBeLessThanOrEqual(1);
}

/** The map's ground texel of parcel `id` (RGB = colour, A = GroundCode). */
const groundOf = (map: MapTexture, id: number) => [...map.ground.slice(id * 4, id * 4 + 4)];

/** The minimap's RGBA of parcel `id`, its district looked up in the shared city layout. */
function minimapOf(map: MapTexture, id: number): number[] {
  const { x, y } = parcelCoords(id);
  const out = new Uint8ClampedArray(4);
  writeMinimapColor(PALETTE_COLORS, map.read(id), districtOf(x, y).id, out, 0);
  return [...out];
}

/**
 * A ground texel's alpha byte taken apart as the ground shader does it (ground-material.ts):
 * floor divisions from the largest place value down, then the street bits one by one.
 */
function decodeGroundCode(code: number) {
  const roads = Math.floor(code / GroundCode.Roads);
  let rest = code - roads * GroundCode.Roads;
  const built = Math.floor(rest / GroundCode.Built);
  rest -= built * GroundCode.Built;
  const striped = Math.floor(rest / GroundCode.Stripes);
  const edge = rest - striped * GroundCode.Stripes;
  const sides = Object.values(RoadSide).filter((bit) => Math.floor(roads / bit) % 2 === 1);
  return { edge, striped, built, sides };
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

  it('grounds every unclaimed parcel in its district colour, the streets along it in alpha and no structure', () => {
    const map = new MapTexture();
    const expected = DISTRICTS.map((district) => bytesOf(districtReference(district)));
    const wrong: string[] = [];
    for (let id = 0; id < PARCEL_COUNT; id++) {
      const { x, y } = parcelCoords(id);
      const [r, g, b, code] = groundOf(map, id);
      const colorGap = byteGap([r, g, b] as number[], expected[districtOf(x, y).id] as number[]);
      if (colorGap > 1 || code !== GroundEdge.Border + roadSides(x, y) * GroundCode.Roads)
        wrong.push(`${x},${y}: ${[r, g, b, code]}`);
    }
    expect(wrong.length, wrong.slice(0, 5).join('; ')).toBe(0);
    // The plaza's own colour as it stands; streets on each side of a parcel do show up.
    expect(groundOf(map, parcelId(0, 0))).toEqual([
      ...bytesOf(rgb(palette.unclaimedPlaza)),
      GroundEdge.Border,
    ]);
    expect(groundOf(map, parcelId(10, 10))[3]).toBe((RoadSide.East | RoadSide.North) * GroundCode.Roads);
    expect(groundOf(map, parcelId(-10, -10))[3]).toBe((RoadSide.West | RoadSide.South) * GroundCode.Roads);
  });

  it('shades neighbouring districts apart: one lighter, the next darker than their zone, each close to it', () => {
    const map = new MapTexture();
    const shown = (district: District) => {
      const [r, g, b] = groundOf(map, parcelIn.get(district.id) as number) as number[];
      return new Color((r as number) / 255, (g as number) / 255, (b as number) / 255);
    };
    const colors = DISTRICTS.map((district) => shown(district).getHexString());
    expect(new Set(colors).size).toBe(DISTRICTS.length);
    const lightness = (color: Color) => color.getHSL({ h: 0, s: 0, l: 0 }).l;
    for (const district of DISTRICTS.filter(({ zone }) => zone !== 'plaza')) {
      const zone = rgb(ZONE_COLOR[district.zone]);
      const color = shown(district);
      // a shade: within 5 % of the zone colour on every channel
      expect(Math.max(...[color.r - zone.r, color.g - zone.g, color.b - zone.b].map(Math.abs))).toBeLessThan(
        0.05,
      );
      const next = DISTRICTS.find(
        ({ zone, sector }) =>
          zone === district.zone && sector === (district.sector + 1) % SECTOR_SHADE.length,
      ) as District;
      const side = (c: Color) => Math.sign(lightness(c) - lightness(zone));
      expect(side(color) * side(shown(next)), `${district.name} next to ${next.name}`).toBe(-1);
    }
  });

  it('puts owned land by its owner hue, fractionalized alike, buyouts tinted, all opaque', () => {
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
    for (const district of DISTRICTS) expect(paletteAt(PaletteRow.Unclaimed, district.id)[3]).toBe(255);
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

  it('gives the minimap the land colour, tinted towards the "mine" colour for my land', () => {
    const map = new MapTexture();
    const owned = parcelId(125, 3);
    map.writeParcel(owned, ParcelStatus.Owned, 99);
    expect(minimapOf(map, owned)).toEqual([...bytesOf(ownerColor(99)), 255]);

    const outer = districtOf(-150, 150);
    const unclaimed = parcelId(-150, 150);
    expectBytesNear(minimapOf(map, unclaimed), bytesOf(districtReference(outer)));
    expect(minimapOf(map, unclaimed)[3]).toBe(255);

    map.setFlag(owned, TexelFlag.Mine, true);
    expectBytesNear(minimapOf(map, owned), bytesOf(ownerColor(99).lerp(rgb(palette.mine), MINE_TINT)));
    // Hover and selection light the ground only: the minimap keeps the land colour.
    const before = minimapOf(map, owned);
    map.setFlag(owned, TexelFlag.Hovered, true);
    map.setFlag(owned, TexelFlag.Selected, true);
    expect(minimapOf(map, owned)).toEqual(before);
  });

  it("renders the map's ground texels: the land colour, lightened when hovered or selected; edge, stripes and structure in alpha", () => {
    const map = new MapTexture();

    const owned = parcelId(125, 3);
    map.writeParcel(owned, ParcelStatus.Owned, 99);
    expect(groundOf(map, owned)).toEqual([...bytesOf(ownerColor(99)), GroundEdge.Border + GroundCode.Built]);

    const inner = parcelId(35, 0);
    const innerColor = districtReference(districtOf(35, 0));
    map.setFlag(inner, TexelFlag.Hovered, true);
    expectBytesNear(groundOf(map, inner), bytesOf(innerColor.clone().lerp(WHITE, HOVER_LIGHTEN)));
    expect(groundOf(map, inner)[3]).toBe(GroundEdge.Border);
    // hovered and selected: both lighten, the selection's outline
    map.setFlag(inner, TexelFlag.Selected, true);
    const both = innerColor.clone().lerp(WHITE, HOVER_LIGHTEN).lerp(WHITE, SELECTED_LIGHTEN);
    expectBytesNear(groundOf(map, inner), bytesOf(both));
    expect(groundOf(map, inner)[3]).toBe(GroundEdge.Selected);

    const buyout = parcelId(-45, 7);
    map.writeParcel(buyout, ParcelStatus.Buyout, 12);
    expectBytesNear(groundOf(map, buyout), bytesOf(ownerColor(12).lerp(rgb(palette.buyout), BUYOUT_TINT)));
    expect(groundOf(map, buyout)[3]).toBe(GroundEdge.Border + GroundCode.Built);

    // Fractionalized and mine, on a street corner: the "mine" outline over stripes, a structure,
    // the streets, and the colour the minimap shows.
    const striped = parcelId(10, 10);
    map.writeParcel(striped, ParcelStatus.Fractional, 7);
    map.setFlag(striped, TexelFlag.Mine, true);
    expect(groundOf(map, striped)[3]).toBe(
      GroundEdge.Mine +
        GroundCode.Stripes +
        GroundCode.Built +
        (RoadSide.East | RoadSide.North) * GroundCode.Roads,
    );
    expect(groundOf(map, striped).slice(0, 3)).toEqual(minimapOf(map, striped).slice(0, 3));

    // Selection wins over "mine" for the outline and lightens the tinted colour.
    map.setFlag(owned, TexelFlag.Mine, true);
    map.setFlag(owned, TexelFlag.Selected, true);
    expect(groundOf(map, owned)[3]).toBe(GroundEdge.Selected + GroundCode.Built);
    const selected = ownerColor(99).lerp(rgb(palette.mine), MINE_TINT).lerp(WHITE, SELECTED_LIGHTEN);
    expectBytesNear(groundOf(map, owned), bytesOf(selected));
  });

  it('packs edge, stripes, structure and streets into one byte the ground shader takes apart, the largest still a byte', () => {
    const texel = new Uint8Array(4);
    const codes: number[] = [];
    const flagSets = [0, TexelFlag.Mine, TexelFlag.Selected, TexelFlag.Mine | TexelFlag.Selected];
    for (const status of Object.values(ParcelStatus))
      for (const flags of flagSets)
        for (let roads = 0; roads <= 15; roads++) {
          writeGroundTexel(PALETTE_COLORS, { status, hue: 0, flags }, 0, roads, texel, 0);
          const code = texel[3] as number;
          codes.push(code);
          expect(decodeGroundCode(code), `status ${status}, flags ${flags}, roads ${roads}`).toEqual({
            edge:
              flags & TexelFlag.Selected
                ? GroundEdge.Selected
                : flags & TexelFlag.Mine
                  ? GroundEdge.Mine
                  : GroundEdge.Border,
            striped: status === ParcelStatus.Fractional ? 1 : 0,
            built: status === ParcelStatus.Unclaimed ? 0 : 1,
            sides: Object.values(RoadSide).filter((bit) => roads & bit),
          });
        }
    // The largest: selected, striped, built, streets on all four sides; a byte must not wrap it.
    const largest = GroundEdge.Selected + GroundCode.Stripes + GroundCode.Built + 15 * GroundCode.Roads;
    expect(Math.max(...codes)).toBe(largest);
    expect(largest).toBeLessThanOrEqual(255);
  });
});
