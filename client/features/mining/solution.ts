import { type ContractRunner, Interface, type InterfaceAbi, ZeroAddress } from 'ethers';
import { oreMinerAbi, oreTokenAbi } from '../../../shared/contracts.ts';
import type { Hex } from '../../../shared/pow.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { GAS_HEADROOM_PERCENT } from '../chain/chain-core.ts';
import { WalletRefusal } from '../wallet/wallet-errors.ts';

/** What became of a solution the wallet tried to put on chain. */
export type SolutionOutcome =
  | { kind: 'mined'; txHash: string /** ORE wei minted to this miner. */; reward: bigint }
  /** Another miner's solution moved the parcel's challenge first: ask for a new job, do not retry. */
  | { kind: 'beaten' }
  | { kind: 'failed'; message: string };

const oreMiner = new Interface(oreMinerAbi as InterfaceAbi);
const oreToken = new Interface(oreTokenAbi as InterfaceAbi);

function revertName(error: unknown): string | null {
  const data = (error as { data?: unknown; info?: { error?: { data?: unknown } } }).data;
  if (typeof data !== 'string') return null;
  try {
    return oreMiner.parseError(data)?.name ?? null;
  } catch {
    return null;
  }
}

/**
 * Submits `OreMiner.mine(parcelId, nonce)` from `signer`. The call is simulated first, so a
 * solution that went stale (the challenge moved, or the target dropped) costs no transaction; a
 * transaction that loses a race is reported as beaten, never sent again.
 */
export async function submitSolution(
  signer: ContractRunner,
  oreMinerAddress: string,
  parcelId: number,
  nonce: Hex,
): Promise<SolutionOutcome> {
  const { mine } = typedContract(oreMinerAddress, oreMinerAbi, signer);
  const args = [BigInt(parcelId), BigInt(nonce)] as const; // mine(uint256 parcelId, uint256 nonce)
  try {
    await mine.staticCall(...args);
  } catch (error) {
    if (revertName(error) === 'AboveTarget') return { kind: 'beaten' };
    return { kind: 'failed', message: explain(error) };
  }
  try {
    const estimate = await mine.estimateGas(...args);
    const tx = await mine(...args, { gasLimit: (estimate * GAS_HEADROOM_PERCENT) / 100n });
    const receipt = await tx.wait();
    if (!receipt) return { kind: 'failed', message: 'the transaction was dropped' };
    const miner = (await addressOf(signer)).toLowerCase();
    // the ORE minted to this miner, as the token's Transfer events from the zero address say
    let reward = 0n;
    for (const log of receipt.logs) {
      const parsed = oreToken.parseLog(log);
      if (
        parsed?.name === 'Transfer' &&
        parsed.args.from === ZeroAddress &&
        parsed.args.to.toLowerCase() === miner
      ) {
        reward += parsed.args.value as bigint;
      }
    }
    return { kind: 'mined', txHash: receipt.hash, reward };
  } catch (error) {
    if (revertName(error) === 'AboveTarget') return { kind: 'beaten' };
    return { kind: 'failed', message: explain(error) };
  }
}

async function addressOf(signer: ContractRunner): Promise<string> {
  const withAddress = signer as { getAddress?: () => Promise<string> };
  if (!withAddress.getAddress) throw new Error('the wallet cannot sign');
  return withAddress.getAddress();
}

function explain(error: unknown): string {
  if (error instanceof WalletRefusal) return error.message; // already says that nothing was sent
  const name = revertName(error);
  if (name === 'ParcelUnclaimed') return 'Nobody owns this parcel yet: there is no rig to mine with.';
  if (name) return `The chain refused the solution (${name}).`;
  const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
  return `The solution could not be sent: ${message}`;
}
