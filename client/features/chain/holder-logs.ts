import { dataSlice, getAddress, Interface, type InterfaceAbi, type Provider, zeroPadValue } from 'ethers';
import { fractionalizerAbi, shareVaultAbi } from '../../../shared/contracts.ts';
import type { Deployment } from '../../../shared/deployment.ts';

/** Blocks per eth_getLogs page (as the server's indexer pages; public nodes cap the range). */
const PAGE_BLOCKS = 2_000;

const vaultEvents = new Interface(shareVaultAbi as InterfaceAbi);
/** ERC-20 and ERC-721 Transfer share this topic: (from, to, value | tokenId). */
const TRANSFER = vaultEvents.getEvent('Transfer')?.topicHash as string;
/** PullPayments' PaymentCredited(payee indexed, amount): outbid refunds, offering proceeds, excess. */
const PAYMENT_CREDITED = vaultEvents.getEvent('PaymentCredited')?.topicHash as string;
const FRACTIONALIZED = new Interface(fractionalizerAbi as InterfaceAbi).getEvent('ParcelFractionalized')
  ?.topicHash as string;

/** Where one holder has been on chain: enough to know which vaults and parcels to read. */
export interface HolderFootprint {
  /** Vaults (checksummed) the holder received shares of or is owed ETH by, to their parcel id. */
  vaults: Map<string, number>;
  /** Parcels ever transferred to the holder; whether they still own one is ownerOf's to say. */
  parcels: Set<number>;
}

export interface FootprintScanner {
  /** Extends the scan to the chain head (only the blocks not scanned yet) and returns the footprint. */
  scan(): Promise<HolderFootprint>;
}

/**
 * Finds a holder's vaults and parcels from logs, so the portfolio keeps vaults the room no longer
 * names (bought out, redeemed) while shares or refunds wait there. Per page of blocks, three
 * log queries a node answers from its indexes, however many vaults exist:
 * - every vault with its parcel: the Fractionalizer's ParcelFractionalized (one log per vault);
 * - every Transfer *to* the holder, from any contract (topic 2 = holder): vault shares, parcels;
 * - every PaymentCredited *to* the holder (topic 1 = holder): refunds of a bidder without shares.
 * Scanned pages are kept and the scan goes on from the last one; when the chain no longer has the
 * last scanned block (it restarted), everything is scanned again from the deployment block.
 */
export function createFootprintScanner(
  provider: Provider,
  deployment: Deployment,
  holder: string,
  pageBlocks = PAGE_BLOCKS,
): FootprintScanner {
  if (!Number.isInteger(pageBlocks) || pageBlocks < 1)
    throw new Error('pageBlocks must be a whole number ≥ 1');
  const holderTopic = zeroPadValue(getAddress(holder), 32);
  const land = getAddress(deployment.addresses.LandRegistry);
  let cursor: { block: number; hash: string } | null = null;
  let everyVault = new Map<string, number>();
  let touched = new Set<string>();
  let parcels = new Set<number>();
  let running: Promise<HolderFootprint> | null = null;

  async function scanPage(fromBlock: number, toBlock: number) {
    const [created, received, credited] = await Promise.all([
      provider.getLogs({
        address: deployment.addresses.Fractionalizer,
        topics: [FRACTIONALIZED],
        fromBlock,
        toBlock,
      }),
      provider.getLogs({ topics: [TRANSFER, null, holderTopic], fromBlock, toBlock }),
      provider.getLogs({ topics: [PAYMENT_CREDITED, holderTopic], fromBlock, toBlock }),
    ]);
    for (const log of created) {
      // topics: event, parcelId, vault, curator
      everyVault.set(
        getAddress(dataSlice(log.topics[2] as string, 12)),
        Number(BigInt(log.topics[1] as string)),
      );
    }
    for (const log of [...received, ...credited]) {
      const from = getAddress(log.address);
      // an ERC-721 Transfer carries the token id as topic 3; ERC-20 ones carry the amount as data
      if (from === land && log.topics.length === 4) parcels.add(Number(BigInt(log.topics[3] as string)));
      else touched.add(from);
    }
  }

  async function stillThere(last: { block: number; hash: string }, head: number): Promise<boolean> {
    if (head < last.block) return false;
    return (await provider.getBlock(last.block))?.hash === last.hash;
  }

  async function extend(): Promise<HolderFootprint> {
    const head = await provider.getBlockNumber();
    if (cursor && !(await stillThere(cursor, head))) {
      cursor = null;
      everyVault = new Map();
      touched = new Set();
      parcels = new Set();
    }
    let from = cursor ? cursor.block + 1 : deployment.deployBlock;
    while (from <= head) {
      const to = Math.min(from + pageBlocks - 1, head);
      await scanPage(from, to);
      // the cursor moves only after a whole page is in; a failed page is scanned again (sets: no doubles)
      cursor = { block: to, hash: (await provider.getBlock(to))?.hash ?? '' };
      from = to + 1;
    }
    const vaults = new Map<string, number>();
    for (const address of touched) {
      const parcel = everyVault.get(address);
      if (parcel !== undefined) vaults.set(address, parcel);
    }
    return { vaults, parcels: new Set(parcels) };
  }

  return {
    scan() {
      // one scan at a time: a second caller shares the one running
      running ??= extend().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
