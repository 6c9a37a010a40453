import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractFactory, JsonRpcProvider, keccak256, NonceManager, Wallet } from 'ethers';
import { fractionalizerAbi, oreMinerAbi } from '../shared/contracts.ts';
import { LOCAL_CHAIN_ID } from '../shared/defaults.ts';
import { type Address, addressSchema, type Deployment, deploymentSchema } from '../shared/deployment.ts';
import { withDefaults } from '../shared/options.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_ETH, ONE_ORE } from '../shared/units.ts';
import { BASE_CLAIM_PRICE_WEI, WORLD_RADIUS } from '../shared/world.ts';
import { type Artifact, loadArtifact, loadUniswapArtifact } from './contract-artifacts.ts';
import { seedPool } from './pools.ts';

/** Tunables fixed at deploy time (constructor arguments). */
export interface DeployParams {
  /** Half the side of the map, in parcels. */
  worldRadius: number;
  /** Wei for an outer parcel. */
  basePriceWei: bigint;
  /** Buyout auction length, seconds. */
  auctionLengthSec: number;
  /** A bid this close to the auction's end extends it by as much, seconds. */
  auctionExtensionSec: number;
  /** How long a co-owned parcel's style proposal is open for votes, seconds. */
  styleVoteSec: number;
  /** OreMiner's first target (digest ≤ target wins): about 2^256 / target hashes per solution. */
  oreInitialTarget: bigint;
  /** Seconds per solution the retarget steers toward, map-wide. */
  oreSolutionIntervalSec: number;
  /** Shortest time between target retargets, seconds (≥ the solution interval); a burst of solutions moves the target one bounded step per period. */
  oreRetargetPeriodSec: number;
  /** Seconds over which a staking pool streams each reward to its stakers. */
  oreRewardPeriodSec: number;
  /** ORE wei minted per solution per rig level (half to the miner, half to the parcel). */
  oreRewardPerLevel: bigint;
  /** ORE wei burnt for rig level 1 → 2; each next level costs twice as much. */
  rigBaseCost: bigint;
  maxRigLevel: number;
  /**
   * ORE wei minted once to the deployer (the only ORE not mined) and paired with
   * `oreLiquidityWei` in an ORE/WETH Uniswap V2 pool, so ORE has a price from the start; 0 on other
   * networks unless DEPLOY_PARAMS sets both (then the pool's price is the operator's choice).
   */
  oreLiquiditySeed: bigint;
  /** Wei the deployer puts beside `oreLiquiditySeed` in the ORE/WETH pool. */
  oreLiquidityWei: bigint;
  /**
   * An existing Uniswap V2 deployment (a public network's); when absent, WETH9, the factory and
   * the router are deployed from the canonical npm builds.
   */
  uniswap?: UniswapAddresses;
}

export interface UniswapAddresses {
  WETH9: Address;
  UniswapV2Factory: Address;
  UniswapV2Router02: Address;
}

/** Local-chain defaults: short auctions and a target a browser tab meets in seconds (~2^20 hashes). */
export const LOCAL_DEPLOY_PARAMS: DeployParams = {
  worldRadius: WORLD_RADIUS,
  basePriceWei: BASE_CLAIM_PRICE_WEI,
  auctionLengthSec: 5 * 60,
  auctionExtensionSec: 60,
  styleVoteSec: 5 * 60,
  oreInitialTarget: 2n ** 236n,
  oreSolutionIntervalSec: 30,
  oreRetargetPeriodSec: 5 * 60,
  oreRewardPeriodSec: 10 * 60,
  oreRewardPerLevel: 10n * ONE_ORE,
  rigBaseCost: 20n * ONE_ORE,
  maxRigLevel: 10,
  // 0.001 ETH per ORE: a solution's 10 ORE is worth 0.01 ETH, a parcel in the outer rings
  oreLiquiditySeed: 1_000n * ONE_ORE,
  oreLiquidityWei: ONE_ETH,
};

/**
 * Buyout timings on any chain but the local one: Fractional v1's 7-day auction and 15-minute
 * extension, so holders anywhere have days to see a buyout and bid.
 */
export const PUBLIC_AUCTION_PARAMS: Pick<DeployParams, 'auctionLengthSec' | 'auctionExtensionSec'> = {
  auctionLengthSec: 7 * 24 * 60 * 60,
  auctionExtensionSec: 15 * 60,
};

/** Style votes on any chain but the local one: three days, so co-owners anywhere see and vote. */
export const PUBLIC_STYLE_PARAMS: Pick<DeployParams, 'styleVoteSec'> = { styleVoteSec: 3 * 24 * 60 * 60 };

/**
 * Mining timings on any chain but the local one: a retarget a day (a burst or a quiet hour barely
 * moves the target) and rewards streamed over a day (a stake earns by the day it stays).
 */
export const PUBLIC_MINING_PARAMS: Pick<
  DeployParams,
  'oreRetargetPeriodSec' | 'oreRewardPeriodSec' | 'oreLiquiditySeed' | 'oreLiquidityWei'
> = {
  oreRetargetPeriodSec: 24 * 60 * 60,
  oreRewardPeriodSec: 24 * 60 * 60,
  // no premine unless the operator asks for one (DEPLOY_PARAMS)
  oreLiquiditySeed: 0n,
  oreLiquidityWei: 0n,
};

/** The deploy parameters before overrides: the local ones, with the public timings elsewhere. */
export function defaultDeployParams(chainId: number): DeployParams {
  return chainId === LOCAL_CHAIN_ID
    ? LOCAL_DEPLOY_PARAMS
    : { ...LOCAL_DEPLOY_PARAMS, ...PUBLIC_AUCTION_PARAMS, ...PUBLIC_STYLE_PARAMS, ...PUBLIC_MINING_PARAMS };
}

export interface EnsureDeployedOptions {
  /** JSON-RPC endpoint of the chain. */
  rpcUrl: string;
  /** 0x-prefixed private key that pays for the deployment and becomes the treasury. */
  deployerKey: string;
  /** Directory of `deployment.json`. */
  dataDir: string;
  /** Overrides of LOCAL_DEPLOY_PARAMS; used only when a deployment happens. */
  params?: Partial<DeployParams>;
}

/** Path of the deployment record in `dataDir`. */
export function deploymentFile(dataDir: string): string {
  return join(dataDir, 'deployment.json');
}

/**
 * Returns the deployment recorded in `<dataDir>/deployment.json` when it belongs to this chain and
 * all its contracts still have code there; otherwise deploys everything and records it.
 */
export async function ensureDeployed(options: EnsureDeployedOptions): Promise<Deployment> {
  // cacheTimeout -1: never reuse a cached eth_getTransactionCount, or back-to-back deploys get stale nonces.
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { cacheTimeout: -1 });
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    const existing = await readDeployment(options.dataDir);
    if (existing && existing.chainId === chainId && (await allHaveCode(provider, existing))) return existing;
    const params = withDefaults(defaultDeployParams(chainId), options.params ?? {});
    const deployment = await deployAll(provider, options.deployerKey, chainId, params);
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(deploymentFile(options.dataDir), `${JSON.stringify(deployment, null, 2)}\n`);
    return deployment;
  } finally {
    provider.destroy();
  }
}

/**
 * The recorded deployment, or null when there is none or it predates the current contract set
 * (then it is redeployed). A file that is not JSON is a clear error.
 */
export async function readDeployment(dataDir: string): Promise<Deployment | null> {
  const file = deploymentFile(dataDir);
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not a valid deployment record: ${(error as Error).message}`);
  }
  const parsed = deploymentSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

async function allHaveCode(provider: JsonRpcProvider, deployment: Deployment): Promise<boolean> {
  const codes = await Promise.all(Object.values(deployment.addresses).map((a) => provider.getCode(a)));
  return codes.every((code) => code !== '0x');
}

/**
 * The router finds pairs by CREATE2 with the pair init-code hash compiled into its bytecode
 * (UniswapV2Library.pairFor); it must be the hash of the pair bytecode the factory deploys.
 */
export function checkPairInitCodeHash(): `0x${string}` {
  const hash = keccak256(loadUniswapArtifact('UniswapV2Pair').bytecode);
  if (!loadUniswapArtifact('UniswapV2Router02').bytecode.includes(hash.slice(2))) {
    throw new Error(
      `UniswapV2Router02 does not embed the pair init-code hash ${hash}: it could not find pairs`,
    );
  }
  return hash as `0x${string}`;
}

async function deployAll(
  provider: JsonRpcProvider,
  deployerKey: string,
  chainId: number,
  params: DeployParams,
): Promise<Deployment> {
  if (params.oreLiquiditySeed > 0n !== params.oreLiquidityWei > 0n)
    throw new Error(
      'oreLiquiditySeed and oreLiquidityWei seed the ORE/WETH pool together: set both or neither',
    );
  const deployer = new NonceManager(new Wallet(deployerKey, provider));
  const treasury = addressSchema.parse(await deployer.getAddress());
  if (params.uniswap) await requireCode(provider, params.uniswap);
  const deployBlock = await provider.getBlockNumber();
  const deploy = async (artifact: Artifact, ...args: unknown[]): Promise<Address> => {
    const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, deployer);
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return addressSchema.parse(await contract.getAddress());
  };
  const land = await deploy(loadArtifact('LandRegistry'), params.worldRadius, params.basePriceWei, treasury);
  // OreMiner deploys the ORE token, ParcelStaking and the Fractionalizer (with its vault code).
  const oreMiner = await deploy(
    loadArtifact('OreMiner'),
    land,
    {
      initialTarget: params.oreInitialTarget,
      solutionInterval: params.oreSolutionIntervalSec,
      retargetPeriod: params.oreRetargetPeriodSec,
      rewardPerLevel: params.oreRewardPerLevel,
      rigBaseCost: params.rigBaseCost,
      maxRigLevel: params.maxRigLevel,
      rewardPeriod: params.oreRewardPeriodSec,
      liquiditySeed: params.oreLiquiditySeed,
    },
    {
      length: params.auctionLengthSec,
      extension: params.auctionExtensionSec,
      styleVote: params.styleVoteSec,
    },
  );
  const uniswap = params.uniswap ?? (await deployUniswap(deploy, treasury));

  const miner = typedContract(oreMiner, oreMinerAbi, provider);
  const fractionalizer = await miner.fractionalizer();
  const deployment = deploymentSchema.parse({
    chainId,
    // The first deployment transaction lands in the block after the one read above.
    deployBlock: deployBlock + 1,
    addresses: {
      LandRegistry: land,
      Fractionalizer: fractionalizer,
      ShareVault: await typedContract(fractionalizer, fractionalizerAbi, provider).implementation(),
      OreMiner: oreMiner,
      OreToken: await miner.ore(),
      ParcelStaking: await miner.staking(),
      ...uniswap,
    },
  });
  // the deployer keeps the pool tokens: the seed is liquidity like any other provider's
  if (params.oreLiquiditySeed > 0n)
    await seedPool(
      deployer,
      deployment,
      deployment.addresses.OreToken,
      params.oreLiquiditySeed,
      params.oreLiquidityWei,
    );
  return deployment;
}

async function requireCode(provider: JsonRpcProvider, contracts: UniswapAddresses): Promise<void> {
  for (const [name, address] of Object.entries(contracts)) {
    if ((await provider.getCode(address)) === '0x')
      throw new Error(`${name} has no code at ${address} on this chain`);
  }
}

async function deployUniswap(
  deploy: (artifact: Artifact, ...args: unknown[]) => Promise<Address>,
  feeToSetter: Address,
): Promise<UniswapAddresses> {
  checkPairInitCodeHash();
  const WETH9 = await deploy(loadUniswapArtifact('WETH9'));
  const UniswapV2Factory = await deploy(loadUniswapArtifact('UniswapV2Factory'), feeToSetter);
  const UniswapV2Router02 = await deploy(loadUniswapArtifact('UniswapV2Router02'), UniswapV2Factory, WETH9);
  return { WETH9, UniswapV2Factory, UniswapV2Router02 };
}
