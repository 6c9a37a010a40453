import type { Logger } from 'pino';
import type { Deployment } from '../shared/deployment.ts';
import { withDefaults } from '../shared/options.ts';
import { FEED_HISTORY_EVENTS } from '../shared/protocol.ts';
import {
  applyLog,
  type ChainLog,
  type ChainWorld,
  emptyWorld,
  type FeedItem,
  HANDLED_TOPICS,
  type MiningUpdate,
  type ParcelRecord,
} from './chain-events.ts';
import { type ChainReader, type Page, RpcReader } from './chain-reader.ts';
import type { LogSink } from './log-sink.ts';
import type { Metrics } from './metrics.ts';

/**
 * Follows the deployment's contracts on chain and keeps the parcel state they imply. At start it
 * replays every log since the deployment block in pages, then polls for new blocks, counting a
 * block only once `confirmations` more sit on top of it (0 on the local chain; public networks
 * reorganise their last block or two now and then).
 *
 * Reorgs and restarts: every poll checks that the chain still has the last applied block (same
 * number, same hash). When it does not (a reorg replaced it, a rollback removed it, or the chain
 * restarted), the indexer rebuilds its state by a replay from the deployment block into a fresh
 * world, then swaps it in and reports only the parcels that differ: the room ends exactly as a
 * fresh replay would, with nothing applied twice and nothing lost, and never shows a half-built
 * map. A replay rather than a rollback to the common ancestor: the reducer keeps no undo log, and
 * a replay of a local chain's history takes milliseconds; with confirmations a public network
 * rarely reorganises an applied block at all. A page's last block hash is read before its logs,
 * so a reorg that lands while the page is fetched leaves a stale cursor hash behind and the next
 * poll rebuilds. The cursor moves only after a whole page is applied, so no event is applied
 * twice; when the chain is away it retries with exponential backoff.
 *
 * Where it reads the chain is its `source`'s choice, poll by poll: the node (the default), or in a
 * cluster the pages the indexer's lease holder published (chain-journal.ts). Either way the pages
 * go through the same checks and the same reducer, so every process ends in the same state.
 */

export type IndexerEvent =
  /** Parcel `id` is now `parcel` (null: burnt, back to unclaimed). */
  | { kind: 'parcel'; id: number; parcel: ParcelRecord | null }
  /** Something happened; `live` is false while replaying history (and in a rebuild after a reorg). */
  | { kind: 'feed'; item: FeedItem; live: boolean }
  /** A parcel's challenge or the chain target moved. */
  | { kind: 'mining'; update: MiningUpdate }
  /** Every block up to `block` is applied. */
  | { kind: 'block'; block: number }
  /**
   * A reorg was rebuilt: the feed's recent items are these (the new chain's last
   * FEED_HISTORY_EVENTS, oldest first, `at` its block's time in ms), the items of dropped blocks gone.
   */
  | { kind: 'feed-reset'; items: (FeedItem & { at: number })[] };

export interface IndexerStatus {
  chainReachable: boolean;
  /** Last block applied, -1 before the first. */
  indexedBlock: number;
  /** Its hash ('' before the first): a reorg that replaces it at the same height changes this alone. */
  indexedHash: string;
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
  /** Blocks on top of a block before its events count; 0 applies the head block at once. */
  confirmations?: number;
  /** Longest wait between retries while the chain is away, in milliseconds. */
  maxBackoffMs?: number;
  /** Keeps its own record of the logs (the market history); fed every page before it is applied. */
  sink?: LogSink;
  /** Where each poll reads the chain; the node at `rpcUrl` unless given. */
  source?: ChainSource;
}

/** The block the indexer stands at: every block up to it is applied. */
export interface Cursor {
  block: number;
  hash: string;
}

/** Picks where each poll reads the chain, and hears what it applied. */
export interface ChainSource {
  /** The reader of the next poll, for an indexer standing at `cursor`; `node` is the chain node's. */
  reader(node: ChainReader, cursor: Cursor | null): Promise<ChainReader>;
  /**
   * The pages a poll applied from `reader`, in chain order; `rebuilt`: they are the whole chain
   * from the deployment block on, replacing what came before. Never throws.
   */
  applied(reader: ChainReader, pages: readonly Page[], rebuilt: boolean): Promise<void>;
}

/** The chain node alone: what a process that is not part of a cluster reads. */
export const NODE_SOURCE: ChainSource = { reader: async (node) => node, applied: async () => undefined };

/** Milliseconds between polls when caught up, unless the options say otherwise. */
export const DEFAULT_POLL_MS = 200;

export class ChainIndexer {
  readonly #options: Required<Omit<IndexerOptions, 'metrics' | 'sink' | 'source'>> &
    Pick<IndexerOptions, 'metrics' | 'sink'>;
  /** The chain node at `rpcUrl`. */
  readonly #node: RpcReader;
  readonly #source: ChainSource;
  /** Every parcel that exists on chain, and the vaults. */
  #world: ChainWorld = emptyWorld();
  readonly #listeners = new Set<(event: IndexerEvent) => void>();
  #cursor: Cursor | null = null;
  /** The last block readers are told of: applied, and its rows written by the sink (flushed). */
  #indexed = -1;
  #indexedHash = '';
  #head = -1;
  /** Hash of the chain's latest block when the last poll finished. */
  #tip = '';
  #reachable = false;
  #live = false;
  #stopped = true;
  #wake: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #caughtUp: Array<() => void> = [];

  constructor(options: IndexerOptions) {
    this.#options = withDefaults(
      { pageSize: 2_000, pollMs: DEFAULT_POLL_MS, maxBackoffMs: 10_000, confirmations: 0 },
      options,
    );
    // topic0 of every log fetched: the parcel state's and the sink's
    const topics = [...new Set([...HANDLED_TOPICS, ...(options.sink?.topics ?? [])])];
    const { rpcUrl, pageSize, confirmations, metrics } = this.#options;
    this.#node = new RpcReader({ rpcUrl, topics, pageSize, confirmations, metrics });
    this.#source = options.source ?? NODE_SOURCE;
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
    const indexedBlock = this.#indexed;
    return {
      chainReachable: this.#reachable,
      indexedBlock,
      indexedHash: this.#indexedHash,
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
    const reader = await this.#source.reader(this.#node, this.#cursor);
    const tip = await reader.tip();
    if (!tip) throw new Error('the chain has no latest block');
    if (this.#cursor && this.#options.sink?.wantsReplay?.()) await this.#replaySink(reader);
    // Caught up and the tip is the one of the last poll: nothing to do. An idle poll is one request.
    if (this.#live && tip.hash === this.#tip) return;
    this.#head = Math.max(-1, tip.latest - reader.confirmations);
    if (this.#cursor && !(await this.#sameChain(reader, this.#cursor, tip.latest))) {
      this.#options.log.warn(
        { indexedBlock: this.#cursor.block, head: this.#head },
        'chain reorganised or restarted; rebuilding by replay',
      );
      await this.#rebuild(reader);
    } else {
      const fromStart = !this.#cursor;
      if (fromStart) this.#options.sink?.restart();
      const applied: Page[] = [];
      for await (const page of this.#pages(reader, this.#cursor ? this.#cursor.block + 1 : undefined)) {
        const told = (await this.#options.sink?.page(page.from, page.to, page.logs)) ?? [];
        // the page is fetched whole; from here on it is applied synchronously
        for (const log of page.logs) this.#apply(log);
        for (const item of told) this.#emit({ kind: 'feed', item, live: this.#live });
        this.#cursor = { block: page.to, hash: page.hash };
        applied.push(page);
      }
      if (applied.length > 0) await this.#source.applied(reader, applied, fromStart);
      await this.#options.sink?.flush?.();
      // told once the sink's rows are written too: a market snapshot or a client's read for the
      // block then finds them (told at the page, a snapshot could be built and kept without them)
      const last = applied.at(-1);
      if (last) {
        this.#indexed = last.to;
        this.#indexedHash = last.hash;
        this.#emit({ kind: 'block', block: last.to });
      }
      // rows a previous run left beyond this chain's head (a chain that restarted shorter)
      if (fromStart && this.#cursor && this.#cursor.block >= this.#head)
        await this.#options.sink?.truncateAfter(this.#cursor.block);
    }
    this.#updateMetrics();
    if (!this.#stopped) this.#tip = tip.hash;
    if (!this.#live && this.#cursor && this.#cursor.block >= this.#head) {
      this.#live = true;
      for (const resolve of this.#caughtUp.splice(0)) resolve();
    }
  }

  /** Pages of logs from block `from` (the deployment block when undefined) up to the head. */
  async *#pages(reader: ChainReader, from = this.#options.deployment.deployBlock): AsyncGenerator<Page> {
    while (from <= this.#head && !this.#stopped) {
      const page = await reader.page(from, this.#head);
      if (!page) return;
      yield page;
      from = page.to + 1;
    }
  }

  /**
   * Replays the chain from the deployment block into a fresh world, then swaps it in and reports
   * what differs: each parcel that changed, and the mining updates in chain order (the pool keeps
   * the last), then the feed's recent items anew (those of dropped blocks must go). A stop midway keeps the old state (the
   * sink's record is then part new branch, part old, until the next start replays again).
   */
  async #rebuild(reader: ChainReader): Promise<void> {
    const { deployment, sink } = this.#options;
    const world = emptyWorld();
    const mining: MiningUpdate[] = [];
    const pages: Page[] = [];
    const feed: (FeedItem & { at: number })[] = [];
    let cursor: Cursor | null = null;
    sink?.restart();
    for await (const page of this.#pages(reader)) {
      const told = (await sink?.page(page.from, page.to, page.logs)) ?? [];
      for (const log of page.logs) {
        const { mining: update, feed: item } = applyLog(world, deployment, log);
        if (update) mining.push(update);
        if (item) feed.push({ ...item, at: blockTime(log) });
      }
      // the sink's items by the page's last block time (a live page is a block or two)
      const last = page.logs.at(-1);
      for (const item of told) feed.push({ ...item, at: last ? blockTime(last) : Date.now() });
      feed.splice(0, Math.max(0, feed.length - FEED_HISTORY_EVENTS));
      cursor = { block: page.to, hash: page.hash };
      pages.push(page);
    }
    if (this.#stopped) return;
    await this.#source.applied(reader, pages, true);
    await sink?.truncateAfter(cursor?.block ?? this.#options.deployment.deployBlock - 1);
    const before = this.#world;
    this.#world = world;
    this.#cursor = cursor;
    this.#indexed = cursor?.block ?? -1;
    this.#indexedHash = cursor?.hash ?? '';
    for (const id of new Set([...before.parcels.keys(), ...world.parcels.keys()])) {
      const parcel = world.parcels.get(id);
      if (!sameParcel(before.parcels.get(id), parcel))
        this.#emit({ kind: 'parcel', id, parcel: parcel ? { ...parcel } : null });
    }
    for (const update of mining) this.#emit({ kind: 'mining', update });
    this.#emit({ kind: 'feed-reset', items: feed });
    this.#emit({ kind: 'block', block: cursor?.block ?? 0 });
  }

  /**
   * Replays every page into the sink alone: its record fell behind (log-sink.ts wantsReplay), the
   * parcel state did not. Pages the record has already cost the sink one read each.
   */
  async #replaySink(reader: ChainReader): Promise<void> {
    const sink = this.#options.sink;
    if (!sink) return;
    this.#options.log.info({ indexedBlock: this.#cursor?.block }, 'replaying the log sink to catch it up');
    sink.restart();
    let last = this.#options.deployment.deployBlock - 1;
    for await (const page of this.#pages(reader)) {
      await sink.page(page.from, page.to, page.logs);
      last = page.to;
    }
    if (!this.#stopped) await sink.truncateAfter(last);
  }

  /** True when the chain still has the block the cursor points at (same number, same hash). */
  async #sameChain(reader: ChainReader, cursor: Cursor, latest: number): Promise<boolean> {
    if (latest < cursor.block) return false;
    return (await reader.hashOf(cursor.block)) === cursor.hash;
  }

  #apply(log: ChainLog): void {
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

/** A log's block time in ms; now when the node leaves it out. */
const blockTime = (log: ChainLog) => (log.blockTimestamp ? Number(log.blockTimestamp) * 1000 : Date.now());

function sameParcel(a: ParcelRecord | undefined, b: ParcelRecord | undefined): boolean {
  if (!a || !b) return a === b;
  return (Object.keys(a) as (keyof ParcelRecord)[]).every((key) => a[key] === b[key]);
}
