import { JsonRpcProvider, type Signer, Wallet } from 'ethers';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  type ChainActions,
  createChainActions,
  defaultTerms,
  type FractionalizeTerms,
  type TxResult,
} from '../client/features/chain/chain-actions.ts';
import { submitSolution } from '../client/features/mining/solution.ts';
import type { DeployParams } from '../scripts/deploy.ts';
import { oreMinerAbi } from '../shared/contracts.ts';
import { type Hex, powDigest, toHex32 } from '../shared/pow.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_ORE } from '../shared/units.ts';
import { claimPriceWei, parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from './keys.ts';
import { claimParcel, startTestChain, type TestChain } from './test-chain.ts';

/** Deploy parameters for tests that mine: one hash in 64 solves, and 1-ORE rigs a few solutions pay for. */
export const EASY_MINING: Partial<DeployParams> = { oreInitialTarget: 2n ** 250n, rigBaseCost: ONE_ORE };

/** One player of a chain world: a funded anvil account and the actions over it. */
export interface Player {
  wallet: Wallet;
  address: string;
  actions: ChainActions;
}

/**
 * A test chain for the chain-actions tests: A curates parcels, B buys, stakes, swaps and bids, C
 * only bids. Each test starts from the same state (the deployment plus the file's `setup`), so
 * tests run in any order and none depends on another's vault.
 */
export interface ChainWorld {
  chain: TestChain;
  provider: JsonRpcProvider;
  a: Player;
  b: Player;
  c: Player;
  /** Actions over another signer on this chain (a wallet with nothing, one on a dead node…). */
  actionsOf(signer: Signer): ChainActions;
}

/**
 * Registers the hooks of a chain world in the calling `describe` (or file): a fresh anvil with the
 * contracts deployed (`params` override the local deploy parameters), `setup` run once on it, and
 * an `evm_snapshot` of that state that every test starts from (`evm_revert` after each: one
 * deployment per file, each test as if it were alone). The world's fields are there from the
 * first test on. Players get new actions for each test: their log scanners never saw blocks
 * the revert took back.
 */
export function useChainWorld(
  params?: Partial<DeployParams>,
  setup?: (world: ChainWorld) => Promise<void>,
): ChainWorld {
  const world = {} as ChainWorld; // filled in beforeAll, before any test reads it
  let snapshot = '';
  const player = (key: string): Player => {
    const wallet = new Wallet(key, world.provider);
    return { wallet, address: wallet.address, actions: world.actionsOf(wallet) };
  };
  const newPlayers = () => {
    Object.assign(world, { a: player(PLAYER_KEYS[0]), b: player(PLAYER_KEYS[1]), c: player(PLAYER_KEYS[2]) });
  };

  beforeAll(async () => {
    world.chain = await startTestChain(params);
    world.provider = new JsonRpcProvider(world.chain.rpcUrl, world.chain.deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    world.actionsOf = (signer) => createChainActions(signer, world.chain.deployment);
    newPlayers();
    await setup?.(world);
    snapshot = await world.provider.send('evm_snapshot', []);
  });
  beforeEach(newPlayers);
  afterEach(async () => {
    // anvil drops a snapshot once reverted to: take the same state again for the next test
    if (!(await world.provider.send('evm_revert', [snapshot]))) throw new Error('evm_revert refused');
    snapshot = await world.provider.send('evm_snapshot', []);
  });
  afterAll(async () => {
    world.provider?.destroy();
    await world.chain?.stop();
  });
  return world;
}

/** The result of an action that must succeed (its failure message shows in the test report). */
export function must<T>(result: TxResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The message of an action that must fail. */
export function refusal(result: TxResult<unknown>): string {
  if (result.ok) throw new Error(`expected a refusal, the chain accepted ${result.txHash}`);
  return result.message;
}

/**
 * Claims parcel (x, y) for A and fractionalizes it (with the default terms at its claim price
 * unless `terms` are given); resolves with the vault.
 */
export async function fractionalized(
  world: ChainWorld,
  [x, y]: readonly [number, number],
  terms: FractionalizeTerms = defaultTerms(claimPriceWei(x, y)),
): Promise<string> {
  await claimParcel(world.chain.rpcUrl, world.chain.deployment, PLAYER_KEYS[0], x, y);
  return must(await world.a.actions.fractionalize(parcelId(x, y), terms));
}

/** Finds a nonce for `parcel` at the chain's target and puts it on chain from `wallet`. */
export async function mineOn(world: ChainWorld, parcel: number, wallet: Wallet) {
  const { OreMiner } = world.chain.deployment.addresses;
  const miner = typedContract(OreMiner, oreMinerAbi, world.provider);
  const [challenge, target] = await Promise.all([miner.challenge(BigInt(parcel)), miner.getMiningTarget()]);
  let nonce = 0n;
  while (powDigest(challenge, wallet.address as Hex, nonce) > target) nonce++;
  return submitSolution(wallet, OreMiner, parcel, toHex32(nonce));
}
