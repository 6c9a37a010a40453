import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import { formatAmount } from '../wallet/format.ts';
import type { FeedEntry } from './feed-slice.ts';

/** Solutions on one parcel this close together (ms) fold into one line. */
export const FOLD_WINDOW_MS = 60_000;

export type FeedFilter = 'all' | 'mine' | 'parcel';

/** A line of the feed: an entry, or several solutions on one parcel folded together. */
export interface FeedLine {
  key: string;
  at: number;
  text: string;
  parcelId?: number;
  /** Entries it stands for. */
  count: number;
}

/** The entries `filter` keeps: everything, the player's (`me`), or those of parcel `selected`. */
export function filterFeed(
  entries: readonly FeedEntry[],
  filter: FeedFilter,
  me: string | null,
  selected: number | null,
): FeedEntry[] {
  if (filter === 'mine')
    return me ? entries.filter((entry) => entry.who?.toLowerCase() === me.toLowerCase()) : [];
  if (filter === 'parcel')
    return selected === null ? [] : entries.filter((entry) => entry.parcelId === selected);
  return [...entries];
}

/** An entry's words: its text, then its amounts ("12.5 shares for 0.1 ETH"). */
export function entryText(entry: FeedEntry): string {
  const amounts = (entry.amounts ?? []).map((amount) => {
    const units = /^-?\d{1,80}$/.test(amount.units) ? BigInt(amount.units) : 0n;
    return `${formatAmount(units)} ${amount.unit}`;
  });
  return amounts.length > 0 ? `${entry.text}: ${amounts.join(' for ')}` : entry.text;
}

/**
 * The feed's lines, newest first (as `entries` are): found-a-block entries of one parcel within
 * FOLD_WINDOW_MS of the newest of them fold into one line ("12 blocks on 3,10 in the last minute",
 * or "in a minute" when that minute is past at `now`); every other entry is a line of its own.
 */
export function foldFeed(entries: readonly FeedEntry[], now: number): FeedLine[] {
  const lines: FeedLine[] = [];
  const open = new Map<number, FeedLine>();
  for (const entry of entries) {
    const parcelId = entry.parcelId;
    const group = entry.kind === 'solution' && parcelId !== undefined ? open.get(parcelId) : undefined;
    if (group && group.at - entry.at <= FOLD_WINDOW_MS) {
      group.count += 1;
      continue;
    }
    const line: FeedLine = {
      key: `${entry.at}-${entry.kind}-${parcelId ?? ''}-${entry.text}`,
      at: entry.at,
      text: entryText(entry),
      parcelId,
      count: 1,
    };
    if (entry.kind === 'solution' && parcelId !== undefined) open.set(parcelId, line);
    lines.push(line);
  }
  for (const line of lines) {
    if (line.count < 2 || line.parcelId === undefined) continue;
    const span = now - line.at <= FOLD_WINDOW_MS ? 'in the last minute' : 'in a minute';
    line.text = `${line.count} blocks on ${formatCoords(parcelCoords(line.parcelId))} ${span}`;
  }
  return lines;
}
