import type { ChainLog } from './chain-events.ts';
import type { Metrics } from './metrics.ts';
import { quantity, rpcCall, toQuantity } from './rpc.ts';

/**
 * Where the indexer reads the chain: the node itself (`RpcReader`), or, on a process of a cluster
 * that does not hold the indexer's lease, the pages the holder published (chain-journal.ts). Both
 * answer the same three questions, so one indexer applies either the same way.
 */

/** The newest block there is to read: its number and hash. */
export interface Tip {
  latest: number;
  hash: string;
}

/** One page of logs and the hash of its last block (read before the logs). */
export interface Page {
  from: number;
  to: number;
  hash: string;
  logs: ChainLog[];
}

export interface ChainReader {
  /** Blocks on top of a block before its events count (the node's; a journal's are counted already). */
  readonly confirmations: number;
  tip(): Promise<Tip | null>;
  /** The hash of block `block`, '' when there is none. */
  hashOf(block: number): Promise<string>;
  /** The page that starts at block `from` and ends at `head` at the latest; null when there is none yet. */
  page(from: number, head: number): Promise<Page | null>;
}

export interface RpcReaderOptions {
  rpcUrl: string;
  /** topic0 of every log fetched. */
  topics: string[];
  /** Blocks per eth_getLogs page. */
  pageSize: number;
  confirmations: number;
  metrics?: Metrics;
}

/** The chain node over JSON-RPC: one eth_getLogs per page, by topic from any address. */
export class RpcReader implements ChainReader {
  readonly confirmations: number;

  constructor(readonly options: RpcReaderOptions) {
    this.confirmations = options.confirmations;
  }

  async tip(): Promise<Tip | null> {
    const tip = await rpcCall<{ number: string; hash: string } | null>(
      this.options.rpcUrl,
      'eth_getBlockByNumber',
      ['latest', false],
    );
    return tip && { latest: quantity(tip.number), hash: tip.hash };
  }

  async hashOf(block: number): Promise<string> {
    const header = await rpcCall<{ hash: string } | null>(this.options.rpcUrl, 'eth_getBlockByNumber', [
      toQuantity(block),
      false,
    ]);
    return header?.hash ?? '';
  }

  async page(from: number, head: number): Promise<Page> {
    const { rpcUrl, pageSize, topics, metrics } = this.options;
    const to = Math.min(from + pageSize - 1, head);
    // Before the logs: should a reorg land in between, this hash is the old branch's and the
    // next poll's cursor check sees it.
    const hash = await this.hashOf(to);
    // By topic from any address: vaults are clones created along the way, unknown at page start.
    metrics?.logRequests.inc();
    const logs = await rpcCall<ChainLog[]>(rpcUrl, 'eth_getLogs', [
      { topics: [topics], fromBlock: toQuantity(from), toBlock: toQuantity(to) },
    ]);
    return { from, to, hash, logs };
  }
}
