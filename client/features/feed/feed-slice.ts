import type { ServerMessages } from '../../../shared/protocol.ts';
import type { AppSlice } from '../../store.ts';

/** Entries kept in the activity feed, newest first (found blocks fold into fewer lines). */
export const FEED_LENGTH = 200;

export type FeedEntry = ServerMessages['feed'];

export interface FeedSlice {
  feed: FeedEntry[];
  addFeed(entry: FeedEntry): void;
  /**
   * The server's recent events (oldest first), on join and after a reorg: they replace the feed, so
   * a rejoin repeats none and an event of a dropped block goes.
   */
  setFeedHistory(events: readonly FeedEntry[]): void;
}

export const createFeedSlice: AppSlice<FeedSlice> = (set, get) => ({
  feed: [],
  addFeed: (entry) => set({ feed: [entry, ...get().feed].slice(0, FEED_LENGTH) }),
  setFeedHistory: (events) => set({ feed: events.toReversed().slice(0, FEED_LENGTH) }),
});
