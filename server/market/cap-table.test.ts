import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAddress, ZeroAddress } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { ONE_SHARE } from '../../shared/units.ts';
import { SqliteHistoryDb } from './history-db.ts';
import type { HistoryEvent } from './history-decode.ts';
import { HistoryStore } from './history-store.ts';
import { MarketQueries } from './market-queries.ts';

const dir = mkdtempSync(join(tmpdir(), 'fracterra-cap-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const address = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const staking = address(0xfeed);
const vault = address(0xbeef);
const parcelId = 42;

/** A history event of the vault in block `block` (the fields a cap table reads; the rest plain). */
function event(
  block: number,
  logIndex: number,
  kind: HistoryEvent['kind'],
  fields: Partial<HistoryEvent>,
): HistoryEvent {
  return {
    block,
    logIndex,
    blockHash: `0x${block.toString(16).padStart(64, '0')}`,
    txHash: `0x${'ab'.repeat(32)}`,
    at: 1_700_000_000 + block,
    kind,
    parcelId,
    vault,
    actor: ZeroAddress,
    counterparty: ZeroAddress,
    amount: 0n,
    value: 0n,
    args: { reservePrice: '1' },
    ...fields,
  };
}

// SQLite only: the history's SQL is the same on Postgres (history.test.ts runs on both), and
// 10,000 rows one statement at a time take Postgres far longer than this test needs
describe('cap table', () => {
  it("lists a 10,000-holder vault's largest holders first, only as many as asked, with the supply parts", async () => {
    const db = new SqliteHistoryDb(dir);
    const store = new HistoryStore(db, staking);
    const holders = 10_000;
    const supply = BigInt(holders) * 1_000n * ONE_SHARE;
    // amounts of every length: 1 share up to 10,000 shares, so text order would be wrong
    const amountOf = (n: number) => BigInt(((n * 7_919) % holders) + 1) * ONE_SHARE;
    const events = [event(1, 0, 'fractionalize', { amount: supply })];
    for (let n = 1; n <= holders; n++)
      events.push(
        event(2, n, 'transfer', { actor: ZeroAddress, counterparty: address(n), amount: amountOf(n) }),
      );
    await store.replaceBlocks(1, 2, events);
    const history = await new MarketQueries(db, staking).parcelHistory(parcelId, 3_600, 25);
    const amounts = [...Array(holders).keys()].map((i) => amountOf(i + 1)).sort((a, b) => (b > a ? 1 : -1));
    expect(history.holders.map((h) => BigInt(h.amount))).toEqual(amounts.slice(0, 25));
    expect(history.holders[0]).toMatchObject({
      holder: address(([...Array(holders).keys()].find((i) => amountOf(i + 1) === amounts[0]) as number) + 1),
      kind: 'holder',
      ofSupply: Number(((amounts[0] as bigint) * 1_000_000n) / supply) / 1_000_000,
    });
    await store.close();
  });
});
