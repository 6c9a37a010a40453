import { Color, ColorManagement } from 'three';
import { describe, expect, it } from 'vitest';
import type { MarketRow } from '../../../shared/market-api.ts';
import { ParcelStatus, parcelId } from '../../../shared/world.ts';
import { MapTexture } from './map-texture.ts';
import {
  HEAT_STOPS,
  OVERLAY_DIM,
  OVERLAY_MIX,
  overlayColor,
  overlayLevels,
  tintForOverlay,
} from './overlay.ts';
import { palette } from './palette.ts';

/* The reference is three's colour maths (lerp in sRGB, as palette.test.ts) and the palette's entries. */
ColorManagement.enabled = false;

const rgb = (value: readonly number[] | undefined) => new Color(...(value ?? []));
const bytesOf = (color: Color) => [color.r, color.g, color.b].map((channel) => Math.round(channel * 255));
const groundOf = (map: MapTexture, id: number) => [...map.ground.slice(id * 4, id * 4 + 3)];
const landOf = (bytes: number[]) => new Color(...bytes.map((b) => b / 255));

function expectBytesNear(actual: readonly number[], expected: readonly number[]) {
  const gap = Math.max(...expected.map((channel, i) => Math.abs((actual[i] as number) - channel)));
  expect(gap, `${actual} vs ${expected}`).toBeLessThanOrEqual(1);
}

/** The fields of a market row an overlay reads; the rest never matter to it. */
function row(id: number, over: Partial<MarketRow> = {}): MarketRow {
  return {
    parcelId: id,
    offering: { sharesLeft: '0', priceWei: '1' },
    pool: null,
    buyout: null,
    staking: { stakedUnits: '0', oreWeiPerYear: '0', apr: null },
    hashRate: 0,
    ...over,
  } as MarketRow;
}

describe('map overlays', () => {
  it('colours "for sale", "in buyout" and "mine" in their palette colours, heat from the coldest stop to the hottest', () => {
    expect(overlayColor('forSale', 255)).toEqual(palette.forSale);
    expect(overlayColor('buyout', 9)).toEqual(palette.buyout);
    expect(overlayColor('mine', 255)).toEqual(palette.mine);
    expect(overlayColor('apr', 1)).toEqual(HEAT_STOPS[0]);
    expect(overlayColor('hashRate', 255)).toEqual(HEAT_STOPS[HEAT_STOPS.length - 1]);
    // halfway up the ramp is the middle stop; a quarter is halfway between the first two
    expectBytesNear(bytesOf(rgb(overlayColor('apr', 128))), bytesOf(rgb(HEAT_STOPS[1])));
    const quarter = rgb(HEAT_STOPS[0]).lerp(rgb(HEAT_STOPS[1]), 0.5);
    expectBytesNear(bytesOf(rgb(overlayColor('apr', 64.5))), bytesOf(quarter));
  });

  it('levels: for sale when shares are on offer or in a pool, buyouts while one runs, heat by the square root of the hottest', () => {
    const a = parcelId(1, 1);
    const b = parcelId(2, 1);
    const c = parcelId(3, 1);
    const pool = { pair: '0x1', reserveShares: '1', reserveWei: '1', priceWei: '1' };
    const rows = [
      row(a, { offering: { sharesLeft: '5', priceWei: '1' } }),
      row(b, { pool, buyout: { bidWei: '1', endsAt: 9 }, hashRate: 100 }),
      row(c, { staking: { stakedUnits: '1', oreWeiPerYear: '1', apr: 0.25 }, hashRate: 25 }),
    ];
    const forSale = overlayLevels('forSale', rows, []);
    expect([forSale[a], forSale[b], forSale[c]]).toEqual([255, 255, 0]);
    const buyout = overlayLevels('buyout', rows, []);
    expect([buyout[a], buyout[b], buyout[c]]).toEqual([0, 255, 0]);
    const hash = overlayLevels('hashRate', rows, []);
    expect([hash[a], hash[b], hash[c]]).toEqual([0, 255, Math.round(255 * Math.sqrt(0.25))]);
    const apr = overlayLevels('apr', rows, []);
    expect([apr[a], apr[b], apr[c]]).toEqual([0, 0, 255]);
    const mine = overlayLevels('mine', rows, [b, parcelId(-7, 4)]);
    expect([mine[a], mine[b], mine[parcelId(-7, 4)]]).toEqual([0, 255, 255]);
    // no APR anywhere: nothing is hot
    expect(overlayLevels('apr', [row(a)], []).every((level) => level === 0)).toBe(true);
  });

  it('tints the land under a shown parcel towards its colour and darkens the others', () => {
    const levels = new Uint8Array(4);
    levels[1] = 255;
    const land = [120, 90, 60];
    const shown = new Uint8Array([...land, 7]);
    tintForOverlay({ kind: 'forSale', levels }, 1, shown, 0);
    expectBytesNear([...shown], bytesOf(landOf(land).lerp(rgb(palette.forSale), OVERLAY_MIX)));
    expect(shown[3]).toBe(7);
    const hidden = new Uint8Array([...land, 7]);
    tintForOverlay({ kind: 'forSale', levels }, 0, hidden, 0);
    expectBytesNear([...hidden], bytesOf(landOf(land).lerp(new Color(0, 0, 0), OVERLAY_DIM)));
  });

  it('writes the overlay into the ground texels, tells the minimap, and clears back to the land', () => {
    const map = new MapTexture();
    const owned = parcelId(4, -2);
    map.writeParcel(owned, ParcelStatus.Fractional, 40);
    const before = groundOf(map, owned);
    const alpha = map.ground[owned * 4 + 3];
    const version = map.version;
    const levels = new Uint8Array(map.data.length / 4);
    levels[owned] = 255;
    map.setOverlay({ kind: 'forSale', levels });
    expect(map.version).toBeGreaterThan(version);
    // the same overlay again (a re-read that found nothing new): nothing rewritten, no upload
    const shown = map.version;
    map.setOverlay({ kind: 'forSale', levels: levels.slice() });
    expect(map.version).toBe(shown);
    expectBytesNear(groundOf(map, owned), bytesOf(landOf(before).lerp(rgb(palette.forSale), OVERLAY_MIX)));
    // edge, stripes and structure are the ground's still
    expect(map.ground[owned * 4 + 3]).toBe(alpha);
    // a change under the overlay keeps it
    map.writeParcel(owned, ParcelStatus.Buyout, 40);
    const buyoutLand = (() => {
      const plain = new MapTexture();
      plain.writeParcel(owned, ParcelStatus.Buyout, 40);
      return groundOf(plain, owned);
    })();
    expectBytesNear(
      groundOf(map, owned),
      bytesOf(landOf(buyoutLand).lerp(rgb(palette.forSale), OVERLAY_MIX)),
    );
    map.setOverlay(null);
    expect(groundOf(map, owned)).toEqual(buyoutLand);
  });
});
