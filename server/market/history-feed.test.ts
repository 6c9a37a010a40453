import { describe, expect, it } from 'vitest';
import { ONE_ETH, ONE_SHARE } from '../../shared/units.ts';
import { parcelId } from '../../shared/world.ts';
import { randomAddress } from '../../testing/test-logs.ts';
import type { HistoryEvent, HistoryKind } from './history-decode.ts';
import { feedOf } from './history-feed.ts';

const who = randomAddress();
const id = parcelId(3, 10);
const event = (kind: HistoryKind, amount: bigint, value = 0n, parcel = id): HistoryEvent => ({
  block: 1,
  logIndex: 0,
  blockHash: '0x',
  txHash: '0x',
  at: 0,
  kind,
  parcelId: parcel,
  vault: randomAddress(),
  actor: who,
  counterparty: '',
  amount,
  value,
  args: {},
});

describe('history feed', () => {
  it('tells buys, sales, stakes, rewards, votes and cash-outs with who and the amounts', () => {
    expect(feedOf(event('swap', -5n * ONE_SHARE, ONE_ETH))).toEqual({
      kind: 'swap',
      parcelId: id,
      text: `${who.slice(0, 6)}…${who.slice(-4)} sold shares of 3,10 in the pool`,
      who,
      amounts: [
        { units: String(5n * ONE_SHARE), unit: 'shares' },
        { units: String(ONE_ETH), unit: 'ETH' },
      ],
    });
    expect(feedOf(event('swap', 2n, 1n))?.text).toMatch(/bought shares of 3,10 in the pool$/);
    expect(feedOf(event('offering-buy', 2n, 1n))?.text).toMatch(/in the offering$/);
    expect(feedOf(event('stake', 2n))?.amounts).toEqual([{ units: '2', unit: 'shares' }]);
    expect(feedOf(event('withdraw', 2n))?.text).toMatch(/unstaked/);
    expect(feedOf(event('reward-paid', 7n))?.amounts).toEqual([{ units: '7', unit: 'ORE' }]);
    expect(feedOf(event('vote', 0n, ONE_ETH))?.kind).toBe('vote');
    expect(feedOf(event('cash-out', 2n, 3n))?.text).toMatch(/cashed out of 3,10$/);
    expect(feedOf(event('pool-created', 0n))?.text).toBe('a pool opened for the shares of 3,10');
    expect(feedOf(event('style-vote', 2n, 0n))).toMatchObject({
      kind: 'vote',
      text: expect.stringMatching(/voted against the style proposed for 3,10$/),
      amounts: [{ units: '2', unit: 'shares' }],
    });
    const settled = (passed: string) => feedOf({ ...event('style-settled', 1n, 0n), args: { passed } });
    expect(settled('false')).toMatchObject({ kind: 'style', text: 'the style vote on 3,10 failed' });
    // a vote that passed restyles the parcel: the parcel reducer tells that
    expect(settled('true')).toBeNull();
  });

  it('leaves bookkeeping and the ORE pool out', () => {
    for (const kind of ['transfer', 'sync', 'reward-added', 'solution', 'claim'] as const)
      expect(feedOf(event(kind, 1n)), kind).toBeNull();
    expect(feedOf(event('swap', 1n, 1n, -1))).toBeNull();
  });
});
