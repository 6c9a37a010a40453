import { JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEPLOY_PARAMS } from '../../scripts/deploy.ts';
import { stakingApr } from '../../shared/apr.ts';
import type {
  BlockHistory,
  HolderHistory,
  Leaderboard,
  MapParcels,
  MarketPage,
  ParcelHistory,
} from '../../shared/market-api.ts';
import { costBasis } from '../../shared/portfolio-pnl.ts';
import { ONE_ETH, ONE_ORE, ONE_SHARE } from '../../shared/units.ts';
import { ParcelStatus, parcelId } from '../../shared/world.ts';
import { PLAYER_KEYS } from '../../testing/keys.ts';
import { claimParcel, startTestWorld, stopTestWorld, type TestWorld } from '../../testing/test-chain.ts';
import { marketPlayer, TEST_OFFER_PRICE } from '../../testing/test-market.ts';
import { DEFAULT_HTTP_LIMITS } from '../http-routes.ts';

let world: TestWorld;
let vault: string;
/** The chain's head after the setup: the tests wait until the server has indexed it. */
let headBlock: number;
const id = parcelId(2, 2);
const bob = new Wallet(PLAYER_KEYS[1]).address;
const carol = new Wallet(PLAYER_KEYS[2]).address;
/** Loopback requests in a burst before 429: the flood test spends them. */
const API_BURST = 60;

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${world.server.url}${path}`, { headers });
async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  world = await startTestWorld({
    // an easy target: solutions in a few hashes
    params: { oreInitialTarget: 2n ** 253n },
    server: {
      limits: {
        ...DEFAULT_HTTP_LIMITS,
        api: { remote: { perSecond: 1, burst: 5 }, loopback: { perSecond: 1, burst: API_BURST } },
      },
    },
  });
  const { rpcUrl, deployment } = world.chain;
  const [a, b, c] = PLAYER_KEYS.map((key) => marketPlayer(rpcUrl, deployment, key));
  if (!a || !b || !c) throw new Error('three players');
  await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 2, 2);
  vault = await a.fractionalize(2, 2);
  await b.buyOffering(vault, 100n * ONE_SHARE);
  await a.addLiquidity(vault, 100n * ONE_SHARE, ONE_ETH / 10n);
  await b.buyInPool(vault, ONE_ETH / 100n);
  // a sale to ETH through the router: the trader is bob, not the router
  await b.sellInPool(vault, 5n * ONE_SHARE);
  await b.stake(vault, 50n * ONE_SHARE);
  // the parcel's half of each reward streams to its staking pool
  await c.mine(2, 2);
  await c.mine(2, 2);
  headBlock = Number(await new JsonRpcProvider(rpcUrl).send('eth_blockNumber', []));
  for (const player of [a, b, c]) player.close();
}, 120_000);

afterAll(async () => {
  await stopTestWorld(world ?? {});
});

describe('market API', () => {
  it('lists the parcel with its offering, pool, value, APR, hash rate and holders, filtered and searched', async () => {
    let market: MarketPage;
    // the server indexes in the background: until it has the whole setup (both rewards), which
    // every later test reads
    for (;;) {
      market = await json<MarketPage>('/api/market');
      if (market.block >= headBlock) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(market.rows[0]?.staking.oreWeiPerYear).not.toBe('0');
    // the deploy's ORE/WETH pool prices ORE (1,000 ORE beside 1 ETH), so the streamed ORE has a value
    const { oreLiquiditySeed, oreLiquidityWei } = LOCAL_DEPLOY_PARAMS;
    expect(market.orePriceWei).toBe(String((oreLiquidityWei * ONE_ORE) / oreLiquiditySeed));
    expect(market.total).toBe(1);
    const [row] = market.rows;
    expect(row).toMatchObject({ parcelId: id, x: 2, y: 2, vault, holders: 2, rigLevel: 1, buyout: null });
    expect(row?.offering.sharesLeft).toBe(String(300n * ONE_SHARE));
    expect(BigInt(row?.pool?.priceWei ?? 0)).toBeGreaterThan(0n);
    expect(row?.priceWei).toBe(row?.pool?.priceWei);
    expect(BigInt(row?.impliedValueWei ?? 0)).toBe(BigInt(row?.priceWei ?? 0) * 1_000n);
    expect(row?.staking.stakedUnits).toBe(String(50n * ONE_SHARE));
    expect(row?.staking.apr).toBeGreaterThan(0);
    expect(row?.staking.apr).toBeCloseTo(
      stakingApr({
        oreWeiPerYear: BigInt(row?.staking.oreWeiPerYear ?? 0),
        stakedUnits: 50n * ONE_SHARE,
        orePriceWei: BigInt(market.orePriceWei ?? 0),
        sharePriceWei: BigInt(row?.priceWei ?? 0),
      }) as number,
      9,
    );
    expect(row?.hashRate).toBeGreaterThan(0);
    expect(row?.trades24h).toBe(3);

    expect((await json<MarketPage>('/api/market?offering=true&pool=1')).total).toBe(1);
    const inBuyout = await json<MarketPage>('/api/market?buyout=true');
    expect(inBuyout).toMatchObject({ total: 0, rows: [], empty: 'No parcel matches these filters.' });
    expect((await json<MarketPage>('/api/market?q=2,2')).rows[0]?.parcelId).toBe(id);
    expect((await json<MarketPage>('/api/market?q=3,3')).total).toBe(0);
    expect((await json<MarketPage>(`/api/market?holder=${bob.toLowerCase()}`)).total).toBe(1);
    expect((await json<MarketPage>(`/api/market?holder=${carol}`)).total).toBe(0);
    const near = await json<MarketPage>('/api/market?near=0,0&radius=2&sort=distance&order=asc');
    expect(near.rows[0]?.distance).toBe(2);
    expect((await json<MarketPage>('/api/market?near=0,0&radius=1')).total).toBe(0);
    expect((await json<MarketPage>('/api/market?page=2')).empty).toMatch(/past the last page/);
  }, 30_000);

  it("tells a parcel's story: trades, candles, the cap table, events with blocks and tx hashes, hash rate", async () => {
    const history = await json<ParcelHistory>(`/api/parcels/${id}/history?interval=5m`);
    expect(history.vault).toBe(vault);
    expect(history.trades.map((t) => t.side)).toEqual(['offering', 'buy', 'sell']);
    expect(history.trades.map((t) => t.trader)).toEqual([bob, bob, bob]);
    expect(history.candles.reduce((n, c) => n + c.trades, 0)).toBe(3);
    const kinds = new Map(history.holders.map((h) => [h.holder, h.kind]));
    expect(kinds.get(vault)).toBe('offering');
    expect(kinds.get(bob)).toBe('holder');
    expect([...kinds.values()]).toContain('pool');
    expect(history.holders.reduce((sum, h) => sum + h.ofSupply, 0)).toBeCloseTo(1, 5);
    expect(history.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['claim', 'fractionalize', 'offering-buy', 'pool-created', 'swap', 'stake']),
    );
    expect(history.events.every((e) => e.block > 0 && /^0x[0-9a-f]{64}$/.test(e.txHash))).toBe(true);
    expect(history.hashRate.reduce((n, s) => n + s.solutions, 0)).toBe(2);
    // a story line's link: its block, with every row the history kept of it
    const stake = history.events.find((e) => e.kind === 'stake');
    const block = await json<BlockHistory>(`/api/blocks/${stake?.block}`);
    expect(block).toMatchObject({ block: stake?.block, at: stake?.at, truncated: false });
    expect(block.blockHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(block.events.map((e) => [e.kind, e.parcelId, e.txHash])).toContainEqual([
      'stake',
      id,
      stake?.txHash,
    ]);
  });

  it("lists a holder's movements, payments and rewards for the cost basis, and their vaults' prices", async () => {
    const mine = await json<HolderHistory>(`/api/holders/${bob.toLowerCase()}`);
    expect(mine.holder).toBe(bob);
    expect(mine.truncated).toBe(false);
    // no transfer to or from staking: staked shares stay bob's
    expect(mine.events.map((e) => e.kind)).toEqual([
      'transfer',
      'offering-buy',
      'transfer',
      'swap',
      'transfer',
      'swap',
    ]);
    const position = costBasis(bob, mine.events).get(vault);
    expect(position?.paidWei).toBe(100n * TEST_OFFER_PRICE + ONE_ETH / 100n);
    expect(position?.receivedWei).toBeGreaterThan(0n);
    expect(position?.shares).toBeGreaterThan(90n * ONE_SHARE);
    expect(mine.prices).toEqual([expect.objectContaining({ vault, parcelId: id })]);
    expect(mine.prices[0]?.points.length).toBeGreaterThan(0);
    expect((await json<HolderHistory>(`/api/holders/${carol}`)).events.map((e) => e.kind)).toEqual([]);
  });

  it('answers a live refresh with only the parcels changed since a block', async () => {
    const { block } = await json<MarketPage>('/api/market');
    expect(await json<MarketPage>(`/api/market?since=${block}`)).toMatchObject({ total: 0, gone: [] });
    expect((await json<MarketPage>('/api/market?since=0')).rows.map((row) => row.parcelId)).toEqual([id]);
  });

  it('ranks miners and parcels', async () => {
    const board = await json<Leaderboard>('/api/leaderboard?limit=5');
    expect(board.miners24h).toEqual([expect.objectContaining({ miner: carol, solutions: 2 })]);
    expect(board.minersAllTime[0]?.ore).toBeGreaterThan(0);
    expect(board.parcelsByApr.map((row) => row.parcelId)).toEqual([id]);
    expect(board.parcelsByHashRate.map((row) => row.parcelId)).toEqual([id]);
  });

  it('refuses nonsense with 400 and a reason, an unknown parcel with 404', async () => {
    const refused = async (path: string, status: number, reason: RegExp) => {
      const response = await get(path);
      expect(response.status, path).toBe(status);
      expect(((await response.json()) as { error: string }).error, path).toMatch(reason);
    };
    await refused('/api/market?sort=drop%20table', 400, /^sort: /);
    await refused('/api/market?page=-1', 400, /^page: /);
    await refused('/api/market?limit=1000000', 400, /^limit: /);
    await refused('/api/market?aprMin=lots', 400, /^aprMin: /);
    await refused('/api/market?q=999,999', 400, /^q: not x,y on the map/);
    await refused('/api/market?sort=distance', 400, /needs near=x,y/);
    await refused('/api/market?limit=5&limit=6', 400, /^limit: given more than once/);
    await refused('/api/market?evil=1', 400, /evil/);
    await refused('/api/parcels/abc/history', 400, /^parcel id: /);
    await refused('/api/holders/0x123', 400, /^address: an address is 0x/);
    await refused(`/api/holders/${bob}?limit=5`, 400, /limit/);
    await refused('/api/market?since=-1', 400, /^since: /);
    await refused(`/api/parcels/${id}/history?interval=1y`, 400, /^interval: /);
    await refused(`/api/parcels/${parcelId(100, 100)}/history`, 404, /100,100 has no history/);
    await refused('/api/blocks/-3', 400, /^block: /);
    await refused('/api/blocks/1?x=1', 400, /x/);
    await refused(`/api/blocks/${headBlock + 1000}`, 404, /has no market history/);
    await refused('/api/nothing', 404, /no such API route/);
    const post = await fetch(`${world.server.url}/api/market`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('answers with an ETag and a cache lifetime; the same ETag back gets a 304 without a body', async () => {
    const first = await get('/api/leaderboard');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=2');
    const again = await get('/api/leaderboard', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get(`/api/parcels/${id}/history`, { 'if-none-match': etag });
    expect(other.status).toBe(200); // another answer, another tag
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('serves the whole map’s claimed parcels in three numbers each, with an ETag; takes no parameters', async () => {
    const first = await get('/api/map');
    expect(first.status).toBe(200);
    const map = (await first.json()) as MapParcels;
    expect(map.block).toBeGreaterThanOrEqual(headBlock);
    expect(map.parcels).toHaveLength(3); // the one parcel claimed
    const [parcel, status, owner] = map.parcels as [number, number, number];
    expect(parcel).toBe(id);
    expect(status).toBe(ParcelStatus.Fractional);
    expect(map.owners[owner]?.toLowerCase()).toBe(vault.toLowerCase());
    const again = await get('/api/map', { 'if-none-match': first.headers.get('etag') ?? '' });
    expect(again.status).toBe(304);
    const refused = await get('/api/map?all=1');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: "Unrecognized key(s) in object: 'all'" });
  });

  it('refuses an oversized query and a flood of requests (429 with Retry-After), then serves again', async () => {
    const long = await get(`/api/market?q=${'9'.repeat(2_000)}`);
    expect(long.status).toBe(414);
    const answers = await Promise.all(Array.from({ length: API_BURST + 20 }, () => get('/api/market')));
    const limited = answers.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
    expect(await limited[0]?.json()).toEqual({ error: 'too many market requests; retry in 1 s' });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // one token back
    expect((await get('/api/market')).status).toBe(200);
  });

  it('refuses a flood of map requests from one address (the minimap of every client in zone rooms polls it)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the flood above spent the burst
    const answers = await Promise.all(Array.from({ length: API_BURST + 20 }, () => get('/api/map')));
    const limited = answers.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(await limited[0]?.json()).toEqual({ error: 'too many market requests; retry in 1 s' });
  });
});
