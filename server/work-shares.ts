import { randomBytes } from 'node:crypto';
import {
  difficultyOfTarget,
  type Hex,
  type MiningJob,
  meetsTarget,
  powDigest,
  targetForDifficulty,
  toHex32,
} from '../shared/pow.ts';

/**
 * Work-share checking for the world room: jobs handed to signed-in miners and the verdict on each
 * share they send. Deliberately minimal (one fixed share difficulty, a server-chosen challenge per
 * parcel): per-miner variable difficulty and the on-chain challenge come with the mining pool
 * (issue 7), which replaces `JobBook` and keeps `verifyWorkShare`.
 */

/** Expected hashes per work share until variable difficulty arrives. */
export const SHARE_DIFFICULTY = 4_096n;
/** A job older than this (ms) is stale: shares for it are refused. */
export const JOB_TTL_MS = 120_000;
/** Window over which a miner's hash rate is averaged, in ms. */
export const HASH_RATE_WINDOW_MS = 60_000;
/** Jobs remembered at most (oldest forgotten first), so a job flood cannot grow memory. */
const MAX_JOBS = 20_000;

/** `uint256(digest)` of the share when it meets the job's share target, else null. */
export function verifyWorkShare(
  job: Pick<MiningJob, 'challenge' | 'miner' | 'shareTarget'>,
  nonce: Hex,
): bigint | null {
  const digest = powDigest(job.challenge, job.miner, BigInt(nonce));
  return meetsTarget(digest, BigInt(job.shareTarget)) ? digest : null;
}

/** Hashes per second implied by the difficulties of the shares accepted within `windowMs` before `now`. */
export function hashRate(
  shares: readonly { at: number; difficulty: number }[],
  now: number,
  windowMs: number,
): number {
  let work = 0;
  for (const share of shares) if (now - share.at <= windowMs) work += share.difficulty;
  return work / (windowMs / 1000);
}

export interface IssuedJob extends MiningJob {
  /** Unix ms. */
  issuedAt: number;
  difficulty: number;
}

export class JobBook {
  readonly #jobs = new Map<string, IssuedJob>();
  readonly #challenges = new Map<number, Hex>();

  /** The parcel's current challenge (random until the on-chain one is read). */
  challengeOf(parcelId: number): Hex {
    let challenge = this.#challenges.get(parcelId);
    if (!challenge) {
      challenge = `0x${randomBytes(32).toString('hex')}`;
      this.#challenges.set(parcelId, challenge);
    }
    return challenge;
  }

  issue(miner: Hex, parcelId: number, now: number): IssuedJob {
    const shareTarget = targetForDifficulty(SHARE_DIFFICULTY);
    const job: IssuedJob = {
      jobId: randomBytes(12).toString('hex'),
      parcelId,
      challenge: this.challengeOf(parcelId),
      miner,
      shareTarget: toHex32(shareTarget),
      chainTarget: toHex32(0n), // no on-chain solutions until OreMiner is deployed
      issuedAt: now,
      difficulty: Number(difficultyOfTarget(shareTarget)),
    };
    if (this.#jobs.size >= MAX_JOBS) {
      const oldest = this.#jobs.keys().next().value;
      if (oldest !== undefined) this.#jobs.delete(oldest);
    }
    this.#jobs.set(job.jobId, job);
    return job;
  }

  /** The job, or null when unknown or stale at `now`. */
  current(jobId: string, now: number): IssuedJob | null {
    const job = this.#jobs.get(jobId);
    if (!job) return null;
    if (now - job.issuedAt > JOB_TTL_MS || job.challenge !== this.#challenges.get(job.parcelId)) {
      this.#jobs.delete(jobId);
      return null;
    }
    return job;
  }
}
