import { type FoundNonce, JOB_HANDOVER_MS, type MiningJob } from '../../../shared/pow.ts';
import { RATE_LIMITS } from '../../../shared/protocol.ts';
import { type Bucket, fullBucket, takeToken } from '../../../shared/rate-limit.ts';

/**
 * Sends work shares no faster than the room takes them (RATE_LIMITS.workShare): shares found
 * faster (a lucky streak, or before vardiff has raised the difficulty) wait their turn instead
 * of being refused as `rate-limited`. The pacer's burst is half the room's, so that messages
 * bunched up on the way still fit under the room's limit.
 *
 * Held shares are kept while their job can still be credited: the current job's, and the
 * previous jobs' when the new one is on the same parcel and challenge (vardiff) until
 * HANDOVER_SEND_MS after the switch; the rest are dropped, as are the oldest past MAX_HELD. A
 * share that is also a solution goes first and is never dropped past MAX_HELD (the wallet
 * submits solutions on its own path).
 */
const LIMIT = RATE_LIMITS.workShare;
const PACER_BURST = LIMIT.burst / 2;
/** At most this many shares wait: a second of the room's limit, twice over. */
export const MAX_HELD = 2 * LIMIT.perSecond;
/**
 * Held shares of a job vardiff replaced are sent this long after the switch, in ms: half the
 * room's JOB_HANDOVER_MS, the other half for the way there.
 */
const HANDOVER_SEND_MS = JOB_HANDOVER_MS / 2;

export class SharePacer {
  readonly #bucket: Bucket;
  #held: FoundNonce[] = [];
  #job: MiningJob | null = null;
  /** Jobs vardiff replaced, and until when (ms) their held shares are still sent. */
  readonly #handovers = new Map<string, number>();
  /** Shares found but never sent (over MAX_HELD, or their job could no longer count). */
  dropped = 0;

  constructor(now: number) {
    this.#bucket = fullBucket(PACER_BURST, now);
  }

  /** The job now mined (null: stopped); held shares that can no longer count are dropped. */
  setJob(job: MiningJob | null, now: number): void {
    const previous = this.#job;
    this.#job = job;
    const vardiff = job && previous?.parcelId === job.parcelId && previous.challenge === job.challenge;
    if (vardiff) this.#handovers.set(previous.jobId, now + HANDOVER_SEND_MS);
    else this.#handovers.clear();
    this.#keepCountable(now);
  }

  /** Queues found shares (solutions ahead of the rest) and returns the ones to send now. */
  offer(found: readonly FoundNonce[], now: number): FoundNonce[] {
    for (const share of found) {
      if (share.solution) this.#held.unshift(share);
      else this.#held.push(share);
    }
    this.#keepCountable(now);
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

  #keepCountable(now: number): void {
    for (const [jobId, until] of this.#handovers) if (now > until) this.#handovers.delete(jobId);
    const kept = this.#held.filter(
      (share) => share.jobId === this.#job?.jobId || this.#handovers.has(share.jobId),
    );
    this.dropped += this.#held.length - kept.length;
    this.#held = kept;
  }
}
