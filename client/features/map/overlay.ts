import type { MarketRow } from '../../../shared/market-api.ts';
import { PARCEL_COUNT } from '../../../shared/world.ts';
import { palette } from './palette.ts';

/**
 * Map overlays: one question about every parcel (is it for sale, in a buyout, how high its APR or
 * hash rate, is it mine) answered in the ground's colours. An overlay is a level per parcel
 * (0: not shown, 1–255: how much), written into the ground texels with the land colour under it
 * (MapTexture.setOverlay), so it costs no draw call; the minimap paints the same colours.
 */
export const OVERLAY_KINDS = ['none', 'forSale', 'buyout', 'apr', 'hashRate', 'mine'] as const;
export type OverlayKind = (typeof OVERLAY_KINDS)[number];

export const OVERLAY_LABELS: Record<OverlayKind, string> = {
  none: 'No overlay',
  forSale: 'For sale',
  buyout: 'In buyout',
  apr: 'APR heat',
  hashRate: 'Hash-rate heat',
  mine: 'My parcels',
};

/** What the legend says each overlay's colour means. */
export const OVERLAY_LEGENDS: Record<Exclude<OverlayKind, 'none'>, string> = {
  forSale: 'shares on offer or in a pool',
  buyout: 'buyout auction running',
  apr: 'staking APR, low to high',
  hashRate: 'hash rate, low to high',
  mine: 'owned or co-owned by you',
};

/** An overlay as the ground takes it: its kind and a level per parcel id (0: not shown). */
export interface MapOverlay {
  kind: Exclude<OverlayKind, 'none'>;
  levels: Uint8Array;
}

type Rgb = readonly [number, number, number];

/** Heat overlays run from cold (a low level) to hot (255) through these stops, sRGB 0–1. */
export const HEAT_STOPS: readonly Rgb[] = [
  [0.17, 0.12, 0.43],
  [0.75, 0.18, 0.5],
  [1, 0.88, 0.3],
];
/** How far a parcel the overlay shows is drawn in the overlay's colour (the rest is its land). */
export const OVERLAY_MIX = 0.8;
/** How far a parcel the overlay does not show is darkened, so the shown ones stand out. */
export const OVERLAY_DIM = 0.55;

/** The colour of `level` (1–255) of an overlay, sRGB 0–1. */
export function overlayColor(kind: MapOverlay['kind'], level: number): Rgb {
  if (kind === 'forSale') return palette.forSale;
  if (kind === 'buyout') return palette.buyout;
  if (kind === 'mine') return palette.mine;
  // a heat ramp: level 1 at the first stop, 255 at the last
  const at = ((Math.min(Math.max(level, 1), 255) - 1) / 254) * (HEAT_STOPS.length - 1);
  const index = Math.min(Math.floor(at), HEAT_STOPS.length - 2);
  const from = HEAT_STOPS[index] as Rgb;
  const to = HEAT_STOPS[index + 1] as Rgb;
  const t = at - index;
  return [0, 1, 2].map((c) => (from[c] as number) * (1 - t) + (to[c] as number) * t) as unknown as Rgb;
}

/**
 * Rewrites the RGB bytes at `offset` of `out` (a parcel's land colour) for an overlay: mixed
 * towards the level's colour by OVERLAY_MIX when shown, darkened by OVERLAY_DIM when not.
 */
export function tintForOverlay(
  overlay: MapOverlay,
  id: number,
  out: Uint8Array | Uint8ClampedArray,
  offset: number,
) {
  const level = overlay.levels[id] as number;
  if (level === 0) {
    for (let c = 0; c < 3; c++) out[offset + c] = Math.round((out[offset + c] as number) * (1 - OVERLAY_DIM));
    return;
  }
  const color = overlayColor(overlay.kind, level);
  for (let c = 0; c < 3; c++) {
    const land = out[offset + c] as number;
    out[offset + c] = Math.round(land * (1 - OVERLAY_MIX) + 255 * (color[c] as number) * OVERLAY_MIX);
  }
}

/** Level 1–255 of `value` on a scale to `max` (a square root: a few hot parcels leave the rest visible). */
function heat(value: number, max: number): number {
  return value > 0 && max > 0 ? Math.max(1, Math.round(255 * Math.sqrt(Math.min(value / max, 1)))) : 0;
}

/**
 * Levels of overlay `kind` from the market's rows and the parcels that are the player's (`mine`:
 * owned, or co-owned by shares); a heat's hottest parcel sets the top of its scale.
 */
export function overlayLevels(
  kind: MapOverlay['kind'],
  rows: readonly MarketRow[],
  mine: Iterable<number>,
): Uint8Array {
  const levels = new Uint8Array(PARCEL_COUNT);
  if (kind === 'mine') {
    for (const id of mine) levels[id] = 255;
    return levels;
  }
  const measure = (row: MarketRow): number => {
    if (kind === 'forSale') return BigInt(row.offering.sharesLeft) > 0n || row.pool !== null ? 1 : 0;
    if (kind === 'buyout') return row.buyout ? 1 : 0;
    if (kind === 'apr') return row.staking.apr ?? 0;
    return row.hashRate;
  };
  const values = rows.map(measure);
  const max = values.reduce((top, value) => Math.max(top, value), 0);
  rows.forEach((row, i) => {
    levels[row.parcelId] = heat(values[i] as number, max);
  });
  return levels;
}
