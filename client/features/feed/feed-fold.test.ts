import { describe, expect, it } from 'vitest';
import { ONE_ETH, ONE_SHARE } from '../../../shared/units.ts';
import { parcelId } from '../../../shared/world.ts';
import { entryText, filterFeed, foldFeed } from './feed-fold.ts';
import type { FeedEntry } from './feed-slice.ts';

const here = parcelId(3, 10);
const there = parcelId(0, 1);
const me = '0x00000000000000000000000000000000000000Aa';
const found = (at: number, parcel = here): FeedEntry => ({
  kind: 'solution',
  text: `0x1234…abcd found a block on ${parcel === here ? '3,10' : '0,1'}`,
  parcelId: parcel,
  at,
  who: '0x1234',
});

describe('feed lines', () => {
  it("folds a parcel's found-a-block lines within a minute into one, others stay lines of their own", () => {
    const now = 1_000_000;
    // newest first: 12 blocks on 3,10 over 55 s, one on 0,1 among them, then an older one on 3,10
    const entries = [
      ...Array.from({ length: 6 }, (_, i) => found(now - i * 5_000)),
      found(now - 31_000, there),
      ...Array.from({ length: 6 }, (_, i) => found(now - 30_000 - i * 5_000)),
      found(now - 200_000),
    ];
    const lines = foldFeed(entries, now);
    expect(lines.map((line) => [line.text, line.count])).toEqual([
      ['12 blocks on 3,10 in the last minute', 12],
      ['0x1234…abcd found a block on 0,1', 1],
      ['0x1234…abcd found a block on 3,10', 1],
    ]);
    // the minute is past: no longer "the last"
    expect(foldFeed(entries, now + 120_000)[0]?.text).toBe('12 blocks on 3,10 in a minute');
  });

  it('shows amounts after the words, and filters by the player and by the parcel', () => {
    const buy: FeedEntry = {
      kind: 'swap',
      text: '0xAa bought shares of 3,10 in the pool',
      parcelId: here,
      at: 1,
      who: me.toLowerCase(),
      amounts: [
        { units: String((25n * ONE_SHARE) / 2n), unit: 'shares' },
        { units: String(ONE_ETH / 10n), unit: 'ETH' },
      ],
    };
    expect(entryText(buy)).toBe('0xAa bought shares of 3,10 in the pool: 12.5 shares for 0.1 ETH');
    const entries = [buy, found(2, there)];
    expect(filterFeed(entries, 'all', null, null)).toHaveLength(2);
    expect(filterFeed(entries, 'mine', me, null)).toEqual([buy]);
    expect(filterFeed(entries, 'mine', null, null)).toEqual([]);
    expect(filterFeed(entries, 'parcel', null, there)).toEqual([entries[1]]);
    expect(filterFeed(entries, 'parcel', null, null)).toEqual([]);
  });
});
