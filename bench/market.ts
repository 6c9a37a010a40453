/**
 * Market benchmark (`market.json`): a generated world of PARCELS fractionalized parcels, each with a
 * pool, a week of swaps and of solutions, as the chain's logs.
 *
 * - `reindexSec`: a full rebuild from those logs, as the indexer does it after a reorg or on a
 *   fresh data dir: the parcel reducer and the market-history sink (decode, rows, trades,
 *   candles, holdings, hash rate) into a new market.sqlite. The logs are given (no node to fetch
 *   them from), with their block times, so the figure leaves out the RPC round trips.
 * - `apiP99Ms` (and p50): `/api/market` answered by the server's market routes over that SQLite
 *   history, at API_RATE requests a second for API_SECONDS (open loop, a mix of sorts, filters and
 *   pages). The routes take their per-IP limit as a parameter: the bench gives them one above its
 *   rate; the server's own default (DEFAULT_HTTP_LIMITS.api) is unchanged.
 * - `listMs_10000`: the client's market list (client/features/market/market-list.ts: filter and
 *   sort of every row, as the browser runs it) over the PARCELS rows, run in node; the median of
 *   LIST_RUNS runs.
 * - `bundleGzipKB`: the first view's JS (gzip) of the production build (the market, leaderboard,
 *   story charts and the portfolio's profit and loss load later, in their own chunks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAddress, Interface, type InterfaceAbi, toBeHex, ZeroAddress, zeroPadValue } from 'ethers';
import { listMarket, loadMarket, NO_FILTER } from '../client/features/market/market-list.ts';
import { buildClientIfStale } from '../scripts/build.ts';
import { applyLog, type ChainLog, emptyWorld } from '../server/chain-events.ts';
import { answerErrors } from '../server/http-kit.ts';
import type { ChainIndexer } from '../server/indexer.ts';
import { SqliteHistoryDb } from '../server/market/history-db.ts';
import { HistorySink } from '../server/market/history-sink.ts';
import { HistoryStore } from '../server/market/history-store.ts';
import { MarketQueries } from '../server/market/market-queries.ts';
import { createMarketRoutes } from '../server/market/market-routes.ts';
import { MarketSnapshots } from '../server/market/market-view.ts';
import * as abi from '../shared/contracts.ts';
import { ONE_ETH, ONE_SHARE } from '../shared/units.ts';
import { parcelCoords } from '../shared/world.ts';
import { fakeDeployment } from '../testing/test-logs.ts';
import { initialJsGzipKB } from './render.ts';

/** Parcels of the generated world; BENCH_MARKET_PARCELS overrides (a quick look on a busy machine). */
const PARCELS = Number(process.env.BENCH_MARKET_PARCELS ?? 10_000);
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
const address = (kind: number, n: number) =>
  getAddress(`0x${kind.toString(16).padStart(2, '0')}${n.toString(16).padStart(38, '0')}`);

/** The generated chain: every log in order, one block per transaction, block times over a week. */
function generateLogs(deployment: ReturnType<typeof fakeDeployment>): ChainLog[] {
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
  const start = Math.floor(Date.now() / 1000) - WEEK;
  /** Transactions: their block time and logs (without their place on chain yet). */
  const txs: { at: number; logs: ChainLog[] }[] = [];
  let tx: ChainLog[] = [];
  const emit = (contract: Interface, from: string, event: string, values: unknown[]) => {
    const fragment = contract.getEvent(event);
    if (!fragment) throw new Error(event);
    tx.push({ address: from, ...contract.encodeEventLog(fragment, values) } as ChainLog);
  };
  const commit = (at: number) => {
    txs.push({ at, logs: tx });
    tx = [];
  };
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  emit(contracts.miner, addresses.OreMiner, 'TargetRetargeted', [2n ** 250n, 2n ** 240n, 60n]);
  commit(start);
  for (let i = 0; i < PARCELS; i++) {
    const id = BigInt(i * 7 + 1);
    const { x, y } = parcelCoords(Number(id));
    const owner = address(1, i);
    const vault = address(2, i);
    const pair = address(3, i);
    const at = start + Math.floor((i / PARCELS) * 3_600);
    emit(contracts.land, addresses.LandRegistry, 'Transfer', [ZeroAddress, owner, id]);
    emit(contracts.land, addresses.LandRegistry, 'ParcelClaimed', [id, owner, x, y, ONE_ETH / 100n]);
    emit(contracts.land, addresses.LandRegistry, 'Transfer', [owner, vault, id]);
    emit(contracts.vault, vault, 'Transfer', [ZeroAddress, vault, (SUPPLY * 4n) / 10n]);
    emit(contracts.vault, vault, 'Transfer', [ZeroAddress, owner, (SUPPLY * 6n) / 10n]);
    const split = [id, vault, owner, SUPPLY, ONE_ETH, 10n ** 15n, (SUPPLY * 4n) / 10n];
    emit(contracts.fractionalizer, addresses.Fractionalizer, 'ParcelFractionalized', split);
    emit(contracts.factory, addresses.UniswapV2Factory, 'PairCreated', [
      vault,
      addresses.WETH9,
      pair,
      BigInt(i + 1),
    ]);
    let reserveShares = 100n * ONE_SHARE;
    let reserveWei = ONE_ETH / 10n;
    emit(contracts.vault, vault, 'Transfer', [owner, pair, reserveShares]);
    emit(contracts.pair, pair, 'Sync', [reserveShares, reserveWei]);
    commit(at);
    for (let s = 0; s < SWAPS; s++) {
      const trader = address(4, (i + s) % 500);
      const shares = BigInt(Math.floor(random() * 5 + 1)) * ONE_SHARE;
      const wei = (shares * reserveWei) / reserveShares;
      const buy = random() < 0.5;
      reserveShares += buy ? -shares : shares;
      reserveWei += buy ? wei : -wei;
      emit(contracts.vault, vault, 'Transfer', buy ? [pair, trader, shares] : [trader, pair, shares]);
      emit(contracts.pair, pair, 'Sync', [reserveShares, reserveWei]);
      const router = addresses.UniswapV2Router02;
      const flows = buy ? [0n, wei, shares, 0n] : [shares, 0n, 0n, wei];
      emit(contracts.pair, pair, 'Swap', [router, ...flows, buy ? trader : router]);
      commit(at + 60 + Math.floor(random() * (WEEK - 3_600)));
    }
    for (let s = 0; s < SOLUTIONS; s++) {
      const miner = address(5, (i + s) % 200);
      const [digest, next] = [zeroPadValue('0x01', 32), zeroPadValue('0x02', 32)];
      emit(contracts.miner, addresses.OreMiner, 'SolutionAccepted', [id, miner, digest, 10n ** 19n, next]);
      emit(contracts.staking, addresses.ParcelStaking, 'RewardAdded', [vault, 5n * 10n ** 18n, 0n]);
      commit(at + 60 + Math.floor(random() * (WEEK - 3_600)));
    }
  }
  // one block per transaction, in time order (a parcel's setup comes before its trades)
  txs.sort((a, b) => a.at - b.at);
  const hex = (n: number) => `0x${n.toString(16)}`;
  const logs: ChainLog[] = [];
  txs.forEach(({ at, logs: group }, i) => {
    const block = i + 1;
    group.forEach((log, logIndex) => {
      logs.push({
        ...log,
        blockNumber: hex(block),
        blockHash: toBeHex(block, 32),
        transactionHash: toBeHex(block, 32),
        logIndex: hex(logIndex),
        blockTimestamp: hex(at),
      });
    });
  });
  return logs;
}

/** The first view's JS of the production build (dist/, rebuilt when stale), gzip KB. */
async function firstViewKB(): Promise<number> {
  await buildClientIfStale();
  return initialJsGzipKB('dist');
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function benchMarket(): Promise<Record<string, number>> {
  const deployment = fakeDeployment();
  const dir = mkdtempSync(join(tmpdir(), 'fracterra-market-'));
  const db = new SqliteHistoryDb(dir);
  const store = new HistoryStore(db, deployment.addresses.ParcelStaking);
  try {
    const logs = generateLogs(deployment);
    const sink = new HistorySink(store, deployment, 'http://127.0.0.1:1');
    const world = emptyWorld();
    const began = performance.now();
    sink.restart();
    for (let from = 0; from < logs.length; from += PAGE_LOGS) {
      const page = logs.slice(from, from + PAGE_LOGS);
      const first = Number(page[0]?.blockNumber);
      const last = Number(page.at(-1)?.blockNumber);
      await sink.page(first, last, page);
      for (const log of page) applyLog(world, deployment, log);
    }
    const reindexSec = (performance.now() - began) / 1000;
    const lastBlock = Number(logs.at(-1)?.blockNumber);

    const queries = new MarketQueries(db, deployment.addresses.ParcelStaking);
    const snapshots = new MarketSnapshots(queries, deployment);
    const indexer = {
      parcels: () => [...world.parcels.values()].map((parcel) => ({ ...parcel })),
      status: () => ({ chainReachable: true, indexedBlock: lastBlock, head: lastBlock, lagBlocks: 0 }),
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
    const { rows } = await snapshots.get(indexer.parcels, lastBlock, Date.now());

    // the first answer builds the market's rows (once per block and minute): not a request's cost
    await (await fetch(`${origin}/api/market`)).arrayBuffer();
    const sorts = ['value', 'price', 'change', 'volume', 'apr', 'hashRate', 'holders', 'id'];
    const latencies: number[] = [];
    let failures = 0;
    const total = API_RATE * API_SECONDS;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / API_RATE - (performance.now() - t0)));
        const query = `sort=${sorts[i % sorts.length]}&page=${(i % 40) + 1}&limit=${i % 3 === 0 ? 200 : 50}${i % 5 === 0 ? '&pool=1' : ''}`;
        const sent = performance.now();
        const response = await fetch(`${origin}/api/market?${query}`);
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status !== 200) failures++;
      }),
    );
    server.close();
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
      logs: logs.length,
      reindexSec: Math.round(reindexSec * 100) / 100,
      apiRequests: total,
      apiFailures: failures,
      apiP50Ms: Math.round(percentile(latencies, 0.5) * 100) / 100,
      apiP99Ms: Math.round(percentile(latencies, 0.99) * 100) / 100,
      [`listMs_${PARCELS}`]: Math.round(percentile(runs, 0.5) * 100) / 100,
      [`listLoadMs_${PARCELS}`]: Math.round(loadMs * 100) / 100,
      bundleGzipKB: await firstViewKB(),
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
