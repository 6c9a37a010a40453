import { getAddress } from 'ethers';
import type { Deployment } from '../../shared/deployment.ts';
import type { ChainLog, FeedItem } from '../chain-events.ts';
import type { LogSink } from '../log-sink.ts';
import { readChainTarget } from '../ore-miner.ts';
import { quantity, rpcCall, toQuantity } from '../rpc.ts';
import {
  decodeHistoryLog,
  emptyContext,
  HISTORY_TOPICS,
  type HistoryEvent,
  learnVaults,
  RETARGET_TOPIC,
  SOLUTION_TOPIC,
} from './history-decode.ts';
import { feedOf } from './history-feed.ts';
import type { HistoryStore } from './history-store.ts';

/** Rows a sink gathers from consecutive pages before it writes them in one go. */
const MAX_PENDING_EVENTS = 50_000;

/**
 * The indexer's market-history sink: decodes each page of logs (learning vaults, pairs and the
 * mining target along the way) and hands the rows to the store, which replaces their blocks with
 * them. Consecutive pages are gathered (up to MAX_PENDING_EVENTS rows) and written together when
 * the indexer flushes (it caught up, for this poll) or a replay truncates: a replay of a long
 * history then commits a few large transactions rather than one per page (each commit rewrites
 * the index pages it touched, and in a large history nearly every page touches every index page).
 * While a replay catches up the store may lag the indexer's blocks by those pages. What it reads
 * beside the logs — block times a node leaves out of its logs, and the target in force before the first solution — is fixed by the chain at that block, so a
 * replay reads the same.
 *
 * With a shared database, only the process holding `writer` (the indexer's lease) writes; the
 * others decode for their feed and leave the rows alone. A process that skipped pages and then
 * takes the lease asks the indexer for a replay into the store (`wantsReplay`), which fills in
 * whatever the last writer left out: pages already stored cost one read each.
 */
export class HistorySink implements LogSink {
  readonly topics = HISTORY_TOPICS;
  #context = emptyContext();
  /** A page went unwritten since the last replay began. */
  #skipped = false;
  /** Rows of blocks from..to decoded but not written yet. */
  #pending: { from: number; to: number; events: HistoryEvent[] } | null = null;

  constructor(
    readonly store: HistoryStore,
    readonly deployment: Deployment,
    readonly rpcUrl: string,
    readonly writer: { readonly held: boolean } = { held: true },
  ) {}

  restart(): void {
    this.#context = emptyContext();
    this.#skipped = false;
    this.#pending = null; // the replay writes every page again
  }

  wantsReplay(): boolean {
    return this.#skipped && this.writer.held;
  }

  /** Whether this page may be written now; a page that may not marks the store as behind. */
  #writes(): boolean {
    if (this.writer.held && !this.#skipped) return true;
    this.#skipped = true;
    return false;
  }

  /** Stores the page's rows; resolves with their feed lines (history-feed.ts). */
  async page(from: number, to: number, logs: ChainLog[]): Promise<FeedItem[]> {
    const times = await this.#blockTimes(logs);
    if (this.#context.target === null) this.#context.target = await this.#targetBefore(logs);
    learnVaults(this.#context, this.deployment, logs);
    const events: HistoryEvent[] = [];
    for (const log of logs) {
      const event = decodeHistoryLog(this.#context, this.deployment, log, times.get(log.blockNumber) ?? 0);
      if (event) events.push(event);
    }
    if (!this.#writes()) {
      this.#pending = null;
      return events.map(feedOf).filter((item) => item !== null);
    }
    const pending = this.#pending;
    if (pending && pending.to + 1 === from) {
      pending.to = to;
      for (const event of events) pending.events.push(event);
    } else {
      await this.flush();
      this.#pending = { from, to, events };
    }
    if ((this.#pending?.events.length ?? 0) >= MAX_PENDING_EVENTS) await this.flush();
    return events.map(feedOf).filter((item) => item !== null);
  }

  /** Writes the pages gathered since the last write. */
  async flush(): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    // a throw keeps them: the retried page comes back to the same rows (a write replaces its blocks)
    await this.store.replaceBlocks(pending.from, pending.to, pending.events);
    this.#pending = null;
  }

  async truncateAfter(block: number): Promise<void> {
    if (!this.#writes()) return;
    await this.flush();
    await this.store.truncateAfter(block);
  }

  /** Unix seconds per block (hex number) of the logs: from the logs, else from the block headers. */
  async #blockTimes(logs: ChainLog[]): Promise<Map<string, number>> {
    const times = new Map<string, number>();
    for (const log of logs) {
      if (times.has(log.blockNumber)) continue;
      const stamp =
        log.blockTimestamp ??
        (
          await rpcCall<{ timestamp: string } | null>(this.rpcUrl, 'eth_getBlockByNumber', [
            log.blockNumber,
            false,
          ])
        )?.timestamp;
      if (stamp === undefined) throw new Error(`block ${log.blockNumber} is gone`);
      times.set(log.blockNumber, quantity(stamp));
    }
    return times;
  }

  /**
   * The target a page's first solution met, when no retarget came before it: OreMiner's target
   * at the end of the block before (a retarget in the same block comes as a log first). Null when
   * the page has no solution first.
   */
  async #targetBefore(logs: ChainLog[]): Promise<bigint | null> {
    const oreMiner = getAddress(this.deployment.addresses.OreMiner);
    const first = logs.find(
      (log) =>
        (log.topics[0] === SOLUTION_TOPIC || log.topics[0] === RETARGET_TOPIC) &&
        getAddress(log.address) === oreMiner,
    );
    if (first?.topics[0] !== SOLUTION_TOPIC) return null;
    return readChainTarget(this.rpcUrl, oreMiner, toQuantity(quantity(first.blockNumber) - 1));
  }
}
