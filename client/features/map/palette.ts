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

/** HSL (all 0–1) to sRGB (0–1), the same formula as the ground shader's `hsl2rgb`. */
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

const rgb = [0, 0, 0];

/** Minimap colour of a parcel at `ring` as RGBA bytes, written into `out` at `offset`. */
export function writeMinimapColor(
  texel: TexelValue,
  ring: number,
  out: Uint8ClampedArray,
  offset: number,
): void {
  if (texel.status === ParcelStatus.Unclaimed) {
    const base =
      ring <= CENTRE_RING
        ? palette.unclaimedPlaza
        : ring <= INNER_RING
          ? palette.unclaimedInner
          : palette.unclaimedOuter;
    [rgb[0], rgb[1], rgb[2]] = base as [number, number, number];
  } else if (texel.status === ParcelStatus.Buyout) {
    [rgb[0], rgb[1], rgb[2]] = palette.buyout as [number, number, number];
  } else {
    const lightness = texel.status === ParcelStatus.Fractional ? FRACTIONAL_LIGHTNESS : OWNER_LIGHTNESS;
    hslToRgb(texel.hue / 256, OWNER_SATURATION, lightness, rgb);
  }
  const tint = texel.flags & TexelFlag.Mine ? MINE_TINT : 0;
  const [r, g, b] = rgb as [number, number, number];
  const [mr, mg, mb] = palette.mine;
  out[offset] = 255 * (r * (1 - tint) + mr * tint);
  out[offset + 1] = 255 * (g * (1 - tint) + mg * tint);
  out[offset + 2] = 255 * (b * (1 - tint) + mb * tint);
  out[offset + 3] = 255;
}
