import { DISTRICTS, type District } from '../../../shared/city.ts';
import { ParcelStatus } from '../../../shared/world.ts';
import { HAZE } from '../scene/atmosphere.ts';
import { TexelFlag, type TexelValue } from './texel.ts';

/**
 * Map colours, shared by the ground (each parcel's colour resolved here into its ground texel,
 * lines as shader uniforms) and the minimap, so both show a parcel the same way. Values are sRGB
 * in 0–1: the ground shader writes them to the canvas as is. Owned land takes its owner's hue at
 * OWNER_SATURATION / OWNER_LIGHTNESS.
 */
type Rgb = readonly [number, number, number];

function hex(value: number): Rgb {
  return [((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255];
}

export const palette = {
  /** Canvas clear colour: the haze at the horizon, where the sky meets the fogged land. */
  background: HAZE,
  /** Unclaimed land beyond ring 50 (1× price). */
  unclaimedOuter: hex(0x3f5f3a),
  /** Unclaimed land in rings 11–50 (2× price). */
  unclaimedInner: hex(0x52703f),
  /** Unclaimed plaza, rings 0–10 (4× price). */
  unclaimedPlaza: hex(0x8a8170),
  road: hex(0x2b2f36),
  border: hex(0x1a2418),
  selected: hex(0xffffff),
  mine: hex(0xffd23f),
  buyout: hex(0xff7a1a),
  /** The "for sale" overlay (overlay.ts). */
  forSale: hex(0x2fd6c8),
} as const;

export const OWNER_SATURATION = 0.6;
export const OWNER_LIGHTNESS = 0.5;
/** Fractionalized land: stripes of the owner hue at this lightness. */
export const FRACTIONAL_LIGHTNESS = 0.72;
/**
 * How far towards white the light stripe of fractionalized land is mixed from the owned colour:
 * at the same hue and saturation, HSL lightness L → L' is exactly a mix towards white by
 * (L' − L) / (1 − L) when L = 0.5, so the ground shader needs no second colour.
 */
export const FRACTIONAL_STRIPE = (FRACTIONAL_LIGHTNESS - OWNER_LIGHTNESS) / (1 - OWNER_LIGHTNESS);
/** How far towards the "mine" colour the player's own land is tinted. */
export const MINE_TINT = 0.35;
/** How far towards white the hovered parcel is lightened. */
export const HOVER_LIGHTEN = 0.3;
/** How far towards white the selected parcel is lightened (under its white outline). */
export const SELECTED_LIGHTEN = 0.15;
/** How far towards the buyout colour land in buyout is drawn. */
export const BUYOUT_TINT = 0.6;

/** HSL (all 0–1) to sRGB (0–1). */
export function hslToRgb(h: number, s: number, l: number, out: number[]): void {
  const channel = (shift: number) => {
    const k = (h * 6 + shift) % 6;
    const c = Math.min(Math.max(Math.abs(k - 3) - 1, 0), 1);
    return l + s * (c - 0.5) * (1 - Math.abs(2 * l - 1));
  };
  out[0] = channel(0);
  out[1] = channel(4);
  out[2] = channel(2);
}

/** Rows of the palette table: one colour per (row, column); column = owner hue, or the district when unclaimed. */
export const PaletteRow = {
  /** Column = district id (shared/city.ts). */
  Unclaimed: ParcelStatus.Unclaimed,
  Owned: ParcelStatus.Owned,
  /** The darker stripe of fractionalized land (= the owned colour). */
  Fractional: ParcelStatus.Fractional,
  Buyout: ParcelStatus.Buyout,
} as const;
export const PALETTE_ROWS = 4;
export const PALETTE_COLUMNS = 256;

/** How far a district's unclaimed land is lightened (+) or darkened (−) from its zone's colour, by compass sector. */
export const SECTOR_SHADE = [0.06, -0.04, 0.03, -0.06, 0.05, -0.03, 0.02, -0.05] as const;

/**
 * Unclaimed land of a district: its price zone's colour (plaza, inner rings, outer rings), each
 * sector a shade lighter or darker than its neighbours, so districts read on the map and their
 * borders still follow the price zones.
 */
export function districtColor(district: District): Rgb {
  if (district.zone === 'plaza') return palette.unclaimedPlaza;
  const base = district.zone === 'inner' ? palette.unclaimedInner : palette.unclaimedOuter;
  const shade = SECTOR_SHADE[district.sector] as number;
  return base.map((channel) =>
    shade > 0 ? channel + (1 - channel) * shade : channel * (1 + shade),
  ) as unknown as Rgb;
}

/**
 * Every land colour as RGBA bytes, PALETTE_COLUMNS × PALETTE_ROWS: the ground texels and the
 * minimap are both resolved from these bytes, so both always agree.
 */
export function buildPalette(): Uint8Array {
  const bytes = new Uint8Array(PALETTE_COLUMNS * PALETTE_ROWS * 4);
  const put = (row: number, column: number, [r, g, b]: readonly number[]) => {
    const offset = (row * PALETTE_COLUMNS + column) * 4;
    bytes[offset] = Math.round((r as number) * 255);
    bytes[offset + 1] = Math.round((g as number) * 255);
    bytes[offset + 2] = Math.round((b as number) * 255);
    bytes[offset + 3] = 255;
  };
  for (const district of DISTRICTS) put(PaletteRow.Unclaimed, district.id, districtColor(district));
  const owned = [0, 0, 0];
  for (let hue = 0; hue < PALETTE_COLUMNS; hue++) {
    hslToRgb(hue / PALETTE_COLUMNS, OWNER_SATURATION, OWNER_LIGHTNESS, owned);
    put(PaletteRow.Owned, hue, owned);
    put(PaletteRow.Fractional, hue, owned);
    put(
      PaletteRow.Buyout,
      hue,
      owned.map((channel, i) => channel * (1 - BUYOUT_TINT) + (palette.buyout[i] as number) * BUYOUT_TINT),
    );
  }
  return bytes;
}

/**
 * How the ground shader draws a parcel's edge, from its ground texel's alpha byte: the plain
 * border, the "mine" outline, or the selection outline.
 */
export const GroundEdge = { Border: 0, Mine: 1, Selected: 2 } as const;
/**
 * The ground texel's alpha byte, bit fields: GroundEdge (bits 0–1) + Stripes × (fractionalized)
 * + Built × (a structure stands on it) + Roads × (its RoadSide bits, 0–15); at most 254, one
 * byte. Bits, so the ground shader takes them apart with integer masks, not float divisions.
 */
export const GroundCode = { Stripes: 4, Built: 8, Roads: 16 } as const;

/**
 * The palette colour of a parcel, tinted when it is the player's own, then mixed towards white
 * by `lighten` (0–1), as RGB bytes into `out` at `offset`.
 */
function writeLandColor(
  colors: Uint8Array,
  texel: TexelValue,
  district: number,
  lighten: number,
  out: Uint8Array | Uint8ClampedArray,
  offset: number,
): void {
  const column = texel.status === ParcelStatus.Unclaimed ? district : texel.hue;
  const from = (texel.status * PALETTE_COLUMNS + column) * 4;
  const tint = texel.flags & TexelFlag.Mine ? MINE_TINT : 0;
  for (let channel = 0; channel < 3; channel++) {
    const tinted =
      (colors[from + channel] as number) * (1 - tint) + 255 * (palette.mine[channel] as number) * tint;
    out[offset + channel] = Math.round(tinted + (255 - tinted) * lighten);
  }
}

/**
 * Minimap colour of a parcel as RGBA bytes into `out` at `offset`: the palette colour, tinted
 * when it is the player's own (the minimap has no room for the ground's outline).
 */
export function writeMinimapColor(
  colors: Uint8Array,
  texel: TexelValue,
  district: number,
  out: Uint8ClampedArray,
  offset: number,
): void {
  writeLandColor(colors, texel, district, 0, out, offset);
  out[offset + 3] = 255;
}

/**
 * A parcel's ground texel as RGBA bytes into `out` at `offset`: RGB = its land colour (tinted when
 * mine, lightened when hovered or selected), A = its GroundCode (edge, stripes, structure, roads).
 * Resolving colours here, once per parcel change, leaves the ground shader one texture fetch and
 * no branches per pixel (software WebGL pays for both on every pixel, every frame).
 */
export function writeGroundTexel(
  colors: Uint8Array,
  texel: TexelValue,
  district: number,
  roads: number,
  out: Uint8Array,
  offset: number,
): void {
  const selected = (texel.flags & TexelFlag.Selected) !== 0;
  const keep =
    (texel.flags & TexelFlag.Hovered ? 1 - HOVER_LIGHTEN : 1) * (selected ? 1 - SELECTED_LIGHTEN : 1);
  writeLandColor(colors, texel, district, 1 - keep, out, offset);
  const edge = selected
    ? GroundEdge.Selected
    : texel.flags & TexelFlag.Mine
      ? GroundEdge.Mine
      : GroundEdge.Border;
  out[offset + 3] =
    edge +
    (texel.status === ParcelStatus.Fractional ? GroundCode.Stripes : 0) +
    (texel.status === ParcelStatus.Unclaimed ? 0 : GroundCode.Built) +
    roads * GroundCode.Roads;
}

/** The palette bytes, built once: the ground texels and the minimap share them. */
export const PALETTE_COLORS = buildPalette();
