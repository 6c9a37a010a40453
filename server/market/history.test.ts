import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ONE_ETH, ONE_SHARE } from '../../shared/units.ts';
import { parcelId } from '../../shared/world.ts';
import { PLAYER_KEYS } from '../../testing/keys.ts';
import { claimParcel, startTestChain, type TestChain } from '../../testing/test-chain.ts';
import { marketPlayer } from '../../testing/test-market.ts';
import {
  hasPostgres,
  NO_POSTGRES,
  startTestPostgres,
  type TestPostgres,
} from '../../testing/test-postgres.ts';
import { until } from '../../testing/wait.ts';
import { ChainIndexer } from '../indexer.ts';
import { rpcCall } from '../rpc.ts';
import { type HistoryDb, PgHistoryDb, SqliteHistoryDb } from './history-db.ts';
import { HistorySink } from './history-sink.ts';
import { HistoryStore } from './history-store.ts';
import { MarketQueries } from './market-queries.ts';

const log = pino({ level: 'silent' });
let chain: TestChain;
let postgres: TestPostgres | undefined;
const dirs: string[] = [];
const id = parcelId(1, 1);

/** The two databases a history lives in; `fresh()` opens an empty one. */
interface Backend {
  name: string;
  available: boolean;
  fresh(): Promise<HistoryDb>;
}
const backends: Backend[] = [
  { name: 'SQLite', available: true, fresh: async () => new SqliteHistoryDb(tempDir()) },
  {
    name: 'Postgres',
    available: hasPostgres,
    async fresh() {
      if (!postgres) throw new Error('postgres not started');
      return PgHistoryDb.open(await postgres.createDatabase());
    },
  },
];
if (!hasPostgres) console.warn(`history.test.ts Postgres suite ${NO_POSTGRES}`);

/**
 * A history store in a fresh place of `backend` and an indexer feeding it (pages of 3 blocks);
 * it writes while `writer` holds the lease (always by default).
 */
async function historyIndexer(backend: Backend, given?: HistoryStore, writer?: { held: boolean }) {
  const store = given ?? new HistoryStore(await backend.fresh(), chain.deployment.addresses.ParcelStaking);
  const sink = new HistorySink(store, chain.deployment, chain.rpcUrl, writer);
  const indexer = new ChainIndexer({
    rpcUrl: chain.rpcUrl,
    deployment: chain.deployment,
    log,
    pageSize: 3,
    pollMs: 20,
    sink,
  });
  return { store, indexer };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fracterra-history-'));
  dirs.push(dir);
  return dir;
}

/** The store's rows once a fresh indexer has replayed the chain into it. */
async function replayed(backend: Backend, store?: HistoryStore) {
  const { store: used, indexer } = await historyIndexer(backend, store);
  indexer.start();
  await indexer.caughtUp();
  await indexer.stop();
  return used;
}

let vault: string;
/** The vault of parcel (-1, 1), bought out. */
let boughtOut: string;
const [alice, bob, carol] = PLAYER_KEYS.map((key) => new Wallet(key).address);

beforeAll(async () => {
  // an easy target (a digest wins 1 time in 8): solutions in a few hashes
  if (hasPostgres) postgres = await startTestPostgres();
  // style votes and buyouts close after a minute
  chain = await startTestChain({ oreInitialTarget: 2n ** 253n, styleVoteSec: 60, auctionLengthSec: 60 });
  const [a, b, c] = PLAYER_KEYS.map((key) => marketPlayer(chain.rpcUrl, chain.deployment, key));
  if (!a || !b || !c) throw new Error('three players');
  // (claims before alice's market moves: they send from her key with their own nonces)
  await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], 1, 1);
  await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], -1, 1);
  vault = await a.fractionalize(1, 1);
  await b.buyOffering(vault, 100n * ONE_SHARE);
  await a.addLiquidity(vault, 100n * ONE_SHARE, ONE_ETH / 10n);
  await b.buyInPool(vault, ONE_ETH / 100n);
  await b.sellInPool(vault, 5n * ONE_SHARE);
  await b.stake(vault, 50n * ONE_SHARE);
  // another parcel is bought out: carol starts at its 1 ETH reserve, bob outbids her
  boughtOut = await a.fractionalize(-1, 1);
  await c.startBuyout(boughtOut, ONE_ETH);
  await b.bid(boughtOut, 2n * ONE_ETH);
  // the co-owners restyle the parcel: bob proposes, alice votes for, and once closed it is settled
  await b.proposeStyle(vault, 2n, 7n);
  await a.voteStyle(vault, true);
  // (bob's late bid extended the auction by a minute)
  await rpcCall(chain.rpcUrl, 'evm_increaseTime', [180]);
  await b.settleStyle(vault);
  // the auction is over: bob wins, alice cashes out her shares
  await b.endBuyout(boughtOut);
  await a.cashOut(boughtOut);
  await b.vote(vault, 2n * ONE_ETH);
  await c.mine(1, 1);
  await c.mine(1, 1);
  for (const player of [a, b, c]) player.close();
}, 120_000);

afterAll(async () => {
  await chain?.stop();
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(backends)('market history in $name', (backend) => {
  const it = test.skipIf(!backend.available);

  it('records trades, candles, holdings, reserve and style votes and solutions from the chain', async () => {
    const store = await replayed(backend);
    const { trades, candles, holdings, hash_rate, miners, events } = await store.dump();
    expect(trades?.map((t) => t.side)).toEqual(['offering', 'buy', 'sell']);
    expect(trades?.[0]).toMatchObject({ parcel_id: id, trader: bob, shares: String(100n * ONE_SHARE) });
    // each interval has its candle(s); the three trades are seconds apart
    expect(candles?.filter((c) => c.interval === 86_400).reduce((n, c) => n + Number(c.trades), 0)).toBe(3);
    const held = new Map(
      holdings?.filter((h) => h.vault === vault).map((h) => [h.holder, BigInt(String(h.amount))]),
    );
    // staking holds nothing in the books: bob's 50 staked shares stay his
    expect(held.has(chain.deployment.addresses.ParcelStaking)).toBe(false);
    const bought = BigInt(String(trades?.[1]?.shares));
    expect(held.get(bob)).toBe(100n * ONE_SHARE + bought - 5n * ONE_SHARE);
    expect(held.get(vault)).toBe(300n * ONE_SHARE); // 400 offered, 100 sold
    expect(held.get(alice)).toBe(500n * ONE_SHARE); // 600 kept, 100 into the pool
    // bob votes 2 ETH; the reserve is the weight-averaged vote with alice's 1 ETH anchor
    const vote = events?.find((e) => e.kind === 'vote');
    expect(vote).toMatchObject({ actor: bob, args: expect.stringContaining(`"price":"${2n * ONE_ETH}"`) });
    expect(BigInt(String(vote?.value))).toBeGreaterThan(ONE_ETH);
    expect(BigInt(String(vote?.value))).toBeLessThan(2n * ONE_ETH);
    const style = events?.filter((e) => String(e.kind).startsWith('style-'));
    expect(style?.map((e) => [e.kind, e.actor, e.parcel_id])).toEqual([
      ['style-proposed', bob, id],
      ['style-vote', bob, id],
      ['style-vote', alice, id],
      ['style-settled', '', id],
    ]);
    expect(style?.at(-1)?.args).toContain('"passed":"true"');
    // the story tells every kind: claim, fractionalize, buys, swaps, stakes, votes, bids, end, cash-outs
    const story = async (parcel: number) =>
      (
        await new MarketQueries(store.db, chain.deployment.addresses.ParcelStaking).parcelHistory(
          parcel,
          300,
          100,
        )
      ).events.map((e) => e.kind);
    expect(await story(id)).toEqual([
      'claim',
      'fractionalize',
      'offering-buy',
      'pool-created',
      'swap',
      'swap',
      'stake',
      'style-proposed',
      'style-vote',
      'style-vote',
      'style-settled',
      'vote',
    ]);
    expect(await story(parcelId(-1, 1))).toEqual([
      'claim',
      'fractionalize',
      'buyout-start',
      'bid',
      'buyout-won',
      'cash-out',
    ]);
    expect(hash_rate?.reduce((n, h) => n + Number(h.solutions), 0)).toBe(2);
    expect(miners).toEqual([expect.objectContaining({ miner: carol, solutions: 2 })]);
    await store.close();
  }, 60_000);

  it('a replay gives the same rows, into a fresh file or again into the same one', async () => {
    const first = await replayed(backend);
    const fresh = await replayed(backend);
    expect(await fresh.dump()).toEqual(await first.dump());
    const again = await replayed(backend, first); // a restart: every page replayed into the rows it wrote
    expect(await again.dump()).toEqual(await fresh.dump());
    await first.close();
    await fresh.close();
  }, 60_000);
});

// one chain for both databases: each follows the same reorg and rollback beside the other
test('follows a reorg and a rollback in each database: the rows equal a fresh replay, none doubled, none left behind', async () => {
  const followers = await Promise.all(
    backends.filter((b) => b.available).map(async (b) => ({ backend: b, ...(await historyIndexer(b)) })),
  );
  for (const { indexer } of followers) indexer.start();
  const solutions = async (store: HistoryStore) => (await store.dump()).miners?.[0]?.solutions;
  const voted = async (store: HistoryStore) => (await store.dump()).events?.some((e) => e.kind === 'vote');
  /** Each follower's rows equal a fresh replay of the chain now into the same database. */
  const likeReplay = async () => {
    for (const { backend, store } of followers) {
      const replay = await replayed(backend);
      expect(await store.dump()).toEqual(await replay.dump());
      await replay.close();
    }
  };
  try {
    for (const { indexer, store } of followers) {
      await indexer.caughtUp();
      expect(await solutions(store)).toBe(2);
    }
    // the last block (carol's second solution) replaced by an empty one
    await rpcCall(chain.rpcUrl, 'anvil_reorg', [1, []]);
    for (const { store, backend } of followers)
      await until(
        async () => (await solutions(store)) === 1,
        `${backend.name}: the solution of the old branch to go`,
      );
    await likeReplay();
    // three blocks rolled back (the empty one, the first solution, the vote): the chain is shorter
    await rpcCall(chain.rpcUrl, 'anvil_rollback', [3]);
    for (const { store, backend } of followers) {
      await until(async () => !(await voted(store)), `${backend.name}: the rolled-back vote to go`);
      expect((await store.dump()).miners).toEqual([]);
    }
    await likeReplay();
  } finally {
    for (const { indexer, store } of followers) {
      await indexer.stop();
      await store.close();
    }
  }
}, 120_000);

test.skipIf(!hasPostgres)(
  'with a shared Postgres only the lease holder writes, and the next holder fills in what it skipped',
  async () => {
    if (!postgres) throw new Error('postgres not started');
    const url = await postgres.createDatabase();
    const shared: Backend = { name: 'shared Postgres', available: true, fresh: () => PgHistoryDb.open(url) };
    const first = { held: true };
    const second = { held: false };
    const a = await historyIndexer(shared, undefined, first);
    const b = await historyIndexer(shared, undefined, second);
    const solutions = async () => (await b.store.dump()).events?.filter((e) => e.kind === 'solution').length;
    a.indexer.start();
    b.indexer.start();
    try {
      await a.indexer.caughtUp();
      await b.indexer.caughtUp();
      const before = await solutions();
      // the holder dies; the other process follows the chain but writes nothing while it holds nothing
      await a.indexer.stop();
      const miner = marketPlayer(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2] as string);
      await miner.mine(1, 1);
      miner.close();
      const head = Number(await rpcCall<string>(chain.rpcUrl, 'eth_blockNumber', []));
      await until(() => b.indexer.status().indexedBlock >= head, 'the second process to index the solution');
      expect(await solutions()).toBe(before);
      // it takes the lease: its next poll replays the sink into the shared record
      second.held = true;
      await until(
        async () => (await solutions()) === (before ?? 0) + 1,
        'the new holder to write the skipped solution',
      );
      const replay = await replayed(backends[1] as Backend);
      expect(await b.store.dump()).toEqual(await replay.dump());
      await replay.close();
    } finally {
      await a.indexer.stop();
      await b.indexer.stop();
      await a.store.close();
      await b.store.close();
    }
  },
  120_000,
);
