import { CENTRE_RING, INNER_RING, ParcelStatus } from '../../../shared/world.ts';
import { TexelFlag, type TexelValue } from './texel.ts';

/**
 * Map colours, shared by the ground shader (as uniforms) and the minimap (in JS), so both show a
 * parcel the same way. Values are sRGB in 0–1: the ground shader writes them to the canvas as is.
 * Owned land takes its owner's hue at OWNER_SATURATION / OWNER_LIGHTNESS.
 */
type Rgb = readonly [number, number, number];

function hex(value: number): Rgb {
  return [((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255];
}

export const palette = {
  /** Canvas clear colour: the sea around the map. */
  background: hex(0x0d1b2a),
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
} as const;

export const OWNER_SATURATION = 0.6;
export const OWNER_LIGHTNESS = 0.5;
/** Fractionalized land: stripes of the owner hue at this lightness. */
export const FRACTIONAL_LIGHTNESS = 0.72;
/** How far towards the "mine" colour the player's own land is tinted. */
export const MINE_TINT = 0.35;
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

/** Rows of the palette texture: one colour per (row, column); column = owner hue, or the zone when unclaimed. */
export const PaletteRow = {
  /** Columns 0, 1, 2: plaza, inner rings, outer rings. */
  Unclaimed: ParcelStatus.Unclaimed,
  Owned: ParcelStatus.Owned,
  /** The darker stripe of fractionalized land (= the owned colour). */
  Fractional: ParcelStatus.Fractional,
  Buyout: ParcelStatus.Buyout,
  /** The lighter stripe of fractionalized land. */
  FractionalLight: 4,
} as const;
export const PALETTE_ROWS = 5;
export const PALETTE_COLUMNS = 256;

/** Price zone of a ring, the palette column of unclaimed land: 0 plaza, 1 inner, 2 outer. */
export function zoneOfRing(ring: number): number {
  return ring <= CENTRE_RING ? 0 : ring <= INNER_RING ? 1 : 2;
}

/**
 * Every map colour as RGBA bytes, PALETTE_COLUMNS × PALETTE_ROWS: the ground shader looks colours
 * up in it (a texture) and the minimap reads the same bytes, so both always agree.
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
  [palette.unclaimedPlaza, palette.unclaimedInner, palette.unclaimedOuter].forEach((color, zone) => {
    put(PaletteRow.Unclaimed, zone, color);
  });
  const owned = [0, 0, 0];
  const light = [0, 0, 0];
  for (let hue = 0; hue < PALETTE_COLUMNS; hue++) {
    hslToRgb(hue / PALETTE_COLUMNS, OWNER_SATURATION, OWNER_LIGHTNESS, owned);
    hslToRgb(hue / PALETTE_COLUMNS, OWNER_SATURATION, FRACTIONAL_LIGHTNESS, light);
    put(PaletteRow.Owned, hue, owned);
    put(PaletteRow.Fractional, hue, owned);
    put(PaletteRow.FractionalLight, hue, light);
    put(
      PaletteRow.Buyout,
      hue,
      owned.map((channel, i) => channel * (1 - BUYOUT_TINT) + (palette.buyout[i] as number) * BUYOUT_TINT),
    );
  }
  return bytes;
}

/**
 * Minimap colour of a parcel as RGBA bytes into `out` at `offset`: the palette colour, tinted
 * when it is the player's own (the minimap has no room for the ground's outline).
 */
export function writeMinimapColor(
  colors: Uint8Array,
  texel: TexelValue,
  ring: number,
  out: Uint8ClampedArray,
  offset: number,
): void {
  const column = texel.status === ParcelStatus.Unclaimed ? zoneOfRing(ring) : texel.hue;
  const from = (texel.status * PALETTE_COLUMNS + column) * 4;
  const tint = texel.flags & TexelFlag.Mine ? MINE_TINT : 0;
  const [mr, mg, mb] = palette.mine;
  out[offset] = (colors[from] as number) * (1 - tint) + 255 * mr * tint;
  out[offset + 1] = (colors[from + 1] as number) * (1 - tint) + 255 * mg * tint;
  out[offset + 2] = (colors[from + 2] as number) * (1 - tint) + 255 * mb * tint;
  out[offset + 3] = 255;
}

/** The palette bytes, built once: the ground's palette texture and the minimap share them. */
export const PALETTE_COLORS = buildPalette();
