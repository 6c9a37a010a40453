import type { ParcelView } from './state.ts';
import { paletteHue, styleBands } from './structure-styles.ts';
import { ownerHue, ParcelStatus } from './world.ts';

/**
 * What stands on a claimed parcel, generated from its on-chain state alone (a pure function: the
 * same parcel looks the same in every browser). Heights are world units (a parcel is 1 wide).
 *
 * - An owned parcel carries a house; once a miner works it (live hash rate > 0), a workshop.
 * - A co-owned (fractionalized) parcel carries a tower whose floors are banded in the colours of
 *   its largest holders when they are known, else striped like its land.
 * - A parcel in buyout carries an auction hall with a band in the buyout colour.
 * - Each rig level adds height, and so does the live hash rate (on a log scale).
 * - The owner's (or co-owners' voted) style and palette colour (shared/structure-styles.ts) paint
 *   it instead: a chosen style replaces the generated bands (a hall keeps its buyout band on top),
 *   a palette colour replaces the owner's colour.
 */
export const StructureKind = { House: 0, Workshop: 1, Tower: 2, Hall: 3 } as const;
export type StructureKind = (typeof StructureKind)[keyof typeof StructureKind];
export const STRUCTURE_KINDS = 4;

/** One band of a structure's floors, bottom to top. */
export interface Band {
  /** Hue 0–255 (the scale of ownerHue). */
  hue: number;
  /** HSL lightness 0–1 (saturation is the map's owner saturation). */
  lightness: number;
  /** Fraction of the structure's height, > 0; a structure's bands sum to 1. */
  share: number;
}

export interface Structure {
  kind: StructureKind;
  /** Height of the top (roof included) above the ground, world units. */
  height: number;
  /** 1–MAX_BANDS bands, bottom to top. */
  bands: Band[];
}

/** A holder of a vault's shares, with a balance in share base units. */
export interface Holding {
  address: string;
  balance: bigint;
}

/** Top holders as the room sends them: their part of the supply is in basis points of this. */
export const SUPPLY_BASIS_POINTS = 10_000n;

/** Bands a structure carries at most (the client passes them as one vec4 per instance). */
export const MAX_BANDS = 4;
/** Holders with a band of their own at most: the rest share the top band. */
export const BANDED_HOLDERS = MAX_BANDS - 1;
/** The smallest band of "everyone else" drawn (a fraction of the height). */
const MIN_BAND_SHARE = 0.01;
/** Lightness of owned land and of a structure's body (the map's OWNER_LIGHTNESS). */
export const BODY_LIGHTNESS = 0.5;
/** Lightness of the light stripe of co-owned land (the map's FRACTIONAL_LIGHTNESS). */
export const STRIPE_LIGHTNESS = 0.72;
/** Hue (0–255) of the buyout band: the map's buyout orange, #ff7a1a. */
export const BUYOUT_HUE = 18;

/** Height of each kind before rigs and hash rate. */
const BASE_HEIGHT: Record<StructureKind, number> = {
  [StructureKind.House]: 0.9,
  [StructureKind.Workshop]: 1.1,
  [StructureKind.Tower]: 2.4,
  [StructureKind.Hall]: 1.4,
};
/** World units per rig level. */
export const HEIGHT_PER_RIG_LEVEL = 0.3;
/** Rig levels that add height at most. */
export const MAX_COUNTED_RIG_LEVEL = 10;
/** World units per decade of hash rate (1 kH/s adds 3 × this). */
export const HEIGHT_PER_HASH_DECADE = 0.2;
/** Hash rate decades counted at most (10^9 H/s). */
const MAX_HASH_DECADES = 9;

function kindOf(view: Pick<ParcelView, 'status' | 'hashRate'>): StructureKind | null {
  switch (view.status) {
    case ParcelStatus.Owned:
      return view.hashRate > 0 ? StructureKind.Workshop : StructureKind.House;
    case ParcelStatus.Fractional:
      return StructureKind.Tower;
    case ParcelStatus.Buyout:
      return StructureKind.Hall;
    default:
      return null;
  }
}

/** Height (world units) of a structure of `kind` with `rigLevel` and `hashRate` (H/s). */
export function structureHeight(kind: StructureKind, rigLevel: number, hashRate: number): number {
  const levels = Math.min(Math.max(Math.floor(rigLevel) || 0, 0), MAX_COUNTED_RIG_LEVEL);
  const decades = hashRate > 0 ? Math.min(Math.log10(1 + hashRate), MAX_HASH_DECADES) : 0;
  return BASE_HEIGHT[kind] + levels * HEIGHT_PER_RIG_LEVEL + decades * HEIGHT_PER_HASH_DECADE;
}

/** A holder's band: their colour (ownerHue) and part of the supply (0–1). */
export interface HolderPart {
  hue: number;
  part: number;
}

/**
 * The BANDED_HOLDERS largest holders with shares, largest first (ties by address), with their part
 * of `supply` (by default what `holders` hold together) rounded down to a basis point. Holders in
 * `skip` (a vault's own unsold offering) get no band but count in the supply.
 */
export function largestHolders(
  holders: Iterable<Holding>,
  supply?: bigint,
  skip: ReadonlySet<string> = new Set(),
): HolderPart[] {
  const positive = [...holders].filter((holder) => holder.balance > 0n);
  const held = positive.reduce((sum, holder) => sum + holder.balance, 0n);
  const total = supply !== undefined && supply > held ? supply : held;
  return positive
    .filter((holder) => !skip.has(holder.address))
    .sort((a, b) =>
      a.balance === b.balance ? a.address.localeCompare(b.address) : a.balance > b.balance ? -1 : 1,
    )
    .slice(0, BANDED_HOLDERS)
    .map((holder) => ({
      hue: ownerHue(holder.address),
      // basis points of the supply: exact in bigint, then a plain number
      part: Number((holder.balance * SUPPLY_BASIS_POINTS) / total) / Number(SUPPLY_BASIS_POINTS),
    }));
}

/**
 * The largest holders as the room sends them (ParcelView.topHolders): `hue:basisPoints`, largest
 * first, comma-separated (a few bytes each: the state of a fully co-owned map stays small); ''
 * without shares.
 */
export function encodeTopHolders(parts: readonly HolderPart[]): string {
  return parts.map(({ hue, part }) => `${hue}:${Math.round(part * Number(SUPPLY_BASIS_POINTS))}`).join(',');
}

/** The parts in `encodeTopHolders`' text; malformed entries are left out. */
export function decodeTopHolders(text: string | undefined): HolderPart[] {
  if (!text) return [];
  return text.split(',').flatMap((entry) => {
    const match = /^(\d{1,3}):(\d{1,5})$/.exec(entry);
    if (!match) return [];
    const hue = Number(match[1]);
    const part = Number(match[2]) / Number(SUPPLY_BASIS_POINTS);
    return hue <= 255 && part <= 1 ? [{ hue, part }] : [];
  });
}

/**
 * Bands of a co-owned tower: one per holder among the BANDED_HOLDERS largest (largest at the
 * bottom), as tall as their part of the supply, and one band for everyone else in the land's
 * light stripe; without holders, the land's two stripes alternating.
 */
function coOwnedBands(vaultHue: number, parts: readonly HolderPart[]): Band[] {
  if (parts.length === 0) {
    return Array.from({ length: MAX_BANDS }, (_, i) => ({
      hue: vaultHue,
      lightness: i % 2 === 0 ? BODY_LIGHTNESS : STRIPE_LIGHTNESS,
      share: 1 / MAX_BANDS,
    }));
  }
  const bands: Band[] = parts
    .slice(0, BANDED_HOLDERS)
    .map(({ hue, part }) => ({ hue, lightness: BODY_LIGHTNESS, share: part }));
  const rest = 1 - bands.reduce((sum, band) => sum + band.share, 0);
  if (rest >= MIN_BAND_SHARE) bands.push({ hue: vaultHue, lightness: STRIPE_LIGHTNESS, share: rest });
  else (bands[bands.length - 1] as Band).share += rest; // too thin to see: the bands still sum to 1
  return bands;
}

/**
 * The structure on a parcel, or null for unclaimed land. `holders` are the vault's holders where
 * known (co-owned parcels only; any order, any count); by default the view's `topHolders`.
 */
export function structureOf(
  view: Pick<ParcelView, 'status' | 'owner' | 'rigLevel' | 'hashRate' | 'style' | 'palette' | 'topHolders'>,
  holders?: readonly Holding[],
): Structure | null {
  const kind = kindOf(view);
  if (kind === null) return null;
  const hue = paletteHue(view.palette, ownerHue(view.owner));
  const height = structureHeight(kind, view.rigLevel, view.hashRate);
  const styled = styleBands(view.style, hue);
  switch (kind) {
    case StructureKind.Tower:
      return {
        kind,
        height,
        bands:
          styled ?? coOwnedBands(hue, holders ? largestHolders(holders) : decodeTopHolders(view.topHolders)),
      };
    case StructureKind.Hall: {
      // the body below, the buyout band on top: at most MAX_BANDS - 1 body bands
      const body = (styled ?? [{ hue, lightness: BODY_LIGHTNESS, share: 1 }]).slice(0, MAX_BANDS - 1);
      const bodyShare = body.reduce((sum, band) => sum + band.share, 0);
      return {
        kind,
        height,
        bands: [
          ...body.map((band) => ({ ...band, share: (band.share / bodyShare) * 0.6 })),
          { hue: BUYOUT_HUE, lightness: BODY_LIGHTNESS, share: 0.4 },
        ],
      };
    }
    default:
      return { kind, height, bands: styled ?? [{ hue, lightness: BODY_LIGHTNESS, share: 1 }] };
  }
}
