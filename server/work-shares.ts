import { randomBytes } from 'node:crypto';
import { createKeccak, type IHasher } from 'hash-wasm';
import {
  difficultyOfTarget,
  encodePreimage,
  type Hex,
  type MiningJob,
  NONCE_OFFSET,
  readUint256,
  targetForDifficulty,
  toHex32,
} from '../shared/pow.ts';

/**
 * Work-share checking for the world room: jobs handed to signed-in miners and the verdict on each
 * share they send. Deliberately minimal (one fixed share difficulty, a server-chosen challenge per
 * parcel): per-miner variable difficulty and the on-chain challenge come with the mining pool
 * (issue 7), which replaces `JobBook` and keeps `WorkShareVerifier`.
 */

/** Expected hashes per work share until variable difficulty arrives. */
export const SHARE_DIFFICULTY = 4_096n;
/** A job older than this (ms) is stale: shares for it are refused. */
export const JOB_TTL_MS = 120_000;
/** Window over which a miner's hash rate is averaged, in ms. */
export const HASH_RATE_WINDOW_MS = 60_000;
/** Jobs remembered at most (oldest forgotten first), so a job flood cannot grow memory. */
const MAX_JOBS = 20_000;

/** A job as the verifier needs it: the preimage with nonce 0 and the share target, as bytes. */
export interface PreparedJob {
  preimage: Uint8Array;
  /** Big-endian share target. */
  target: Uint8Array;
}

export function prepareJob(job: Pick<MiningJob, 'challenge' | 'miner' | 'shareTarget'>): PreparedJob {
  return {
    preimage: encodePreimage(job.challenge, job.miner, 0n),
    target: Buffer.from(job.shareTarget.slice(2), 'hex'),
  };
}

/**
 * Checks work shares with a WebAssembly Keccak-256 (hash-wasm): the digest of
 * shared/pow.ts `powDigest`, at several hundred thousand per second and core where the reference
 * JavaScript Keccak manages tens of thousands. Tests hold the two to the same digests.
 */
export class WorkShareVerifier {
  readonly #hasher: IHasher;
  readonly #preimage = new Uint8Array(NONCE_OFFSET + 32);

  private constructor(hasher: IHasher) {
    this.#hasher = hasher;
  }

  static async create(): Promise<WorkShareVerifier> {
    return new WorkShareVerifier(await createKeccak(256));
  }

  /** The digest when `nonce` (0x + 64 hex digits) meets the job's share target, else null. */
  verify(job: PreparedJob, nonce: Hex): Uint8Array | null {
    this.#preimage.set(job.preimage);
    this.#preimage.set(Buffer.from(nonce.slice(2), 'hex'), NONCE_OFFSET);
    this.#hasher.init();
    this.#hasher.update(this.#preimage);
    const digest = this.#hasher.digest('binary');
    // digest <= target, both big-endian: the first differing byte decides.
    for (let i = 0; i < 32; i++) {
      const d = digest[i] as number;
      const t = job.target[i] as number;
      if (d !== t) return d < t ? digest : null;
    }
    return digest;
  }
}

/** `uint256` of a 32-byte big-endian digest. */
export const digestValue = (digest: Uint8Array): bigint => readUint256(digest);

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
  prepared: PreparedJob;
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
    const wire: MiningJob = {
      jobId: randomBytes(12).toString('hex'),
      parcelId,
      challenge: this.challengeOf(parcelId),
      miner,
      shareTarget: toHex32(shareTarget),
      chainTarget: toHex32(0n), // no on-chain solutions until the room reads OreMiner's target
    };
    const job: IssuedJob = {
      ...wire,
      issuedAt: now,
      difficulty: Number(difficultyOfTarget(shareTarget)),
      prepared: prepareJob(wire),
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
