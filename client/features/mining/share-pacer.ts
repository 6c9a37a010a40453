import type { FoundNonce, MiningJob } from '../../../shared/pow.ts';
import { RATE_LIMITS } from '../../../shared/protocol.ts';
import { type Bucket, fullBucket, takeToken } from '../../../shared/rate-limit.ts';

/**
 * Sends work shares no faster than the room takes them (RATE_LIMITS.workShare): shares found
 * faster (a lucky streak, or before vardiff has raised the difficulty) wait their turn instead
 * of being refused as `rate-limited`. The pacer's burst is half the room's, so that messages
 * bunched up on the way still fit under the room's limit.
 *
 * Held shares are kept while their job can still be credited: through a job replaced on the
 * same challenge (vardiff: the room takes the old job's shares a little longer); not after the
 * parcel or its challenge changed. Past MAX_HELD the oldest are dropped. A share that is also a
 * solution goes first and is never dropped here (the wallet submits solutions on its own path).
 */
const LIMIT = RATE_LIMITS.workShare;
const PACER_BURST = LIMIT.burst / 2;
/** At most this many shares wait: a second of the room's limit, twice over. */
export const MAX_HELD = 2 * LIMIT.perSecond;

export class SharePacer {
  readonly #bucket: Bucket;
  #held: FoundNonce[] = [];
  #job: MiningJob | null = null;
  /** Shares found but never sent (over MAX_HELD, or their job could no longer count). */
  dropped = 0;

  constructor(now: number) {
    this.#bucket = fullBucket(PACER_BURST, now);
  }

  /** The job now mined: held shares of a job on another parcel or challenge are dropped. */
  setJob(job: MiningJob | null): void {
    const previous = this.#job;
    this.#job = job;
    const sameWork = job && previous?.parcelId === job.parcelId && previous.challenge === job.challenge;
    const kept = sameWork ? this.#held : this.#held.filter((share) => share.jobId === job?.jobId);
    this.dropped += this.#held.length - kept.length;
    this.#held = kept;
  }

  /** Queues found shares (solutions ahead of the rest) and returns the ones to send now. */
  offer(found: readonly FoundNonce[], now: number): FoundNonce[] {
    for (const share of found) {
      if (share.solution) this.#held.unshift(share);
      else this.#held.push(share);
    }
    const send: FoundNonce[] = [];
    while (this.#held.length > 0 && takeToken(this.#bucket, now, LIMIT.perSecond, PACER_BURST)) {
      send.push(this.#held.shift() as FoundNonce);
    }
    while (this.#held.length > MAX_HELD) {
      const oldest = this.#held.findIndex((share) => !share.solution);
      if (oldest < 0) break;
      this.#held.splice(oldest, 1);
      this.dropped++;
    }
    return send;
  }
}
