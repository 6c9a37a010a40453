import type { Logger } from 'pino';
import type { Deployment } from '../shared/deployment.ts';
import {
  applyLog,
  type ChainWorld,
  emptyWorld,
  type FeedItem,
  HANDLED_TOPICS,
  type MiningUpdate,
  type ParcelRecord,
  type RawLog,
} from './chain-events.ts';
import type { Metrics } from './metrics.ts';
import { quantity, rpcCall, toQuantity } from './rpc.ts';

/**
 * Follows the deployment's contracts on chain and keeps the parcel state they imply. At start it
 * replays every log since the deployment block in pages, then polls for new blocks. It checks the
 * hash of the last applied block on every poll: when the chain restarted (fresh or rolled back),
 * it clears its state and replays from the deployment block, so state is rebuilt from the chain,
 * never trusted from memory. The cursor moves only after a whole page is applied, so no event is
 * applied twice; when the chain is away it retries with exponential backoff.
 */

export type IndexerEvent =
  /** State was cleared because the chain restarted; a replay follows. */
  | { kind: 'reset' }
  /** Parcel `id` is now `parcel` (null: burnt, back to unclaimed). */
  | { kind: 'parcel'; id: number; parcel: ParcelRecord | null }
  /** Something happened; `live` is false while replaying history. */
  | { kind: 'feed'; item: FeedItem; live: boolean }
  /** A parcel's challenge or the chain target moved. */
  | { kind: 'mining'; update: MiningUpdate }
  /** Every block up to `block` is applied. */
  | { kind: 'block'; block: number };

export interface IndexerStatus {
  chainReachable: boolean;
  /** Last block applied, -1 before the first. */
  indexedBlock: number;
  head: number;
  lagBlocks: number;
}

export interface IndexerOptions {
  rpcUrl: string;
  deployment: Deployment;
  log: Logger;
  metrics?: Metrics;
  /** Blocks per eth_getLogs page. */
  pageSize?: number;
  /** Milliseconds between polls when caught up. */
  pollMs?: number;
  /** Longest wait between retries while the chain is away, in milliseconds. */
  maxBackoffMs?: number;
}

export class ChainIndexer {
  readonly #options: Required<Omit<IndexerOptions, 'metrics'>> & { metrics?: Metrics };
  /** Every parcel that exists on chain, and the vaults. */
  #world: ChainWorld = emptyWorld();
  readonly #listeners = new Set<(event: IndexerEvent) => void>();
  #cursor: { block: number; hash: string } | null = null;
  #head = -1;
  #reachable = false;
  #live = false;
  #stopped = true;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #caughtUp: Array<() => void> = [];

  constructor(options: IndexerOptions) {
    this.#options = { pageSize: 2_000, pollMs: 200, maxBackoffMs: 10_000, ...options };
  }

  /** Every parcel that exists on chain now (copies). */
  parcels(): ParcelRecord[] {
    return [...this.#world.parcels.values()].map((parcel) => ({ ...parcel }));
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (event: IndexerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): IndexerStatus {
    const indexedBlock = this.#cursor?.block ?? -1;
    return {
      chainReachable: this.#reachable,
      indexedBlock,
      head: this.#head,
      lagBlocks: this.#head < 0 ? 0 : Math.max(0, this.#head - indexedBlock),
    };
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }

  /** Resolves once the indexer has applied every block up to the chain head it last saw. */
  caughtUp(): Promise<void> {
    if (this.#live) return Promise.resolve();
    return new Promise((resolve) => this.#caughtUp.push(resolve));
  }

  async #run(): Promise<void> {
    let backoff = this.#options.pollMs;
    while (!this.#stopped) {
      try {
        await this.#poll();
        if (!this.#reachable) this.#options.log.info({ head: this.#head }, 'chain reachable');
        this.#setReachable(true);
        backoff = this.#options.pollMs;
      } catch (error) {
        if (this.#reachable)
          this.#options.log.warn({ err: (error as Error).message }, 'chain poll failed; backing off');
        this.#setReachable(false);
        backoff = Math.min(backoff * 2, this.#options.maxBackoffMs);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  #setReachable(reachable: boolean): void {
    this.#reachable = reachable;
    this.#options.metrics?.chainUp.set(reachable ? 1 : 0);
  }

  async #poll(): Promise<void> {
    const { rpcUrl, deployment, pageSize } = this.#options;
    this.#head = quantity(await rpcCall<string>(rpcUrl, 'eth_blockNumber', []));
    if (this.#cursor && !(await this.#sameChain(this.#cursor))) {
      this.#options.log.warn(
        { indexedBlock: this.#cursor.block, head: this.#head },
        'chain restarted; rebuilding',
      );
      this.#reset();
    }
    let from = this.#cursor ? this.#cursor.block + 1 : deployment.deployBlock;
    while (from <= this.#head && !this.#stopped) {
      const to = Math.min(from + pageSize - 1, this.#head);
      // By topic from any address: vaults are clones created along the way, unknown at page start.
      const logs = await rpcCall<(RawLog & { removed?: boolean })[]>(rpcUrl, 'eth_getLogs', [
        { topics: [HANDLED_TOPICS], fromBlock: toQuantity(from), toBlock: toQuantity(to) },
      ]);
      const hash = await this.#blockHash(to);
      // Everything fetched first; from here on the page is applied synchronously and whole.
      for (const log of logs) if (!log.removed) this.#apply(log);
      this.#cursor = { block: to, hash };
      this.#emit({ kind: 'block', block: to });
      from = to + 1;
    }
    this.#updateMetrics();
    if (!this.#live && this.#cursor && this.#cursor.block >= this.#head) {
      this.#live = true;
      for (const resolve of this.#caughtUp.splice(0)) resolve();
    }
  }

  async #blockHash(block: number): Promise<string> {
    const header = await rpcCall<{ hash: string } | null>(this.#options.rpcUrl, 'eth_getBlockByNumber', [
      toQuantity(block),
      false,
    ]);
    return header?.hash ?? '';
  }

  /** True when the chain still has the block the cursor points at (same number, same hash). */
  async #sameChain(cursor: { block: number; hash: string }): Promise<boolean> {
    if (this.#head < cursor.block) return false;
    return (await this.#blockHash(cursor.block)) === cursor.hash;
  }

  #reset(): void {
    this.#world = emptyWorld();
    this.#cursor = null;
    this.#live = false;
    this.#emit({ kind: 'reset' });
  }

  #apply(log: RawLog): void {
    const { changed, feed, mining } = applyLog(this.#world, this.#options.deployment, log);
    for (const id of changed) {
      const parcel = this.#world.parcels.get(id);
      this.#emit({ kind: 'parcel', id, parcel: parcel ? { ...parcel } : null });
    }
    if (feed) this.#emit({ kind: 'feed', item: feed, live: this.#live });
    if (mining) this.#emit({ kind: 'mining', update: mining });
  }

  #emit(event: IndexerEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #updateMetrics(): void {
    const status = this.status();
    this.#options.metrics?.indexedBlock.set(status.indexedBlock);
    this.#options.metrics?.indexerLag.set(status.lagBlocks);
  }
}
