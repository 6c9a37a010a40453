import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { landRegistryAbi } from '../../shared/contracts.ts';
import { fakeDeployment, logOf, randomAddress } from '../../testing/test-logs.ts';
import { SqliteHistoryDb } from './history-db.ts';
import { HistorySink } from './history-sink.ts';
import { HistoryStore } from './history-store.ts';

const deployment = fakeDeployment();
const dirs: string[] = [];

/** A sink over a store in a fresh directory (no node: the logs carry their block times). */
function sinkAndStore() {
  const dir = mkdtempSync(join(tmpdir(), 'fracterra-sink-'));
  dirs.push(dir);
  const store = new HistoryStore(new SqliteHistoryDb(dir), deployment.addresses.ParcelStaking);
  return { sink: new HistorySink(store, deployment, 'http://127.0.0.1:1'), store };
}

/** Block `block`'s one log: parcel `block` claimed. */
const claimIn = (block: number) => ({
  ...logOf(
    landRegistryAbi,
    deployment.addresses.LandRegistry,
    'ParcelClaimed',
    [block, randomAddress(), 0, 0, 1n],
    block,
  ),
  blockTimestamp: `0x${(1_800_000_000 + block).toString(16)}`,
});
const claims = async (store: HistoryStore) => (await store.dump()).events?.map((e) => e.block);

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('history sink', () => {
  it('gathers consecutive pages into one write at a flush; a page elsewhere writes what it held first', async () => {
    const { sink, store } = sinkAndStore();
    await sink.page(1, 2, [claimIn(1), claimIn(2)]);
    await sink.page(3, 3, [claimIn(3)]);
    expect(await claims(store)).toEqual([]);
    await sink.flush();
    expect(await claims(store)).toEqual([1, 2, 3]);
    // a page that does not follow (a replay from further back) writes the held ones first
    await sink.page(4, 4, [claimIn(4)]);
    await sink.page(2, 3, [claimIn(2)]);
    expect(await claims(store)).toEqual([1, 2, 3, 4]);
    // a truncation writes them too, then drops what comes after
    await sink.truncateAfter(2);
    expect(await claims(store)).toEqual([1, 2]);
    await store.close();
  });

  it('forgets what it held when a replay restarts', async () => {
    const { sink, store } = sinkAndStore();
    await sink.page(1, 1, [claimIn(1)]);
    sink.restart();
    await sink.flush();
    expect(await claims(store)).toEqual([]);
    await store.close();
  });
});
