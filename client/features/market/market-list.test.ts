import { describe, expect, it } from 'vitest';
import type { MarketRow } from '../../../shared/market-api.ts';
import { ONE_ETH } from '../../../shared/units.ts';
import { parcelId } from '../../../shared/world.ts';
import { listMarket, loadMarket, type MarketFilter, measureFrom, NO_FILTER } from './market-list.ts';

const ETH = ONE_ETH;

/** A market row at (x, y): 1,000 shares, none left in the offering, no pool, no buyout, unless `over` says. */
function row(x: number, y: number, over: Partial<MarketRow> = {}): MarketRow {
  return {
    parcelId: parcelId(x, y),
    x,
    y,
    vault: `0x${'0'.repeat(39)}1`,
    supply: String(1_000n * ETH),
    offering: { sharesLeft: '0', priceWei: String(ETH / 100n) },
    pool: null,
    priceWei: String(ETH / 100n),
    impliedValueWei: String(10n * ETH),
    reserveWei: String(10n * ETH),
    buyout: null,
    change24h: null,
    volume24hEth: 0,
    trades24h: 0,
    staking: { stakedUnits: '0', oreWeiPerYear: '0', apr: null },
    hashRate: 0,
    rigLevel: 1,
    holders: 1,
    ...over,
  };
}

const pool = (priceWei: bigint) => ({
  pair: '0xpair',
  reserveShares: '1',
  reserveWei: '1',
  priceWei: String(priceWei),
});

// in parcel-id order, as the client loads them (sort=id)
const rows = [
  row(-3, 0, { offering: { sharesLeft: String(400n * ETH), priceWei: String(ETH / 50n) }, holders: 3 }),
  row(-1, 2, { pool: pool(ETH / 20n), staking: { stakedUnits: '1', oreWeiPerYear: '1', apr: 0.4 } }),
  row(0, 0, { buyout: { bidWei: String(12n * ETH), endsAt: 1_000 }, change24h: -0.1, holders: 7 }),
  row(2, -5, {
    pool: pool(ETH / 200n),
    staking: { stakedUnits: '1', oreWeiPerYear: '1', apr: 0.05 },
    holders: 3,
  }),
  row(9, 9, { offering: { sharesLeft: String(ETH), priceWei: String(ETH / 10n) }, change24h: 0.25 }),
].sort((a, b) => a.parcelId - b.parcelId);

const table = loadMarket(rows);
const coordsOf = (order: Uint32Array) => Array.from(order, (i) => `${rows[i]?.x},${rows[i]?.y}`);
const list = (
  filter: Partial<MarketFilter>,
  column: Parameters<typeof listMarket>[2]['column'],
  descending = false,
) => coordsOf(listMarket(table, { ...NO_FILTER, ...filter }, { column, descending }));

describe('market list', () => {
  it('sorts by a column either way, rows without the figure last both ways', () => {
    expect(list({}, 'poolPrice')).toEqual(['2,-5', '-1,2', '-3,0', '0,0', '9,9']);
    expect(list({}, 'poolPrice', true)).toEqual(['-1,2', '2,-5', '-3,0', '0,0', '9,9']);
    expect(list({}, 'change', true)).toEqual(['9,9', '0,0', '-3,0', '-1,2', '2,-5']);
    // the offering's price counts only while it has shares left
    expect(list({}, 'offerPrice')).toEqual(['-3,0', '9,9', '-1,2', '0,0', '2,-5']);
  });

  it('breaks ties by parcel id', () => {
    const byHolders = list({}, 'holders', true);
    expect(byHolders[0]).toBe('0,0');
    // -3,0 and 2,-5 both have 3 holders: the lower parcel id first
    expect(byHolders.slice(1, 3)).toEqual(['-3,0', '2,-5']);
  });

  it('filters offering open, has pool, in buyout and APR above', () => {
    expect(list({ offering: true }, 'parcel').sort()).toEqual(['-3,0', '9,9']);
    expect(list({ pool: true }, 'parcel').sort()).toEqual(['-1,2', '2,-5']);
    expect(list({ buyout: true }, 'parcel')).toEqual(['0,0']);
    expect(list({ aprMin: 0.1 }, 'parcel')).toEqual(['-1,2']);
    // no APR is not "APR ≥ 0"
    expect(list({ aprMin: 0 }, 'parcel').sort()).toEqual(['-1,2', '2,-5']);
    expect(list({ offering: true, pool: true }, 'parcel')).toEqual([]);
  });

  it('measures distance from the player, filters near me, and sorts by it', () => {
    expect(list({ radius: 3 }, 'parcel')).toEqual([]);
    measureFrom(table, { x: 0, y: 1 });
    // -1,2 and 0,0 are both 1 away: parcel id order
    expect(list({}, 'distance')).toEqual(['-1,2', '0,0', '-3,0', '2,-5', '9,9']);
    expect(list({ radius: 3 }, 'distance')).toEqual(['-1,2', '0,0', '-3,0']);
    measureFrom(table, null);
    expect(list({}, 'distance')).toEqual(
      coordsOf(listMarket(table, NO_FILTER, { column: 'parcel', descending: false })),
    );
  });

  it('keeps only the given parcels (mine) and the one searched by x,y', () => {
    // every implied value is the same: parcel id order
    expect(list({ only: new Set([parcelId(9, 9), parcelId(0, 0)]) }, 'value')).toEqual(['0,0', '9,9']);
    expect(list({ at: { x: 2, y: -5 } }, 'parcel')).toEqual(['2,-5']);
    expect(list({ at: { x: 50, y: 50 } }, 'parcel')).toEqual([]);
  });

  it('lists an empty market as nothing', () => {
    expect(listMarket(loadMarket([]), NO_FILTER, { column: 'apr', descending: true })).toHaveLength(0);
  });
});
