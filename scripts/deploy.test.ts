import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, MaxUint256, NonceManager, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fractionalizerAbi,
  landRegistryAbi,
  oreTokenAbi,
  shareVaultAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
} from '../shared/contracts.ts';
import { LOCAL_DEPLOYER_KEY } from '../shared/defaults.ts';
import type { Address } from '../shared/deployment.ts';
import { PAIR_ACCUMULATOR_GAS } from '../shared/gas.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_ETH, ONE_SHARE } from '../shared/units.ts';
import { claimPriceWei, parcelId } from '../shared/world.ts';
import { type LocalChain, startLocalChain } from './chain.ts';
import {
  checkPairInitCodeHash,
  deploymentFile,
  ensureDeployed,
  LOCAL_DEPLOY_PARAMS,
  readDeployment,
} from './deploy.ts';
import { mined, seedPool } from './pools.ts';

/** Uniswap V2's canonical pair init-code hash (UniswapV2Library.pairFor on mainnet). */
const UNISWAP_PAIR_INIT_CODE_HASH = '0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f';

describe('ensureDeployed', () => {
  let chain: LocalChain;
  let dataDir: string;

  beforeAll(async () => {
    chain = await startLocalChain({ port: 0 });
    dataDir = await mkdtemp(join(tmpdir(), 'fracterra-deploy-'));
  });

  /** The recorded deployment of the test's chain (deployed when there is none). */
  const deployHere = () => ensureDeployed({ rpcUrl: chain.rpcUrl, deployerKey: LOCAL_DEPLOYER_KEY, dataDir });

  afterAll(async () => {
    await chain?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('deploys once, then reuses the recorded deployment', async () => {
    const first = await deployHere();
    expect(await readDeployment(dataDir)).toEqual(first);
    const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
    try {
      const blockAfterFirst = await provider.getBlockNumber();
      const second = await deployHere();
      expect(second).toEqual(first);
      expect(await provider.getBlockNumber()).toBe(blockAfterFirst); // no transaction sent

      // The deployed registry follows shared/world.ts: same ids, same prices.
      const land = typedContract(first.addresses.LandRegistry, landRegistryAbi, provider);
      expect(await land.parcelIdOf(12n, -40n)).toBe(BigInt(parcelId(12, -40)));
      expect(await land.priceOf(12n, -40n)).toBe(claimPriceWei(12, -40));
      expect(first.deployBlock).toBeLessThanOrEqual(blockAfterFirst);
    } finally {
      provider.destroy();
    }
  });

  it('redeploys on a fresh chain where the recorded contracts have no code', async () => {
    const before = await deployHere();
    await chain.stop();
    chain = await startLocalChain({ port: 0 });
    const after = await deployHere();
    const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
    try {
      expect(await provider.getCode(after.addresses.LandRegistry)).not.toBe('0x');
      expect(await readDeployment(dataDir)).toEqual(after);
      // Same deployer nonces on a fresh chain give the same addresses; what proves the redeploy is the code.
      expect(after.addresses.LandRegistry).toBe(before.addresses.LandRegistry);
    } finally {
      provider.destroy();
    }
  });

  it('redeploys over a record of an older contract set', async () => {
    const current = await deployHere();
    const { LandRegistry } = current.addresses;
    await writeFile(deploymentFile(dataDir), JSON.stringify({ ...current, addresses: { LandRegistry } }));
    const redeployed = await ensureDeployed({
      rpcUrl: chain.rpcUrl,
      deployerKey: LOCAL_DEPLOYER_KEY,
      dataDir,
    });
    expect(redeployed.addresses.LandRegistry).not.toBe(LandRegistry);
    expect(await readDeployment(dataDir)).toEqual(redeployed);
  });

  it('rejects a deployment record that is not JSON with a clear error', async () => {
    await writeFile(deploymentFile(dataDir), '{ chainId: ');
    await expect(deployHere()).rejects.toThrow(/not a valid deployment record/);
    await rm(deploymentFile(dataDir));
  });

  it('uses an existing Uniswap deployment when given one, and refuses one without code', async () => {
    const first = await deployHere();
    const { WETH9, UniswapV2Factory, UniswapV2Router02 } = first.addresses;
    const uniswap = { WETH9, UniswapV2Factory, UniswapV2Router02 };
    const otherDir = await mkdtemp(join(tmpdir(), 'fracterra-deploy-'));
    try {
      const second = await ensureDeployed({
        rpcUrl: chain.rpcUrl,
        deployerKey: LOCAL_DEPLOYER_KEY,
        dataDir: otherDir,
        params: { uniswap },
      });
      expect(second.addresses).toMatchObject(uniswap);
      expect(second.addresses.LandRegistry).not.toBe(first.addresses.LandRegistry);
      const nowhere = Wallet.createRandom().address as Address;
      await rm(deploymentFile(otherDir));
      await expect(
        ensureDeployed({
          rpcUrl: chain.rpcUrl,
          deployerKey: LOCAL_DEPLOYER_KEY,
          dataDir: otherDir,
          params: { uniswap: { ...uniswap, WETH9: nowhere } },
        }),
      ).rejects.toThrow(`WETH9 has no code at ${nowhere}`);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('seeds the ORE/WETH pool from the deployer, and refuses half a seed', async () => {
    const deployment = await ensureDeployed({
      rpcUrl: chain.rpcUrl,
      deployerKey: LOCAL_DEPLOYER_KEY,
      dataDir,
    });
    const { addresses } = deployment;
    const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
    try {
      const factory = typedContract(addresses.UniswapV2Factory, uniswapV2FactoryAbi, provider);
      const pair = typedContract(
        await factory.getPair(addresses.OreToken, addresses.WETH9),
        uniswapV2PairAbi,
        provider,
      );
      const [reserve0, reserve1] = await pair.getReserves();
      const oreFirst = BigInt(addresses.OreToken) < BigInt(addresses.WETH9);
      expect(oreFirst ? [reserve0, reserve1] : [reserve1, reserve0]).toEqual([
        LOCAL_DEPLOY_PARAMS.oreLiquiditySeed,
        LOCAL_DEPLOY_PARAMS.oreLiquidityWei,
      ]);
      const deployer = new Wallet(LOCAL_DEPLOYER_KEY).address;
      // all the seed went into the pool; the deployer holds its pool tokens
      const ore = typedContract(addresses.OreToken, oreTokenAbi, provider);
      expect(await ore.balanceOf(deployer)).toBe(0n);
      expect(await ore.totalSupply()).toBe(LOCAL_DEPLOY_PARAMS.oreLiquiditySeed);
      expect(await pair.balanceOf(deployer)).toBeGreaterThan(0n);
    } finally {
      provider.destroy();
    }
    const otherDir = await mkdtemp(join(tmpdir(), 'fracterra-deploy-'));
    try {
      await expect(
        ensureDeployed({
          rpcUrl: chain.rpcUrl,
          deployerKey: LOCAL_DEPLOYER_KEY,
          dataDir: otherDir,
          params: { oreLiquidityWei: 0n },
        }),
      ).rejects.toThrow(/set both or neither/);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('deploys a router that finds the pairs its factory creates', () => {
    expect(checkPairInitCodeHash()).toBe(UNISWAP_PAIR_INIT_CODE_HASH);
  });

  it('gives a claimed parcel on-chain metadata, and seeds a shares/WETH pool that swaps', async () => {
    const deployment = await deployHere();
    const { addresses } = deployment;
    const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
    try {
      const player = new NonceManager(new Wallet(LOCAL_DEPLOYER_KEY, provider));
      const land = typedContract(addresses.LandRegistry, landRegistryAbi, player);
      const id = BigInt(parcelId(-12, 34));
      await mined(land.claim(-12n, 34n, { value: claimPriceWei(-12, 34) }));

      const uri = await land.tokenURI(id);
      const json = JSON.parse(
        Buffer.from(uri.replace('data:application/json;base64,', ''), 'base64').toString(),
      );
      expect(json.name).toBe('Parcel -12,34');
      expect(json.attributes).toContainEqual({ trait_type: 'ring', value: 34 });
      const svg = Buffer.from(json.image.replace('data:image/svg+xml;base64,', ''), 'base64').toString();
      expect(svg).toMatch(/^<svg .*-12,34.*<\/svg>$/);

      await mined(land.approve(addresses.Fractionalizer, id));
      const fractionalizer = typedContract(addresses.Fractionalizer, fractionalizerAbi, player);
      await mined(fractionalizer.fractionalize(id, 1000n * ONE_SHARE, ONE_ETH, 0n, 0n));
      const vault = await fractionalizer.vaultOf(id);
      const { pair } = await seedPool(player, deployment, vault, 100n * ONE_SHARE, 10n ** 17n);
      expect(await provider.getCode(pair)).not.toBe('0x');

      const router = typedContract(addresses.UniswapV2Router02, uniswapV2Router02Abi, player);
      const path = [addresses.WETH9, vault];
      const ethIn = 10n ** 16n;
      const [, expectedShares] = await router.getAmountsOut(ethIn, path);
      const buyer = Wallet.createRandom().address;
      const swap = router.swapExactETHForTokens;
      // headroom over the estimate: mined a second after it was estimated, the swap also pays the
      // pair's first price-accumulator writes (as the game's chain actions allow for)
      const estimate = await swap.estimateGas(1n, path, buyer, MaxUint256, { value: ethIn });
      const gasLimit = (estimate * 13n) / 10n + PAIR_ACCUMULATOR_GAS;
      await mined(swap(1n, path, buyer, MaxUint256, { value: ethIn, gasLimit }));
      const shares = typedContract(vault, shareVaultAbi, provider);
      expect(await shares.balanceOf(buyer)).toBe(expectedShares);
      expect(expectedShares).toBeGreaterThan(0n);
    } finally {
      provider.destroy();
    }
  });
});
