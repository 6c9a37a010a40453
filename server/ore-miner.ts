import { Interface, type InterfaceAbi } from 'ethers';
import { oreMinerAbi } from '../shared/contracts.ts';
import type { Hex } from '../shared/pow.ts';
import { rpcCall } from './rpc.ts';

/** Reads of OreMiner's mining figures that the pool needs and events do not carry. */

const oreMiner = new Interface(oreMinerAbi as InterfaceAbi);

async function call(rpcUrl: string, address: string, name: string, args: unknown[]): Promise<unknown> {
  const data = oreMiner.encodeFunctionData(name, args);
  const result = await rpcCall<string>(rpcUrl, 'eth_call', [{ to: address, data }, 'latest']);
  return oreMiner.decodeFunctionResult(name, result)[0];
}

/** The parcel's current challenge (`OreMiner.challenge(parcelId)`). */
export async function readChallenge(rpcUrl: string, address: string, parcelId: number): Promise<Hex> {
  return (await call(rpcUrl, address, 'challenge', [parcelId])) as Hex;
}

/** The chain target: solutions are digests at or under it (`OreMiner.target()`). */
export async function readChainTarget(rpcUrl: string, address: string): Promise<bigint> {
  return (await call(rpcUrl, address, 'target', [])) as bigint;
}
