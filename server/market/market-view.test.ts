import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { marketQuerySchema } from '../../shared/market-api.ts';
import { ONE_ETH, ONE_SHARE } from '../../shared/units.ts';
import { ParcelStatus, parcelId } from '../../shared/world.ts';
import { fakeDeployment, randomAddress } from '../../testing/test-logs.ts';
import { until } from '../../testing/wait.ts';
import type { ParcelRecord } from '../chain-events.ts';
import { SqliteHistoryDb } from './history-db.ts';
import { MarketQueries, NOTHING_YET, type VaultFacts } from './market-queries.ts';
import { MarketSnapshots, marketPage, marketRows, SortedRows } from './market-view.ts';

/** A fractionalized parcel at (x, y) and its vault's facts; `fact` overrides them. */
function listed(x: number, y: number, fact: Partial<VaultFacts> = {}, parcel: Partial<ParcelRecord> = {}) {
  const vault = randomAddress();
  const id = parcelId(x, y);
  const record: ParcelRecord = {
    id,
    status: ParcelStatus.Fractional,
    owner: vault,
    vault,
    rigLevel: 1,
    auctionEnd: 0,
    staked: 0n,
    style: 0,
    palette: 0,
    styleVoteEnd: 0,
    topHolders: '',
    ...parcel,
  };
  const facts: VaultFacts = {
    ...NOTHING_YET,
    vault,
    parcelId: id,
    supply: 1_000n * ONE_SHARE,
    offerPrice: ONE_ETH / 1_000n,
    reservePrice: ONE_ETH,
    holders: 1,
    ...fact,
  };
  return { record, facts };
}

const parcels = [
  listed(0, 0, { offeringLeft: ONE_SHARE }),
  listed(1, 0, { pool: { pair: randomAddress(), reserveShares: 100n * ONE_SHARE, reserveWei: ONE_ETH } }),
  listed(5, 5, { bid: ONE_ETH }, { status: ParcelStatus.Buyout, auctionEnd: 1_900_000_000 }),
  listed(
    -3,
    2,
    { lastPrice: 0.002, priceBefore24h: 0.001, rewards24h: ONE_ETH },
    { staked: 10n * ONE_SHARE },
  ),
  // whole again: not on the market
  listed(9, 9, {}, { status: ParcelStatus.Owned, vault: '' }),
];
const rows = marketRows(
  parcels.map((p) => p.record),
  new Map(parcels.map((p) => [p.facts.vault, p.facts])),
  ONE_ETH / 100n,
);
const table = new SortedRows(rows);
const page = (query: Record<string, string>, held: Set<string> | null = null) =>
  marketPage(table, marketQuerySchema.parse(query), { held }, { block: 7, orePriceWei: ONE_ETH / 100n });
const ids = (query: Record<string, string>) => page(query).rows.map((row) => `${row.x},${row.y}`);

describe('market page', () => {
  it('lists fractionalized parcels with their prices: the pool first, else the offering', () => {
    expect(rows).toHaveLength(4);
    const pooled = rows.find((row) => row.x === 1);
    expect(pooled?.priceWei).toBe(String(ONE_ETH / 100n)); // 1 ETH over 100 shares
    expect(pooled?.impliedValueWei).toBe(String(10n * ONE_ETH));
    const staked = rows.find((row) => row.x === -3);
    expect(staked?.change24h).toBeCloseTo(1, 9);
    // 1 ORE a day = 365 ORE a year, at 0.01 ETH per ORE, over 10 staked shares at 0.001 ETH each
    expect(staked?.staking.apr).toBeCloseTo((365 * 0.01) / 10 / 0.001, 6);
    expect(rows.find((row) => row.x === 5)?.buyout).toEqual({
      bidWei: String(ONE_ETH),
      endsAt: 1_900_000_000,
    });
  });

  it('filters by offering, pool, buyout, APR, holder, x,y and distance', () => {
    expect(ids({ offering: 'true' })).toEqual(['0,0']);
    expect(ids({ pool: '1' })).toEqual(['1,0']);
    expect(ids({ buyout: 'true' })).toEqual(['5,5']);
    expect(ids({ aprMin: '10' })).toEqual(['-3,2']);
    expect(ids({ q: '5,5' })).toEqual(['5,5']);
    expect(ids({ near: '0,0', radius: '1', sort: 'distance', order: 'asc' })).toEqual(['0,0', '1,0']);
    const held = new Set([parcels[1]?.facts.vault ?? '']);
    expect(page({}, held).rows.map((row) => row.x)).toEqual([1]);
  });

  it('lists only parcels changed since a block, and names the changed ones the query no longer lists', () => {
    const changed = new Set([rows[0]?.parcelId ?? 0, parcelId(9, 9), parcelId(5, 5)]);
    const answer = marketPage(
      table,
      marketQuerySchema.parse({ since: '6', buyout: 'false', offering: 'true' }),
      { changed },
      { block: 7, orePriceWei: null },
    );
    expect(answer.rows.map((row) => row.parcelId)).toEqual([rows[0]?.parcelId]);
    // 9,9 left the market; 5,5 is in a buyout, out of an open offering's list
    expect(answer.gone).toEqual([parcelId(9, 9), parcelId(5, 5)].sort((a, b) => a - b));
    expect(page({}).gone).toBeUndefined();
  });

  it('sorts by a column with ties broken by parcel id, and pages without overlap', () => {
    expect(ids({ sort: 'value' })[0]).toBe('1,0');
    const byId = [...rows].sort((a, b) => a.parcelId - b.parcelId).map((row) => `${row.x},${row.y}`);
    // every row ties on rig level: the order is the ids'
    expect(ids({ sort: 'rig', order: 'asc' })).toEqual(byId);
    expect(ids({ sort: 'rig', order: 'desc' })).toEqual(byId);
    const pages = [1, 2, 3].map((n) => ids({ sort: 'rig', limit: '2', page: String(n) }));
    expect(pages.flat()).toEqual(byId);
    expect(page({ limit: '2', page: '3' }).empty).toMatch(/past the last page \(2\)/);
    // by distance from a place, nearest last when descending; each row says how far it is
    const far = page({ near: '5,5', sort: 'distance', order: 'desc' }).rows;
    expect(far.map((row) => row.distance)).toEqual([8, 5, 5, 0]);
    expect(far.at(-1)).toMatchObject({ x: 5, y: 5 });
    // the snapshot's orders are kept: a second ask lists the same
    expect(ids({ sort: 'value', order: 'asc' })).toEqual(ids({ sort: 'value', order: 'asc' }));
    expect(page({ buyout: 'true', offering: 'true' })).toMatchObject({
      total: 0,
      empty: 'No parcel matches these filters.',
    });
    expect(
      marketPage(new SortedRows([]), marketQuerySchema.parse({}), {}, { block: 0, orePriceWei: null }).empty,
    ).toBe('No parcel is on the market yet.');
  });
});

describe('market snapshots', () => {
  it("waits for a new block's rows, and serves the last snapshot while the minute's rebuild runs beside", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fracterra-snapshots-'));
    const db = new SqliteHistoryDb(dir);
    try {
      const deployment = fakeDeployment();
      const snapshots = new MarketSnapshots(
        new MarketQueries(db, deployment.addresses.ParcelStaking),
        deployment,
      );
      let builds = 0;
      const parcels = () => {
        builds++;
        return [];
      };
      const five = { block: 5, hash: '0x05' };
      const first = await snapshots.get(parcels, five, 0);
      expect(first.block).toBe(5);
      // the same block and minute: the same rows, no build
      expect(await snapshots.get(parcels, five, 59_000)).toBe(first);
      expect(builds).toBe(1);
      // the minute moved: the last rows at once, the next ones built beside them
      expect(await snapshots.get(parcels, five, 60_000)).toBe(first);
      await until(async () => (await snapshots.get(parcels, five, 60_000)) !== first, 'the rebuilt rows');
      expect(builds).toBe(2);
      // a new block: its own rows, waited for
      expect((await snapshots.get(parcels, { block: 6, hash: '0x06' }, 60_000)).block).toBe(6);
      expect(builds).toBe(3);
      // a reorg replaced block 6 at the same height: its own rows too, waited for
      expect((await snapshots.get(parcels, { block: 6, hash: '0x6b' }, 60_000)).hash).toBe('0x6b');
      expect(builds).toBe(4);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
