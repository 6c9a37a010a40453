import { getAddress, Interface, type InterfaceAbi, type LogDescription } from 'ethers';
import {
  fractionalizerAbi,
  landRegistryAbi,
  oreMinerAbi,
  parcelStakingAbi,
  shareVaultAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
} from '../shared/contracts.ts';
import type { Deployment } from '../shared/deployment.ts';

/** The ABIs the indexer's readers decode logs with, by the kind of contract a log comes from. */
export const interfaces = {
  land: new Interface(landRegistryAbi as InterfaceAbi),
  fractionalizer: new Interface(fractionalizerAbi as InterfaceAbi),
  vault: new Interface(shareVaultAbi as InterfaceAbi),
  miner: new Interface(oreMinerAbi as InterfaceAbi),
  staking: new Interface(parcelStakingAbi as InterfaceAbi),
  factory: new Interface(uniswapV2FactoryAbi as InterfaceAbi),
  pair: new Interface(uniswapV2PairAbi as InterfaceAbi),
};
export type Source = keyof typeof interfaces;

/** topic0 of each named event, without repeats (the indexer asks for these from any address). */
export function topicsOf(events: Partial<Record<Source, string[]>>): string[] {
  const topics = Object.entries(events).flatMap(([source, names]) =>
    (names ?? []).map((name) => interfaces[source as Source].getEvent(name)?.topicHash ?? ''),
  );
  return [...new Set(topics)];
}

/**
 * Which contract a log comes from: a deployed one, a vault among `vaults` or a pair among
 * `pairs` (checksummed addresses); null for anything else.
 */
export function sourceOf(
  deployment: Deployment,
  address: string,
  vaults: ReadonlyMap<string, unknown>,
  pairs: ReadonlyMap<string, unknown> = new Map(),
): Source | null {
  const a = getAddress(address);
  const { addresses } = deployment;
  if (a === getAddress(addresses.LandRegistry)) return 'land';
  if (a === getAddress(addresses.Fractionalizer)) return 'fractionalizer';
  if (a === getAddress(addresses.OreMiner)) return 'miner';
  if (a === getAddress(addresses.ParcelStaking)) return 'staking';
  if (a === getAddress(addresses.UniswapV2Factory)) return 'factory';
  if (vaults.has(a)) return 'vault';
  if (pairs.has(a)) return 'pair';
  return null;
}

/**
 * A log decoded, when it comes from a known contract (see `sourceOf`) and is one of `events` of
 * that contract; null for any other log, including one that does not decode.
 */
export function decodeKnownLog(
  deployment: Deployment,
  log: { address: string; topics: readonly string[]; data: string },
  events: Partial<Record<Source, string[]>>,
  vaults: ReadonlyMap<string, unknown>,
  pairs?: ReadonlyMap<string, unknown>,
): LogDescription | null {
  const source = sourceOf(deployment, log.address, vaults, pairs);
  if (!source) return null;
  let event: LogDescription | null;
  try {
    event = interfaces[source].parseLog(log);
  } catch {
    return null;
  }
  return event && events[source]?.includes(event.name) ? event : null;
}
