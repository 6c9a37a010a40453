import { JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEPLOY_PARAMS } from '../../../scripts/deploy.ts';
import {
  fractionalizerAbi,
  landRegistryAbi,
  oreMinerAbi,
  parcelStakingAbi,
  shareVaultAbi,
  uniswapV2Router02Abi,
} from '../../../shared/contracts.ts';
import { type Hex, powDigest, toHex32 } from '../../../shared/pow.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { claimPriceWei, parcelId } from '../../../shared/world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { claimParcel, startTestChain, type TestChain } from '../../../testing/test-chain.ts';
import { submitSolution } from '../mining/solution.ts';
import {
  type ChainActions,
  createChainActions,
  defaultTerms,
  type TxPhase,
  type TxResult,
} from './chain-actions.ts';
import { createFootprintScanner } from './holder-logs.ts';
import { quoteRemoval } from './swap-quote.ts';

const SHARE = 10n ** 18n;

/** The result of an action that must succeed (its failure message shows in the test report). */
function must<T>(result: TxResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
const ONE_ORE = 10n ** 18n;

/** Players over one real anvil chain: A curates parcels, B buys, stakes, swaps and bids, C only bids. */
describe('chain actions on a real chain', () => {
  let chain: TestChain;
  let provider: JsonRpcProvider;
  let walletA: Wallet;
  let walletB: Wallet;
  let walletC: Wallet;
  let a: ChainActions;
  let b: ChainActions;
  let c: ChainActions;
  let vault: string;
  const [x, y] = [70, -20];
  const id = parcelId(x, y);

  const eth = (address: string) => provider.getBalance(address);
  const sharesOf = (address: string) => typedContract(vault, shareVaultAbi, provider).balanceOf(address);
  async function mineOn(parcel: number, wallet: Wallet) {
    const miner = typedContract(chain.deployment.addresses.OreMiner, oreMinerAbi, provider);
    const challenge = await miner.challenge(BigInt(parcel));
    const target = await miner.getFunction('target')(); // `miner.target` is its address
    let nonce = 0n;
    while (powDigest(challenge, wallet.address as Hex, nonce) > target) nonce++;
    return submitSolution(wallet, chain.deployment.addresses.OreMiner, parcel, toHex32(nonce));
  }

  beforeAll(async () => {
    // an easy target (one hash in 64 solves) and 1-ORE rigs so a few solutions pay for one
    chain = await startTestChain({ oreInitialTarget: 2n ** 250n, rigBaseCost: ONE_ORE });
    provider = new JsonRpcProvider(chain.rpcUrl, chain.deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    walletA = new Wallet(PLAYER_KEYS[0], provider);
    walletB = new Wallet(PLAYER_KEYS[1], provider);
    walletC = new Wallet(PLAYER_KEYS[2], provider);
    a = createChainActions(walletA, chain.deployment);
    b = createChainActions(walletB, chain.deployment);
    c = createChainActions(walletC, chain.deployment);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], x, y);
  });
  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it('fractionalizes with the default terms, approving first, reporting each step', async () => {
    const phases: TxPhase[] = [];
    const terms = defaultTerms(claimPriceWei(x, y));
    const result = await a.fractionalize(id, terms, (phase) => phases.push(phase));
    if (!result.ok) throw new Error(result.message);
    vault = result.value;
    const fractionalizer = typedContract(
      chain.deployment.addresses.Fractionalizer,
      fractionalizerAbi,
      provider,
    );
    expect(await fractionalizer.vaultOf(BigInt(id))).toBe(vault);
    expect(phases.map((p) => `${p.phase}:${p.step}`)).toEqual([
      'sending:approve',
      'pending:approve',
      'sending:fractionalize',
      'pending:fractionalize',
    ]);
    const registry = typedContract(chain.deployment.addresses.LandRegistry, landRegistryAbi, provider);
    expect(await registry.ownerOf(BigInt(id))).toBe(vault);
    expect(await sharesOf(walletA.address)).toBe(terms.supply - terms.offerAmount);
    const position = await a.position(vault, walletA.address);
    expect(position).toMatchObject({
      parcelId: id,
      state: 0,
      offered: terms.offerAmount,
      offerPrice: terms.offerPrice,
    });
    expect(position.reservePrice).toBe(terms.reservePrice);
  });

  it('refuses to fractionalize a parcel that is not yours, in words', async () => {
    const result = await b.fractionalize(parcelId(71, -20), defaultTerms(parseEther('0.02')));
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/ERC721NonexistentToken|not yours/) });
  });

  it('buys offered shares; underpaying sends nothing and costs nothing', async () => {
    const before = await eth(walletB.address);
    const underpaid = await b.buyShares(vault, 100n * SHARE, undefined, 1n);
    expect(underpaid).toEqual({
      ok: false,
      message: expect.stringMatching(/^Underpaid: it costs 0\.001 ETH but/),
    });
    expect(await eth(walletB.address)).toBe(before);
    const tooMany = await b.buyShares(vault, 500n * SHARE);
    expect(tooMany.ok === false && tooMany.message).toMatch(/Only 400\.0 shares are left/);

    const bought = await b.buyShares(vault, 100n * SHARE);
    must(bought);
    expect(await sharesOf(walletB.address)).toBe(100n * SHARE);
    expect((await b.position(vault, walletB.address)).offered).toBe(300n * SHARE);
  });

  it('stakes, earns from mining on the parcel, claims ORE and unstakes', async () => {
    expect((await b.claimRewards(vault)).ok === false && 'nothing').toBe('nothing');
    const staked = await b.stake(vault, 100n * SHARE);
    must(staked);
    expect((await b.position(vault, walletB.address)).staked).toBe(100n * SHARE);

    expect((await mineOn(id, walletA)).kind).toBe('mined');
    // the parcel half of the reward (level 1: 10 ORE → 5 ORE) streams to the only staker over the
    // reward period: the position shows the pool's rate, and after the period all of it is earned
    const streaming = (await b.position(vault, walletB.address)).stream;
    expect(streaming.totalStaked).toBe(100n * SHARE);
    expect(streaming.rate).toBeGreaterThan(0n);
    expect(streaming.rate * BigInt(LOCAL_DEPLOY_PARAMS.oreRewardPeriodSec)).toBeLessThanOrEqual(5n * ONE_ORE);
    await provider.send('evm_increaseTime', [LOCAL_DEPLOY_PARAMS.oreRewardPeriodSec]);
    await provider.send('evm_mine', []);
    const earned = (await b.position(vault, walletB.address)).earned;
    expect(earned).toBe(5n * ONE_ORE);
    const claimed = await b.claimRewards(vault);
    must(claimed);
    expect(await b.oreBalance(walletB.address)).toBe(earned);

    const tooMuch = await b.withdraw(vault, 101n * SHARE);
    expect(tooMuch.ok === false && tooMuch.message).toBe(
      'You have only 100.0 shares staked (101.0 shares asked).',
    );
    must(await b.withdraw(vault, 100n * SHARE));
    expect(await sharesOf(walletB.address)).toBe(100n * SHARE);
    const staking = typedContract(chain.deployment.addresses.ParcelStaking, parcelStakingAbi, provider);
    const [stillStaked] = await staking.stakes(vault, walletB.address);
    expect(stillStaked).toBe(0n);
  });

  it('seeds a pool and swaps both ways at the quoted output; a stale quote with no slippage room is refused', async () => {
    const seeded = await a.addLiquidity(vault, 100n * SHARE, parseEther('0.1'), 50);
    must(seeded);
    const router = typedContract(
      chain.deployment.addresses.UniswapV2Router02,
      uniswapV2Router02Abi,
      provider,
    );

    const buy = await b.quote(vault, 'buy', parseEther('0.01'), 100);
    const routerOut = await router.getAmountsOut(parseEther('0.01'), [
      chain.deployment.addresses.WETH9,
      vault,
    ]);
    expect(buy.amountOut).toBe(routerOut[1]);
    expect(buy.minOut).toBe((buy.amountOut * 9900n) / 10_000n);
    // 0.01 ETH into a 0.1 ETH pool: the output falls short of the pre-trade price by about 9 %
    expect(buy.priceImpactBps).toBeGreaterThan(850);
    expect(buy.priceImpactBps).toBeLessThan(950);
    const sharesBefore = await sharesOf(walletB.address);
    must(await b.swap(vault, 'buy', buy));
    expect(await sharesOf(walletB.address)).toBe(sharesBefore + buy.amountOut);

    const sell = await b.quote(vault, 'sell', 5n * SHARE, 0);
    // A trades first, so B's zero-slippage quote is stale
    must(await a.swap(vault, 'sell', await a.quote(vault, 'sell', 5n * SHARE, 100)));
    const ethBefore = await eth(walletB.address);
    const stale = await b.swap(vault, 'sell', sell);
    expect(stale.ok === false && stale.message).toMatch(/the pool refused: INSUFFICIENT_OUTPUT_AMOUNT/);
    const fresh = await b.quote(vault, 'sell', 5n * SHARE, 100);
    must(await b.swap(vault, 'sell', fresh));
    expect(await eth(walletB.address)).toBeGreaterThan(ethBefore);
    const position = await b.position(vault, walletB.address);
    expect(position.poolPrice).toBe((position.poolWei * SHARE) / position.poolShares);
    expect(position.lp).toBe(0n);
  });

  it('removes liquidity: pool tokens back for shares and ETH at the quote; too many or a stale quote is refused in words', async () => {
    const before = await a.position(vault, walletA.address);
    expect(before.lp).toBeGreaterThan(0n);
    // Uniswap V2 locks the first 1,000 pool tokens forever: A's are not all of them
    expect(before.lp).toBe(before.lpSupply - 1000n);
    const half = before.lp / 2n;
    const quoteOf = (p: typeof before, slippageBps: number) =>
      quoteRemoval(half, p.lpSupply, p.poolShares, p.poolWei, slippageBps);

    const tooMany = await a.removeLiquidity(vault, { ...quoteOf(before, 100), liquidity: before.lp + 1n });
    expect(tooMany.ok === false && tooMany.message).toMatch(
      /^Removing from the pool failed: you have only [\d.]+ pool tokens \([\d.]+ asked\)$/,
    );

    // B buys shares after A's zero-slippage quote: fewer shares come out than it promised
    const exact = quoteOf(before, 0);
    must(await b.swap(vault, 'buy', await b.quote(vault, 'buy', parseEther('0.001'), 100)));
    const stale = await a.removeLiquidity(vault, exact);
    expect(stale.ok === false && stale.message).toMatch(
      /the pool refused: INSUFFICIENT_A_AMOUNT \(the pool price is further from your quote/,
    );

    const fresh = await a.position(vault, walletA.address);
    const quote = quoteOf(fresh, 100);
    const [sharesBefore, ethBefore] = [await sharesOf(walletA.address), await eth(walletA.address)];
    const phases: TxPhase[] = [];
    const removed = must(await a.removeLiquidity(vault, quote, (phase) => phases.push(phase)));
    // the stale attempt approved the router first (every flow approves before it simulates)
    expect(phases.map((p) => `${p.phase}:${p.step}`)).toEqual([
      'sending:remove liquidity',
      'pending:remove liquidity',
    ]);
    // no trade between quote and removal: exactly the quoted amounts
    expect(removed).toEqual({ shares: quote.shares, wei: quote.wei });
    expect(await sharesOf(walletA.address)).toBe(sharesBefore + quote.shares);
    const ethAfter = await eth(walletA.address);
    expect(ethAfter).toBeGreaterThan(ethBefore);
    expect(ethAfter).toBeLessThan(ethBefore + quote.wei); // less the gas of two transactions
    const after = await a.position(vault, walletA.address);
    expect(after.lp).toBe(fresh.lp - half);
    expect(after.poolShares).toBe(fresh.poolShares - quote.shares);
    expect(after.poolWei).toBe(fresh.poolWei - quote.wei);
  });

  it('runs a buyout: vote, start, outbid, end, cash out; every wrong step is refused in words', async () => {
    const terms = defaultTerms(claimPriceWei(x, y));
    const outOfRange = await b.voteReserve(vault, terms.reservePrice * 6n);
    expect(outOfRange.ok === false && outOfRange.message).toMatch(
      /^A reserve vote of 0\.12 ETH is out of range/,
    );
    must(await b.voteReserve(vault, terms.reservePrice * 2n));
    const reserve = (await a.position(vault, walletA.address)).reservePrice;
    expect(reserve).toBeGreaterThan(terms.reservePrice);

    const below = await a.startBuyout(vault, reserve - 1n);
    expect(below.ok === false && below.message).toMatch(/is below the reserve price/);
    must(await a.startBuyout(vault, reserve));
    const low = await c.bid(vault, reserve + 1n);
    expect(low.ok === false && low.message).toMatch(/^Bid too low/);
    const early = await a.cash(vault);
    expect(early.ok === false && early.message).toMatch(/vault is in a buyout auction/);
    const endEarly = await b.endBuyout(vault);
    expect(endEarly.ok === false && endEarly.message).toMatch(/cannot be ended or cashed yet/);
    // C outbids A, B outbids C: C holds no shares, only a refund
    const raise = (bid: bigint) => (bid * 105n + 99n) / 100n;
    must(await c.bid(vault, raise(reserve)));
    const outbid = raise(raise(reserve));
    must(await b.bid(vault, outbid));
    expect((await a.position(vault, walletA.address)).refunds).toBeGreaterThanOrEqual(reserve);
    expect((await c.position(vault, walletC.address)).refunds).toBe(raise(reserve));

    // The clock moves past the end and no block follows: the latest block still has the auction
    // running, as on an idle chain. Actions simulate on the pending block, at the clock's time.
    await provider.send('evm_increaseTime', [60 * 60]);
    const late = await b.bid(vault, outbid * 2n);
    expect(late.ok === false && late.message).toMatch(/The auction ended at/);
    must(await b.endBuyout(vault));
    const registry = typedContract(chain.deployment.addresses.LandRegistry, landRegistryAbi, provider);
    expect(await registry.ownerOf(BigInt(id))).toBe(walletB.address);

    const aShares = await sharesOf(walletA.address);
    const supply = (await a.position(vault, walletA.address)).totalSupply;
    const pool = (await a.position(vault, walletA.address)).livePrice;
    const before = await eth(walletA.address);
    const cashed = await a.cash(vault);
    if (!cashed.ok) throw new Error(cashed.message);
    const receipt = await provider.getTransactionReceipt(cashed.txHash);
    const gas = (receipt?.gasUsed ?? 0n) * (receipt?.gasPrice ?? 0n);
    expect(await eth(walletA.address)).toBe(before + (pool * aShares) / supply - gas);
    expect(await sharesOf(walletA.address)).toBe(0n);
    must(await a.withdrawPayments(vault));
    expect((await a.position(vault, walletA.address)).refunds).toBe(0n);
  });

  it('redeems a parcel held at 100 %, and refuses with less', async () => {
    const [rx, ry] = [72, -20];
    const rid = parcelId(rx, ry);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], rx, ry);
    const terms = { ...defaultTerms(claimPriceWei(rx, ry)), offerAmount: 10n * SHARE };
    const made = await a.fractionalize(rid, terms);
    if (!made.ok) throw new Error(made.message);
    const short = await a.redeem(made.value);
    expect(short.ok === false && short.message).toBe(
      'Redeeming needs every share: you hold 990.0 shares of 1000.0 shares.',
    );
    must(await a.buyShares(made.value, 10n * SHARE));
    must(await a.redeem(made.value));
    const registry = typedContract(chain.deployment.addresses.LandRegistry, landRegistryAbi, provider);
    expect(await registry.ownerOf(BigInt(rid))).toBe(walletA.address);
  });

  it("reads each player's portfolio from logs: a vault the parcel has left stays while anything is left there", async () => {
    const redeemed = parcelId(72, -20);
    const holdingsA = await a.holdings(walletA.address);
    // A lost 70,-20 in the buyout and took 72,-20 back whole
    expect(holdingsA.parcels).toEqual([redeemed]);
    // in the bought-out vault A cashed its shares and withdrew its refunds but still has pool
    // tokens (to remove, then cash); in the redeemed one A is owed what it paid its own offering
    const redeemedVault = await a.vaultOf(redeemed);
    expect(holdingsA.positions.map((p) => [p.vault, p.state])).toEqual([
      [vault, 2],
      [redeemedVault, 3],
    ]);
    expect(holdingsA.positions[0]?.lp).toBeGreaterThan(0n);
    expect(holdingsA.positions[1]).toMatchObject({
      shares: 0n,
      lp: 0n,
      refunds: 10n * defaultTerms(claimPriceWei(72, -20)).offerPrice,
    });
    expect(holdingsA.ore).toBe(await a.oreBalance(walletA.address));

    const holdingsB = await b.holdings(walletB.address);
    expect(holdingsB.parcels).toEqual([id]);
    expect(holdingsB.positions).toHaveLength(1);
    expect(holdingsB.positions[0]).toMatchObject({
      vault,
      state: 2,
      shares: await sharesOf(walletB.address),
    });
    expect(holdingsB.positions[0]?.shares).toBeGreaterThan(0n); // B can still cash out

    // C never held a share: the refund it is owed is found by its PaymentCredited log
    const holdingsC = await c.holdings(walletC.address);
    expect(holdingsC.parcels).toEqual([]);
    expect(holdingsC.positions.map((p) => [p.vault, p.shares, p.refunds > 0n])).toEqual([[vault, 0n, true]]);
    must(await c.withdrawPayments(vault));
    expect((await c.holdings(walletC.address)).positions).toEqual([]);

    // scanned in pages of 3 blocks from the deployment block, or 2,000: the same footprint
    const paged = await createFootprintScanner(provider, chain.deployment, walletA.address, 3).scan();
    const whole = await createFootprintScanner(provider, chain.deployment, walletA.address).scan();
    expect(paged).toEqual(whole);
    expect(whole.vaults).toEqual(
      new Map([
        [vault, id],
        [redeemedVault, redeemed],
      ]),
    );
    expect(() => createFootprintScanner(provider, chain.deployment, walletA.address, 0)).toThrow(
      /pageBlocks/,
    );
  });

  it('tells from one log query whether new blocks touched a position or a portfolio', async () => {
    const position = await b.position(vault, walletB.address);
    const held = await b.holdings(walletB.address);
    const blocks = async (act: () => Promise<unknown>) => {
      const from = (await provider.getBlockNumber()) + 1;
      await act();
      return [from, await provider.getBlockNumber()] as const;
    };
    // a claim elsewhere, and ORE mined on A's parcel (minted to A): nothing of B's moved
    const elsewhere = await blocks(async () => {
      await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], 90, 90);
      expect((await mineOn(parcelId(72, -20), walletA)).kind).toBe('mined');
    });
    expect(await b.positionChanged(position, ...elsewhere)).toBe(false);
    expect(await b.holdingsChanged(walletB.address, held, ...elsewhere)).toBe(false);

    // B gives C a share of the vault: both B's position and portfolio moved
    const gift = await blocks(async () => {
      const shares = typedContract(vault, shareVaultAbi, walletB);
      await (await shares.transfer(walletC.address, SHARE)).wait();
    });
    expect(await b.positionChanged(position, ...gift)).toBe(true);
    expect(await b.holdingsChanged(walletB.address, held, ...gift)).toBe(true);
    // C's portfolio lists the vault again (emptied once C took its refund), now with the share
    const heldC = await c.holdings(walletC.address);
    expect(heldC.positions.map((p) => [p.vault, p.shares])).toEqual([[vault, SHARE]]);
  });

  it('builds a rig with ORE, and says so when the ORE is missing', async () => {
    const poor = await createChainActions(Wallet.createRandom(provider), chain.deployment).buildRig(id);
    expect(poor.ok === false && poor.message).toMatch(/insufficient funds|not enough ETH|Not enough tokens/i);
    const unclaimed = await b.buildRig(parcelId(-99, 99));
    expect(unclaimed.ok === false && unclaimed.message).toBe('Parcel -99,99 is unclaimed: it has no rig.');
    const ore = await b.oreBalance(walletB.address);
    expect(ore).toBeGreaterThanOrEqual(ONE_ORE);
    const built = await b.buildRig(id);
    expect(built).toMatchObject({ ok: true, value: 2 });
    expect(await b.oreBalance(walletB.address)).toBe(ore - ONE_ORE);
  });

  it('says the chain is away, sending nothing, when the RPC endpoint does not answer', async () => {
    const dead = new JsonRpcProvider('http://127.0.0.1:9', chain.deployment.chainId, { staticNetwork: true });
    const offline = createChainActions(new Wallet(PLAYER_KEYS[1], dead), chain.deployment);
    const result = await offline.stake(vault, SHARE);
    dead.destroy();
    expect(result.ok === false && result.message).toMatch(/^Staking failed: the chain does not answer/);
  });

  it('scans a restarted chain again from the start, trusting nothing it scanned before', async () => {
    const scanner = createFootprintScanner(provider, chain.deployment, walletB.address);
    expect((await scanner.scan()).vaults.size).toBe(1);
    await chain.restart(); // an empty chain: no contracts, no logs
    expect(await scanner.scan()).toEqual({ vaults: new Map(), parcels: new Set() });
  });
});

describe('an auction on an idle chain', () => {
  let chain: TestChain;
  let provider: JsonRpcProvider;

  beforeAll(async () => {
    // the extension may not exceed the length (ShareVault refuses InvalidAuctionTimes)
    chain = await startTestChain({ auctionLengthSec: 2, auctionExtensionSec: 1 });
    provider = new JsonRpcProvider(chain.rpcUrl, chain.deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
  });
  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  it('ends as soon as the clock passes its end, with no other block mined since it started', async () => {
    const [x, y] = [40, 40];
    const curator = createChainActions(new Wallet(PLAYER_KEYS[0], provider), chain.deployment);
    const bidder = createChainActions(new Wallet(PLAYER_KEYS[1], provider), chain.deployment);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], x, y);
    const vault = must(await curator.fractionalize(parcelId(x, y), defaultTerms(claimPriceWei(x, y))));
    const { reservePrice } = await bidder.position(vault, new Wallet(PLAYER_KEYS[1]).address);
    must(await bidder.startBuyout(vault, reservePrice));
    const { auctionEnd } = await bidder.position(vault, new Wallet(PLAYER_KEYS[1]).address);
    const started = await provider.getBlockNumber();
    // what the countdown does: wait for the clock, not for a block
    while (Date.now() / 1000 < auctionEnd) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await provider.getBlockNumber()).toBe(started);
    expect((await provider.getBlock('latest'))?.timestamp).toBeLessThan(auctionEnd);
    must(await bidder.endBuyout(vault));
    must(await curator.cash(vault));
    const registry = typedContract(chain.deployment.addresses.LandRegistry, landRegistryAbi, provider);
    expect(await registry.ownerOf(BigInt(parcelId(x, y)))).toBe(new Wallet(PLAYER_KEYS[1]).address);
  });
});
