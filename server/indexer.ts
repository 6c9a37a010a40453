import { Interface, type InterfaceAbi, ZeroAddress } from 'ethers';
import type { Logger } from 'pino';
import { landRegistryAbi } from '../shared/contracts.ts';
import type { Deployment } from '../shared/deployment.ts';
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
  /** Parcel `id` now belongs to `owner` (null: burnt, back to unclaimed). */
  | { kind: 'parcel'; id: number; owner: string | null }
  /** A primary sale; `live` is false while replaying history. */
  | { kind: 'claimed'; id: number; owner: string; x: number; y: number; priceWei: bigint; live: boolean }
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

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  logIndex: string;
  removed?: boolean;
}

const landRegistry = new Interface(landRegistryAbi as InterfaceAbi);

export class ChainIndexer {
  readonly #options: Required<Omit<IndexerOptions, 'metrics'>> & { metrics?: Metrics };
  /** Parcel id → owner address, for every parcel that exists on chain. */
  readonly #owners = new Map<number, string>();
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

  /** Current owners by parcel id (a copy). */
  owners(): Map<number, string> {
    return new Map(this.#owners);
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
      const logs = await rpcCall<RawLog[]>(rpcUrl, 'eth_getLogs', [
        {
          address: Object.values(deployment.addresses),
          fromBlock: toQuantity(from),
          toBlock: toQuantity(to),
        },
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
    this.#owners.clear();
    this.#cursor = null;
    this.#live = false;
    this.#emit({ kind: 'reset' });
  }

  #apply(log: RawLog): void {
    let parsed: ReturnType<Interface['parseLog']>;
    try {
      parsed = landRegistry.parseLog({ topics: log.topics, data: log.data });
    } catch {
      parsed = null;
    }
    if (!parsed) return;
    if (parsed.name === 'Transfer') {
      const id = Number(parsed.args.tokenId as bigint);
      const to = parsed.args.to as string;
      if (to === ZeroAddress) this.#owners.delete(id);
      else this.#owners.set(id, to);
      this.#emit({ kind: 'parcel', id, owner: to === ZeroAddress ? null : to });
    } else if (parsed.name === 'ParcelClaimed') {
      this.#emit({
        kind: 'claimed',
        id: Number(parsed.args.parcelId as bigint),
        owner: parsed.args.owner as string,
        x: Number(parsed.args.x as bigint),
        y: Number(parsed.args.y as bigint),
        priceWei: parsed.args.price as bigint,
        live: this.#live,
      });
    }
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
