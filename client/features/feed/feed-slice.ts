import type { ServerMessages } from '../../../shared/protocol.ts';
import type { AppSlice } from '../../store.ts';

/** Entries kept in the activity feed, newest first. */
export const FEED_LENGTH = 50;

export type FeedEntry = ServerMessages['feed'];

export interface FeedSlice {
  feed: FeedEntry[];
  addFeed(entry: FeedEntry): void;
}

export const createFeedSlice: AppSlice<FeedSlice> = (set, get) => ({
  feed: [],
  addFeed: (entry) => set({ feed: [entry, ...get().feed].slice(0, FEED_LENGTH) }),
});
