import { type EventFragment, getAddress, Interface, type InterfaceAbi, LogDescription, Result } from 'ethers';
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
  const a = checksum(address);
  const { addresses } = deployment;
  if (a === checksum(addresses.LandRegistry)) return 'land';
  if (a === checksum(addresses.Fractionalizer)) return 'fractionalizer';
  if (a === checksum(addresses.OreMiner)) return 'miner';
  if (a === checksum(addresses.ParcelStaking)) return 'staking';
  if (a === checksum(addresses.UniswapV2Factory)) return 'factory';
  if (vaults.has(a)) return 'vault';
  if (pairs.has(a)) return 'pair';
  return null;
}

/** Checksummed addresses already computed, by what was asked (bounded: cleared when full). */
const checksums = new Map<string, string>();
const MAX_CHECKSUMS = 200_000;

/**
 * `getAddress(address)` (the checksummed form; throws on a malformed address), remembered: the
 * checksum is a keccak hash, and a replay meets the same few thousand addresses again and again.
 */
export function checksum(address: string): string {
  let known = checksums.get(address);
  if (known === undefined) {
    known = getAddress(address);
    if (checksums.size >= MAX_CHECKSUMS) checksums.clear();
    checksums.set(address, known);
  }
  return known;
}

/** Per kind of contract, its events by topic0 (ethers hashes every event signature on each lookup). */
const eventsByTopic = Object.fromEntries(
  Object.entries(interfaces).map(([source, contract]) => {
    const events = new Map<string, EventFragment>();
    contract.forEachEvent((fragment) => {
      events.set(fragment.topicHash, fragment);
    });
    return [source, events];
  }),
) as Record<Source, Map<string, EventFragment>>;

const WORD = 64;

/**
 * Decodes a log of `fragment` whose arguments are all one word each (addresses, integers, bools,
 * bytes32: every event of these contracts), as ethers' parseLog does; null when the topics or
 * data do not fit the event.
 */
function decodeWords(fragment: EventFragment, log: { topics: readonly string[]; data: string }) {
  const indexed = fragment.inputs.filter((input) => input.indexed).length;
  const data = log.data.startsWith('0x') ? log.data.slice(2) : log.data;
  if (log.topics.length !== indexed + 1 || data.length !== (fragment.inputs.length - indexed) * WORD)
    return null;
  let topic = 1;
  let offset = 0;
  const values = fragment.inputs.map((input) => {
    let word: string;
    if (input.indexed) word = (log.topics[topic++] ?? '').slice(2);
    else {
      word = data.slice(offset, offset + WORD);
      offset += WORD;
    }
    const value = BigInt(`0x${word}`);
    switch (input.type) {
      case 'address':
        if (value >> 160n !== 0n) throw new Error(`bad address word ${word}`);
        return checksum(`0x${word.slice(24)}`);
      case 'bool':
        if (value > 1n) throw new Error(`bad bool word ${word}`);
        return value === 1n;
      case 'bytes32':
        return `0x${word.toLowerCase()}`;
      case 'int256':
        return BigInt.asIntN(256, value);
      default: {
        const bits = Number(/^uint(\d+)$/.exec(input.type)?.[1]);
        if (!bits || value >> BigInt(bits) !== 0n) throw new Error(`bad ${input.type} word ${word}`);
        return value;
      }
    }
  });
  const args = Result.fromItems(
    values,
    fragment.inputs.map((input) => input.name),
  );
  return new LogDescription(fragment, log.topics[0] ?? '', args);
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
  const fragment = eventsByTopic[source].get(log.topics[0] ?? '');
  if (!fragment || !events[source]?.includes(fragment.name)) return null;
  try {
    return decodeWords(fragment, log);
  } catch {
    return null;
  }
}
