import type { ChainLog, FeedItem } from './chain-events.ts';

/**
 * A record of the chain's logs kept beside the parcel state, page by page. A page replaces
 * whatever the sink had for its blocks, so a page given twice (a retry, a replay) changes nothing
 * and a replay after a reorg overwrites the old branch.
 */
export interface LogSink {
  /** topic0 of the events it needs beside the parcel state's own. */
  readonly topics: readonly string[];
  /** A replay from the deployment block begins: forget what earlier logs taught. */
  restart(): void;
  /**
   * Every log of blocks from..to that has one of the topics, in chain order. A throw retries the
   * page. Resolves with the activity-feed items the sink reads in them, if any.
   */
  page(from: number, to: number, logs: ChainLog[]): Promise<readonly FeedItem[] | undefined>;
  /**
   * The pages given so far are all there is for now (the indexer caught up with the chain's head,
   * for this poll): a sink that gathers pages into larger writes writes what it holds.
   */
  flush?(): Promise<void>;
  /** A replay reached the head: nothing after `block` is on chain any more. */
  truncateAfter(block: number): Promise<void>;
  /**
   * True when the sink's record fell behind the indexer (it skipped pages: another process was
   * writing a shared record) and may catch up now: the indexer replays every page into it.
   */
  wantsReplay?(): boolean;
}
