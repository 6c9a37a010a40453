import type { ContractRunner } from 'ethers';
import { oreMinerAbi } from '../shared/contracts.ts';
import type { Hex } from '../shared/pow.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { rpcCall } from './rpc.ts';

/** Reads of OreMiner's mining figures that the pool needs and events do not carry. */

/**
 * OreMiner at `address`, read with `eth_call` at the latest block over the server's own JSON-RPC
 * client (no ethers provider: no polling, no network probe).
 */
function oreMinerAt(rpcUrl: string, address: string) {
  const runner: ContractRunner = {
    provider: null,
    call: (tx) => rpcCall<string>(rpcUrl, 'eth_call', [{ to: tx.to, data: tx.data }, 'latest']),
  };
  return typedContract(address, oreMinerAbi, runner);
}

/** The parcel's current challenge (`OreMiner.challenge(parcelId)`). */
export function readChallenge(rpcUrl: string, address: string, parcelId: number): Promise<Hex> {
  return oreMinerAt(rpcUrl, address).challenge(BigInt(parcelId));
}

/** The chain target: solutions are digests at or under it (`OreMiner.getMiningTarget()`). */
export function readChainTarget(rpcUrl: string, address: string): Promise<bigint> {
  return oreMinerAt(rpcUrl, address).getMiningTarget();
}
