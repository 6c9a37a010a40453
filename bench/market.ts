/**
 * Market benchmark (`market.json`): a generated world of PARCELS fractionalized parcels, each with a
 * pool, a week of swaps and of solutions, as the chain's logs.
 *
 * - `reindexSec`: a full rebuild from those logs, as the indexer does it after a reorg or on a
 *   fresh data dir: the parcel reducer and the market-history sink (decode, rows, trades,
 *   candles, holdings, hash rate) into a new market.sqlite. The logs are given (no node to fetch
 *   them from), with their block times, so the figure leaves out the RPC round trips; the
 *   logs are generated page by page, outside the timed part. `reindexCpuSec`: the CPU time of it
 *   (on a shared machine the wall time mostly waits for a core).
 * - `apiP99Ms` (and p50): `/api/market` answered by the server's market routes over that SQLite
 *   history, at API_RATE requests a second for API_SECONDS (open loop, a mix of sorts, filters and
 *   pages). The routes take their per-IP limit as a parameter: the bench gives them one above its
 *   rate; the server's own default (DEFAULT_HTTP_LIMITS.api) is unchanged. A request that fails
 *   (refused, timed out) counts in `apiFailures`. `apiCpuMsPerRequest`: CPU time per request of
 *   the server and the load together (one process), which a busy machine does not inflate.
 * - `listMs_10000`: the client's market list (client/features/market/market-list.ts: filter and
 *   sort of every row, as the browser runs it) over the PARCELS rows, run in node; the median of
 *   LIST_RUNS runs.
 * - BENCH_MARKET_DB=postgres: the same over a Postgres history (a durable test server, started
 *   for the run) instead of SQLite; `reindexCpuSec` is then this process's CPU alone, the
 *   database server's is not in it.
 * - `bundleGzipKB`: the first view's JS (gzip) of the production build (the market, leaderboard,
 *   story charts and the portfolio's profit and loss load later, in their own chunks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interface, type InterfaceAbi, toBeHex, ZeroAddress, zeroPadValue } from 'ethers';
import { listMarket, loadMarket, NO_FILTER } from '../client/features/market/market-list.ts';
import { buildClientIfStale } from '../scripts/build.ts';
import { applyLog, type ChainLog, emptyWorld } from '../server/chain-events.ts';
import { answerErrors } from '../server/http-kit.ts';
import type { ChainIndexer } from '../server/indexer.ts';
import { type HistoryDb, PgHistoryDb, SqliteHistoryDb } from '../server/market/history-db.ts';
import { HistorySink } from '../server/market/history-sink.ts';
import { HistoryStore } from '../server/market/history-store.ts';
import { MarketQueries } from '../server/market/market-queries.ts';
import { createMarketRoutes } from '../server/market/market-routes.ts';
import { MarketSnapshots } from '../server/market/market-view.ts';
import * as abi from '../shared/contracts.ts';
import { ONE_ETH, ONE_SHARE } from '../shared/units.ts';
import { parcelCoords } from '../shared/world.ts';
import { fakeDeployment } from '../testing/test-logs.ts';
import { startTestPostgres, type TestPostgres } from '../testing/test-postgres.ts';
import { initialJsGzipKB } from './render.ts';

/** Parcels of the generated world; BENCH_MARKET_PARCELS overrides (a quick look on a busy machine). */
const PARCELS = Number(process.env.BENCH_MARKET_PARCELS ?? 10_000);
/** `postgres`: the history in Postgres rather than SQLite. */
const ON_POSTGRES = process.env.BENCH_MARKET_DB === 'postgres';
/** Swaps per parcel over the week, and solutions. */
const SWAPS = 12;
const SOLUTIONS = 3;
const WEEK = 7 * 86_400;
const API_RATE = 200;
const API_SECONDS = 10;
const LIST_RUNS = 15;
/** Logs per page of the rebuild (the indexer's default page is 2,000 blocks). */
const PAGE_LOGS = 5_000;

const SUPPLY = 1_000n * ONE_SHARE;
/** A generated account (lower case: the indexer checksums what it reads). */
const address = (kind: number, n: number) =>
  `0x${kind.toString(16).padStart(2, '0')}${n.toString(16).padStart(38, '0')}`;

/** One ABI word of an address, a bytes32 (hex) or an integer (two's complement). */
const word = (value: unknown) =>
  typeof value === 'string'
    ? value.slice(2).toLowerCase().padStart(64, '0')
    : BigInt.asUintN(256, BigInt(value as bigint))
        .toString(16)
        .padStart(64, '0');

/** Events by name, with their topic0: encodeEventLog hashes the signature on every call. */
const fragments = new WeakMap<Interface, Map<string, { topic: string; indexed: boolean[] }>>();

/** A log of `event` (every argument one word, as all of these contracts' events) with `values`. */
function encodeLog(
  contract: Interface,
  event: string,
  values: unknown[],
): { topics: string[]; data: string } {
  let known = fragments.get(contract);
  if (!known) {
    known = new Map();
    fragments.set(contract, known);
    contract.forEachEvent((fragment) => {
      known?.set(fragment.name, {
        topic: fragment.topicHash,
        indexed: fragment.inputs.map((input) => input.indexed === true),
      });
    });
  }
  const fragment = known.get(event);
  if (!fragment) throw new Error(`no event ${event}`);
  const topics = [fragment.topic];
  let data = '0x';
  values.forEach((value, i) => {
    if (fragment.indexed[i]) topics.push(`0x${word(value)}`);
    else data += word(value);
  });
  return { topics, data };
}

/** Kinds of generated transaction. */
const SETUP = 0;
const SWAP = 1;
const SOLUTION = 2;

/**
 * The generated chain's logs in order, a page at a time (at least PAGE_LOGS logs, whole blocks):
 * one block per transaction, block times over a week. The schedule (when each parcel is set up,
 * swapped and mined) is drawn first and sorted by time, then each transaction's logs are written
 * in that order, so a pool's reserves move in chain order and only one page is in memory.
 */
function* generatePages(deployment: ReturnType<typeof fakeDeployment>): Generator<ChainLog[]> {
  const { addresses } = deployment;
  const contracts = {
    land: new Interface(abi.landRegistryAbi as InterfaceAbi),
    fractionalizer: new Interface(abi.fractionalizerAbi as InterfaceAbi),
    vault: new Interface(abi.shareVaultAbi as InterfaceAbi),
    factory: new Interface(abi.uniswapV2FactoryAbi as InterfaceAbi),
    pair: new Interface(abi.uniswapV2PairAbi as InterfaceAbi),
    miner: new Interface(abi.oreMinerAbi as InterfaceAbi),
    staking: new Interface(abi.parcelStakingAbi as InterfaceAbi),
  };
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  // the schedule: per transaction its time (seconds into the week), parcel and kind
  const count = PARCELS * (1 + SWAPS + SOLUTIONS);
  const times = new Uint32Array(count);
  const parcels = new Uint32Array(count);
  const kinds = new Uint8Array(count);
  let n = 0;
  for (let i = 0; i < PARCELS; i++) {
    const setupAt = Math.floor((i / PARCELS) * 3_600);
    const schedule = (kind: number, at: number) => {
      [times[n], parcels[n], kinds[n]] = [at, i, kind];
      n++;
    };
    schedule(SETUP, setupAt);
    for (let s = 0; s < SWAPS + SOLUTIONS; s++)
      schedule(s < SWAPS ? SWAP : SOLUTION, setupAt + 60 + Math.floor(random() * (WEEK - 3_600)));
  }
  // by time; a parcel's setup comes before its trades (they are at least a minute later)
  const order = Uint32Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b,
  );

  const start = Math.floor(Date.now() / 1000) - WEEK;
  const hex = (value: number) => `0x${value.toString(16)}`;
  let block = 0;
  let page: ChainLog[] = [];
  /** Emits one block of one transaction with `events` (contract, emitter, event, arguments). */
  const transaction = (at: number, events: [Interface, string, string, unknown[]][]) => {
    block++;
    const hash = toBeHex(block, 32);
    events.forEach(([contract, emitter, event, values], logIndex) => {
      page.push({
        address: emitter,
        ...encodeLog(contract, event, values),
        blockNumber: hex(block),
        blockHash: hash,
        transactionHash: hash,
        logIndex: hex(logIndex),
        blockTimestamp: hex(start + at),
      });
    });
  };
  const reserves = Array.from({ length: PARCELS }, () => ({ shares: 100n * ONE_SHARE, wei: ONE_ETH / 10n }));
  const swapCounts = new Uint8Array(PARCELS);
  const solutionCounts = new Uint8Array(PARCELS);

  transaction(0, [[contracts.miner, addresses.OreMiner, 'TargetRetargeted', [2n ** 250n, 2n ** 240n, 60n]]]);
  for (const tx of order) {
    const i = parcels[tx] ?? 0;
    const at = times[tx] ?? 0;
    const id = BigInt(i * 7 + 1);
    const owner = address(1, i);
    const vault = address(2, i);
    const pair = address(3, i);
    const reserve = reserves[i] as { shares: bigint; wei: bigint };
    if (kinds[tx] === SETUP) {
      const { x, y } = parcelCoords(Number(id));
      const offered = (SUPPLY * 4n) / 10n;
      transaction(at, [
        [contracts.land, addresses.LandRegistry, 'Transfer', [ZeroAddress, owner, id]],
        [contracts.land, addresses.LandRegistry, 'ParcelClaimed', [id, owner, x, y, ONE_ETH / 100n]],
        [contracts.land, addresses.LandRegistry, 'Transfer', [owner, vault, id]],
        [contracts.vault, vault, 'Transfer', [ZeroAddress, vault, offered]],
        [contracts.vault, vault, 'Transfer', [ZeroAddress, owner, SUPPLY - offered]],
        [
          contracts.fractionalizer,
          addresses.Fractionalizer,
          'ParcelFractionalized',
          [id, vault, owner, SUPPLY, ONE_ETH, 10n ** 15n, offered],
        ],
        [
          contracts.factory,
          addresses.UniswapV2Factory,
          'PairCreated',
          [vault, addresses.WETH9, pair, BigInt(i + 1)],
        ],
        [contracts.vault, vault, 'Transfer', [owner, pair, reserve.shares]],
        [contracts.pair, pair, 'Sync', [reserve.shares, reserve.wei]],
      ]);
    } else if (kinds[tx] === SWAP) {
      const trader = address(4, (i + (swapCounts[i] ?? 0)) % 500);
      swapCounts[i] = (swapCounts[i] ?? 0) + 1;
      const shares = BigInt(Math.floor(random() * 5 + 1)) * ONE_SHARE;
      const wei = (shares * reserve.wei) / reserve.shares;
      const buy = random() < 0.5;
      reserve.shares += buy ? -shares : shares;
      reserve.wei += buy ? wei : -wei;
      const router = addresses.UniswapV2Router02;
      const flows = buy ? [0n, wei, shares, 0n] : [shares, 0n, 0n, wei];
      transaction(at, [
        [contracts.vault, vault, 'Transfer', buy ? [pair, trader, shares] : [trader, pair, shares]],
        [contracts.pair, pair, 'Sync', [reserve.shares, reserve.wei]],
        [contracts.pair, pair, 'Swap', [router, ...flows, buy ? trader : router]],
      ]);
    } else {
      const miner = address(5, (i + (solutionCounts[i] ?? 0)) % 200);
      solutionCounts[i] = (solutionCounts[i] ?? 0) + 1;
      const [digest, next] = [zeroPadValue('0x01', 32), zeroPadValue('0x02', 32)];
      transaction(at, [
        [contracts.miner, addresses.OreMiner, 'SolutionAccepted', [id, miner, digest, 10n ** 19n, next]],
        [contracts.staking, addresses.ParcelStaking, 'RewardAdded', [vault, 5n * 10n ** 18n, 0n]],
      ]);
    }
    if (page.length >= PAGE_LOGS) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** The first view's JS of the production build (dist/, rebuilt when stale), gzip KB. */
async function firstViewKB(): Promise<number> {
  await buildClientIfStale();
  return initialJsGzipKB('dist');
}

/** Milliseconds of CPU (user and system) this process spent since `since`. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function benchMarket(): Promise<Record<string, number>> {
  const deployment = fakeDeployment();
  const dir = mkdtempSync(join(tmpdir(), 'fracterra-market-'));
  let postgres: TestPostgres | undefined;
  let db: HistoryDb;
  if (ON_POSTGRES) {
    postgres = await startTestPostgres({ durable: true });
    db = await PgHistoryDb.open(await postgres.createDatabase());
  } else db = new SqliteHistoryDb(dir);
  const store = new HistoryStore(db, deployment.addresses.ParcelStaking);
  try {
    const sink = new HistorySink(store, deployment, 'http://127.0.0.1:1');
    const world = emptyWorld();
    let [logs, lastBlock, reindexMs, reindexCpuMs] = [0, 0, 0, 0];
    let lastHash = '';
    sink.restart();
    // the rebuild's time leaves out the generation of each page
    for (const page of generatePages(deployment)) {
      const began = performance.now();
      const cpu = process.cpuUsage();
      const first = Number(page[0]?.blockNumber);
      lastBlock = Number(page.at(-1)?.blockNumber);
      lastHash = page.at(-1)?.blockHash ?? '';
      await sink.page(first, lastBlock, page);
      for (const log of page) applyLog(world, deployment, log);
      reindexMs += performance.now() - began;
      reindexCpuMs += cpuMs(cpu);
      logs += page.length;
    }
    const [flushed, flushCpu] = [performance.now(), process.cpuUsage()];
    await sink.flush();
    reindexMs += performance.now() - flushed;
    reindexCpuMs += cpuMs(flushCpu);
    const reindexSec = reindexMs / 1000;

    const queries = new MarketQueries(db, deployment.addresses.ParcelStaking);
    const snapshots = new MarketSnapshots(queries, deployment);
    const indexer = {
      parcels: () => [...world.parcels.values()].map((parcel) => ({ ...parcel })),
      status: () => ({
        chainReachable: true,
        indexedBlock: lastBlock,
        indexedHash: lastHash,
        head: lastBlock,
        lagBlocks: 0,
      }),
    } as unknown as ChainIndexer;
    const limit = { perSecond: API_RATE * 10, burst: API_RATE * 10 };
    const routes = createMarketRoutes({ indexer, queries, snapshots }, { remote: limit, loopback: limit });
    const server = createServer(
      answerErrors(
        (req, res) => routes(req, res, new URL(req.url ?? '/', 'http://localhost')),
        () => undefined,
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // a snapshot (every parcel's row, rebuilt once per block and minute) built outside the requests
    const built = performance.now();
    const rows = (await snapshots.get(indexer.parcels, { block: lastBlock, hash: lastHash }, Date.now()))
      .table.rows;
    const snapshotBuildMs = performance.now() - built;

    // the first answer builds the market's rows (once per block and minute): not a request's cost
    await (await fetch(`${origin}/api/market`)).arrayBuffer();
    const sorts = ['value', 'price', 'change', 'volume', 'apr', 'hashRate', 'holders', 'id'];
    const latencies: number[] = [];
    let failures = 0;
    const total = API_RATE * API_SECONDS;
    const t0 = performance.now();
    const apiCpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / API_RATE - (performance.now() - t0)));
        const query = `sort=${sorts[i % sorts.length]}&page=${(i % 40) + 1}&limit=${i % 3 === 0 ? 200 : 50}${i % 5 === 0 ? '&pool=1' : ''}`;
        const sent = performance.now();
        try {
          const response = await fetch(`${origin}/api/market?${query}`);
          await response.arrayBuffer();
          if (response.status !== 200) failures++;
        } catch {
          // a refused or timed-out connection (a starved machine): a failure, after the time it took
          failures++;
        }
        latencies.push(performance.now() - sent);
      }),
    );
    server.close();
    // the server's and the load's CPU time (one process): on a shared machine, beside the latencies
    const apiCpuMs = cpuMs(apiCpu);
    latencies.sort((a, b) => a - b);

    const table = loadMarket(rows);
    const runs: number[] = [];
    for (let run = 0; run < LIST_RUNS; run++) {
      const began = performance.now();
      listMarket(
        table,
        { ...NO_FILTER, pool: run % 2 === 0, aprMin: run % 3 === 0 ? 0 : null },
        { column: run % 2 ? 'value' : 'volume', descending: true },
      );
      runs.push(performance.now() - began);
    }
    runs.sort((a, b) => a - b);
    const loadBegan = performance.now();
    loadMarket(rows);
    const loadMs = performance.now() - loadBegan;

    return {
      parcels: rows.length,
      logs,
      reindexSec: Math.round(reindexSec * 100) / 100,
      reindexCpuSec: Math.round(reindexCpuMs / 10) / 100,
      snapshotBuildMs: Math.round(snapshotBuildMs),
      apiRequests: total,
      apiFailures: failures,
      apiP50Ms: Math.round(percentile(latencies, 0.5) * 100) / 100,
      apiP99Ms: Math.round(percentile(latencies, 0.99) * 100) / 100,
      apiCpuMsPerRequest: Math.round((apiCpuMs / total) * 100) / 100,
      [`listMs_${PARCELS}`]: Math.round(percentile(runs, 0.5) * 100) / 100,
      [`listLoadMs_${PARCELS}`]: Math.round(loadMs * 100) / 100,
      bundleGzipKB: await firstViewKB(),
    };
  } finally {
    await store.close();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
