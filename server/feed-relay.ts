import type { Presence } from '@colyseus/core';
import type { Logger } from 'pino';
import type { ServerMessages } from '../shared/protocol.ts';
import type { Lease } from './cluster-lease.ts';
import type { ChainIndexer } from './indexer.ts';

/**
 * The feed is world-wide: the one process that holds the indexer's lease publishes each live feed
 * item on the presence, and every room of every process passes it on to its clients. Every
 * process applies the same pages (chain-journal.ts), so each has the feed items too; only one
 * tells them, or each event would be told once per process.
 */

export const FEED_CHANNEL = 'fracterra:feed';
/** After a reorg, the feed's recent items anew (ServerMessages['feedHistory']): they replace the old. */
export const FEED_RESET_CHANNEL = 'fracterra:feed-reset';
/** Chat is world-wide too: the room a line was said in publishes it here once it is kept. */
export const CHAT_CHANNEL = 'fracterra:chat';

/**
 * Publishes the indexer's live feed items, and the feed anew after a reorg, while `lease` is held;
 * returns the unsubscribe function.
 */
export function publishFeed(
  indexer: ChainIndexer,
  presence: Presence,
  lease: Lease,
  log: Logger,
): () => void {
  return indexer.subscribe((event) => {
    if (!lease.held) return;
    let channel: string;
    let message: ServerMessages['feed'] | ServerMessages['feedHistory'];
    if (event.kind === 'feed' && event.live)
      [channel, message] = [FEED_CHANNEL, { ...event.item, at: Date.now() }];
    else if (event.kind === 'feed-reset') [channel, message] = [FEED_RESET_CHANNEL, { events: event.items }];
    else return;
    // Redis' publish returns a promise, the local presence's does not
    Promise.resolve()
      .then(() => presence.publish(channel, message))
      .catch((error: unknown) => {
        log.warn({ err: (error as Error).message }, 'publishing a feed item failed');
      });
  });
}
