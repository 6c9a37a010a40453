import { JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import * as abi from '../shared/contracts.ts';
import type { Deployment } from '../shared/deployment.ts';
import { encodePreimage, meetsTarget, powDigest } from '../shared/pow.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_ETH, ONE_SHARE } from '../shared/units.ts';
import { parcelId } from '../shared/world.ts';
import { createNonceSearch, type NonceSearch } from '../workers/keccak-search.ts';

/**
 * Test support (tests and bench only): one player's market moves on a test chain, each sent and
 * mined before it resolves — the trades, stakes, votes and solutions the market history records.
 */

/** Whole shares of a vault (the supply of `fractionalize`). */
export const TEST_SUPPLY = 1_000n * ONE_SHARE;
/** Wei per whole share of the offering. */
export const TEST_OFFER_PRICE = 10n ** 15n;

/** Counter pairs per call of the search loop. */
const SEARCH_PAIRS = 1 << 16;

/**
 * The lowest nonce below 2^32 whose digest with `challenge` and `miner` meets `target`: the search
 * loop screens by the digests' top 64 bits, and each candidate is checked in full.
 */
function solve(search: NonceSearch, challenge: string, miner: string, target: bigint): bigint {
  search.load(encodePreimage(challenge, miner, 0n), target);
  let start = 0;
  while (start + 2 * SEARCH_PAIRS <= 2 ** 32) {
    const hit = search.search(start, SEARCH_PAIRS);
    if (hit < 0) {
      start += 2 * SEARCH_PAIRS;
      continue;
    }
    const pair = [BigInt(start + 2 * hit), BigInt(start + 2 * hit + 1)];
    const nonce = pair.find((candidate) => meetsTarget(powDigest(challenge, miner, candidate), target));
    if (nonce !== undefined) return nonce;
    start += 2 * hit + 2;
  }
  throw new Error('no solution among 2^32 nonces: the target is not a test-easy one');
}

export function marketPlayer(rpcUrl: string, deployment: Deployment, key: string) {
  const provider = new JsonRpcProvider(rpcUrl, deployment.chainId, { cacheTimeout: -1, staticNetwork: true });
  const signer = new NonceManager(new Wallet(key, provider));
  const { addresses } = deployment;
  const vault = (address: string) => typedContract(address, abi.shareVaultAbi, signer);
  const router = typedContract(addresses.UniswapV2Router02, abi.uniswapV2Router02Abi, signer);
  const mined = async (sent: Promise<{ wait(): Promise<unknown> }>) => {
    const receipt = (await (await sent).wait()) as { blockNumber: number } | null;
    if (!receipt) throw new Error('not mined');
    return receipt.blockNumber;
  };
  const deadline = () => BigInt(Math.floor(Date.now() / 1000) + 3_600);
  // A fixed gas limit for swaps: the estimate runs on the pending block, and when the
  // mined block's time is a second later the pair also updates its price accumulators (dearer):
  // an estimated limit then ran out of gas now and then.
  const POOL_GAS = { gasLimit: 600_000n };
  const address = new Wallet(key).address;
  let search: Promise<NonceSearch> | undefined;

  return {
    address,
    /** Fractionalizes the player's parcel (x, y): TEST_SUPPLY shares, 40 % offered; resolves with the vault. */
    async fractionalize(x: number, y: number): Promise<string> {
      const id = BigInt(parcelId(x, y));
      await mined(
        typedContract(addresses.LandRegistry, abi.landRegistryAbi, signer).approve(
          addresses.Fractionalizer,
          id,
        ),
      );
      const fractionalizer = typedContract(addresses.Fractionalizer, abi.fractionalizerAbi, signer);
      const terms = [id, TEST_SUPPLY, ONE_ETH, TEST_OFFER_PRICE, (TEST_SUPPLY * 40n) / 100n] as const;
      const created = await fractionalizer.fractionalize.staticCall(...terms);
      await mined(fractionalizer.fractionalize(...terms));
      return created;
    },
    buyOffering: async (at: string, shares: bigint) =>
      mined(vault(at).buyShares(shares, { value: await vault(at).offerCost(shares) })),
    /** Creates or adds to the pool of `token` (a vault's shares, or ORE) and WETH: `amount` against `wei`. */
    async addLiquidity(token: string, amount: bigint, wei: bigint) {
      // any ERC-20's approve: the vault ABI's is the standard one
      await mined(vault(token).approve(addresses.UniswapV2Router02, amount));
      return mined(router.addLiquidityETH(token, amount, 0n, 0n, address, deadline(), { value: wei }));
    },
    buyInPool: (at: string, wei: bigint) =>
      mined(
        router.swapExactETHForTokens(0n, [addresses.WETH9, at], address, deadline(), {
          value: wei,
          ...POOL_GAS,
        }),
      ),
    async sellInPool(at: string, shares: bigint) {
      await mined(vault(at).approve(addresses.UniswapV2Router02, shares));
      return mined(
        router.swapExactTokensForETH(shares, 0n, [at, addresses.WETH9], address, deadline(), POOL_GAS),
      );
    },
    async stake(at: string, shares: bigint) {
      await mined(vault(at).approve(addresses.ParcelStaking, shares));
      return mined(typedContract(addresses.ParcelStaking, abi.parcelStakingAbi, signer).stake(at, shares));
    },
    vote: (at: string, priceWei: bigint) => mined(vault(at).updateUserPrice(priceWei)),
    /** The co-owners' style vote on the vault's parcel: propose (and vote for), vote, settle once closed. */
    proposeStyle: (at: string, style: bigint, palette: bigint) =>
      mined(vault(at).proposeStyle(style, palette)),
    voteStyle: (at: string, support: boolean) => mined(vault(at).voteStyle(support)),
    settleStyle: (at: string) => mined(vault(at).settleStyle()),
    /** A buyout of the vault's parcel: start it or outbid with `wei`, end it once over, cash out. */
    startBuyout: (at: string, wei: bigint) => mined(vault(at).start({ value: wei })),
    bid: (at: string, wei: bigint) => mined(vault(at).bid({ value: wei })),
    endBuyout: (at: string) => mined(vault(at).end()),
    cashOut: (at: string) => mined(vault(at).cash()),
    /**
     * Finds and submits a solution on (x, y) with the browser miner's search loop: the chain's
     * target must be easy (e2e's test-low one takes some 2^16 hashes, a fraction of a second here).
     */
    async mine(x: number, y: number) {
      const miner = typedContract(addresses.OreMiner, abi.oreMinerAbi, signer);
      const id = BigInt(parcelId(x, y));
      const [challenge, target] = await Promise.all([miner.challenge(id), miner.getMiningTarget()]);
      search ??= createNonceSearch();
      const nonce = solve(await search, challenge, address, target);
      // a fixed gas limit: the estimate runs at the pending block's time, which may come before a
      // retarget that the mined block's time triggers (a dearer path)
      return mined(miner.mine(id, nonce, { gasLimit: 1_000_000n }));
    },
    close: () => provider.destroy(),
  };
}
