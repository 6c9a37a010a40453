import type { RewardStream } from '../chain/chain-actions.ts';
import { formatAmount } from '../wallet/format.ts';

const SECONDS_PER_HOUR = 3600n;

/** ORE wei per hour that `staked` share units earn from a stream (their part of the pool's rate). */
export function hourlyShare(stream: RewardStream, staked: bigint): bigint {
  if (stream.totalStaked === 0n) return 0n;
  return (stream.rate * SECONDS_PER_HOUR * staked) / stream.totalStaked;
}

/** The stream in words: what the pool and this player earn per hour, or what waits for a stake. */
export function describeStream(stream: RewardStream, staked: bigint): { pool: string; mine: string | null } {
  if (stream.rate === 0n) {
    const waiting =
      stream.left > 0n && stream.totalStaked === 0n
        ? `${formatAmount(stream.left)} ORE waiting: it streams to the first stakers over the reward period`
        : 'No rewards streaming: each ORE solution mined on this parcel starts a new stream';
    return { pool: waiting, mine: null };
  }
  const until = new Date(stream.finish * 1000).toISOString().slice(11, 19);
  return {
    pool: `Pool earning ${formatAmount(stream.rate * SECONDS_PER_HOUR)} ORE/hour until ${until} UTC (${formatAmount(stream.left)} ORE left)`,
    mine: staked > 0n ? `You earn ${formatAmount(hourlyShare(stream, staked))} ORE/hour` : null,
  };
}
