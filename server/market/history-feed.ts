import { type FeedAmount, type FeedItem, short, where } from '../chain-events.ts';
import type { HistoryEvent } from './history-decode.ts';

/**
 * The activity feed's lines for the economy the parcel reducer does not tell (it tells claims,
 * splits, buyouts, bids, rigs, solutions, style proposals and restyles): offering buys, pool swaps
 * and new pools, stakes and withdrawals, claimed rewards, reserve and style votes, failed style
 * votes and cash-outs, each with who did it and the amounts (the client formats them). Null for
 * bookkeeping rows (transfers, reserves, streamed rewards).
 */
export function feedOf(event: HistoryEvent): FeedItem | null {
  const { parcelId, actor: who } = event;
  if (parcelId < 0) return null; // the ORE/WETH pool is no parcel's
  const shares = (units: bigint): FeedAmount => ({ units: String(units), unit: 'shares' });
  const eth = (units: bigint): FeedAmount => ({ units: String(units), unit: 'ETH' });
  const line = (kind: FeedItem['kind'], text: string, amounts: FeedAmount[]): FeedItem => ({
    kind,
    parcelId,
    text,
    who,
    amounts,
  });
  const place = where(parcelId);
  switch (event.kind) {
    case 'offering-buy':
      return line('offering-buy', `${short(who)} bought shares of ${place} in the offering`, [
        shares(event.amount),
        eth(event.value),
      ]);
    case 'swap':
      return event.amount > 0n
        ? line('swap', `${short(who)} bought shares of ${place} in the pool`, [
            shares(event.amount),
            eth(event.value),
          ])
        : line('swap', `${short(who)} sold shares of ${place} in the pool`, [
            shares(-event.amount),
            eth(event.value),
          ]);
    case 'pool-created':
      return { kind: 'pool-created', parcelId, text: `a pool opened for the shares of ${place}` };
    case 'stake':
      return line('stake', `${short(who)} staked shares of ${place}`, [shares(event.amount)]);
    case 'withdraw':
      return line('withdraw', `${short(who)} unstaked shares of ${place}`, [shares(event.amount)]);
    case 'reward-paid':
      return line('reward-paid', `${short(who)} claimed ORE from ${place}`, [
        { units: String(event.amount), unit: 'ORE' },
      ]);
    case 'vote':
      // the amount is the reserve after the vote (weighted by the voters' shares)
      return line('vote', `${short(who)} voted on the reserve price of ${place}, now`, [eth(event.value)]);
    case 'style-vote':
      return line(
        'vote',
        `${short(who)} voted ${event.value === 1n ? 'for' : 'against'} the style proposed for ${place}`,
        [shares(event.amount)],
      );
    case 'style-settled':
      // a passed vote restyles the parcel, which the parcel reducer tells
      return event.args.passed === 'true'
        ? null
        : { kind: 'style', parcelId, text: `the style vote on ${place} failed` };
    case 'cash-out':
      return line('cash-out', `${short(who)} cashed out of ${place}`, [
        shares(event.amount),
        eth(event.value),
      ]);
    default:
      return null;
  }
}
