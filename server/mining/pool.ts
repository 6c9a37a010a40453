import { withDefaults } from '../../shared/options.ts';
import {
  difficultyOfTarget,
  type Hex,
  MAX_TARGET,
  type MiningJob,
  powDigest,
  targetForDifficulty,
  toHex32,
} from '../../shared/pow.ts';

/**
 * The mining pool's rules (DESIGN.md §4), pure: no clock, no randomness, no I/O. The world room
 * owns one pool, passes `now` (unix ms) into every call, feeds it the chain's figures (each
 * parcel's challenge, the chain target) and sends what it returns.
 *
 * - Jobs bind a parcel's current challenge to the signed-in miner's address, so a work share
 *   only counts for the miner whose address is in its preimage.
 * - Per-miner variable difficulty aims at one work share every `shareIntervalMs`.
 * - Hash rates are derived from accepted share difficulty over time, never reported by clients.
 */

/** Why a work share was refused; each is also the `error` code the room sends back. */
export type ShareRejection = 'unknown-job' | 'wrong-miner' | 'stale-job' | 'duplicate-share' | 'above-target';

export interface PoolOptions {
  /** Each miner should find about one work share this often, in ms. */
  shareIntervalMs: number;
  /** Share difficulty of a miner's first job (expected hashes per share). */
  initialDifficulty: bigint;
  minDifficulty: bigint;
  maxDifficulty: bigint;
  /** A job older than this is stale, in ms. */
  jobTtlMs: number;
  /** Hash rates average the accepted work over this window, in ms. */
  rateWindowMs: number;
  /** Prefix of job ids, so ids from two pools (server processes) never collide. */
  jobIdPrefix: string;
  /**
   * The proof-of-work digest the pool verifies shares with. Injected so this module stays pure
   * JavaScript: the reference by default (tests), the WebAssembly one in the room
   * (server/work-shares.ts), which is an order of magnitude faster.
   */
  digest: PowDigest;
}

/** `keccak256(challenge ‖ miner ‖ nonce)` as 0x + 64 hex digits (shared/pow.ts powDigest). */
export type PowDigest = (challenge: Hex, miner: Hex, nonce: Hex) => Hex;

/** shared/pow.ts's JavaScript Keccak: the reference every other digest is held to. */
export const referenceDigest: PowDigest = (challenge, miner, nonce) =>
  toHex32(powDigest(challenge, miner, BigInt(nonce)));

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  shareIntervalMs: 5_000,
  // a browser worker hashes ~10⁶/s: 2^16 gives a first share within a second, vardiff does the rest
  initialDifficulty: 1n << 16n,
  minDifficulty: 1n << 8n,
  maxDifficulty: 1n << 48n,
  jobTtlMs: 120_000,
  rateWindowMs: 60_000,
  jobIdPrefix: 'j',
  digest: referenceDigest,
};

/** Difficulty moves at most this factor per retarget, either way. */
const MAX_STEP = 4n;
/** A new job is pushed when the wanted difficulty is this factor away from the current one. */
const REISSUE_FACTOR = 2;
/** Rates never average over less than this, in ms: one lucky early share must not look fast. */
const MIN_RATE_SPAN_MS = 1_000;

export type ShareVerdict =
  | {
      accepted: true;
      job: MiningJob;
      digest: Hex;
      /** Expected hashes behind this share: what it credits. */
      difficulty: number;
      /** The digest also meets the chain target: the miner's wallet can submit it on chain. */
      solution: boolean;
      /** A replacement job at the miner's new difficulty, when vardiff moved it enough. */
      nextJob: MiningJob | null;
    }
  | { accepted: false; reason: ShareRejection; message: string };

interface IssuedJob {
  job: MiningJob;
  issuedAt: number;
  /**
   * Digests at or under this count as work shares: the easier of the share and chain targets,
   * since the miner reports every digest that meets either (workers/miner.ts).
   */
  screen: bigint;
  /** Expected hashes per reported digest, difficultyOfTarget(screen): what each share credits. */
  credit: number;
}

interface MinerState {
  parcelId: number;
  difficulty: bigint;
  /** The job the miner works on now. */
  jobId: string;
  /** When the miner started on this parcel, unix ms (hash rates never average over less). */
  since: number;
  /** When the last share was accepted (or the job issued), for retargeting a silent miner. */
  lastShareAt: number;
  /** Accepted shares within the rate window. */
  shares: { at: number; difficulty: number }[];
}

function clampDifficulty(value: bigint, options: PoolOptions): bigint {
  if (value < options.minDifficulty) return options.minDifficulty;
  return value > options.maxDifficulty ? options.maxDifficulty : value;
}

export class MiningPool {
  readonly #options: PoolOptions;
  readonly #jobs = new Map<string, IssuedJob>();
  readonly #miners = new Map<Hex, MinerState>();
  readonly #challenges = new Map<number, Hex>();
  /** Digests credited per challenge: the same (challenge, miner, nonce) never counts twice. */
  readonly #credited = new Map<Hex, Set<Hex>>();
  #chainTarget = 0n;
  #sequence = 0;

  constructor(options: Partial<PoolOptions> = {}) {
    this.#options = withDefaults(DEFAULT_POOL_OPTIONS, options);
    const { minDifficulty, initialDifficulty, maxDifficulty } = this.#options;
    if (!(minDifficulty >= 1n && minDifficulty <= initialDifficulty && initialDifficulty <= maxDifficulty)) {
      throw new RangeError('pool difficulties must satisfy 1 ≤ min ≤ initial ≤ max');
    }
  }

  /** OreMiner's current target (from the chain); solutions are digests at or under it. */
  setChainTarget(target: bigint): void {
    if (target < 0n || target > MAX_TARGET) throw new RangeError('the chain target is a uint256');
    this.#chainTarget = target;
  }

  /**
   * The parcel's challenge on chain now (`OreMiner.challenge(parcelId)`, read at first use and
   * after every `SolutionAccepted`). Jobs with an older challenge turn stale; returns the miners
   * mining that parcel (not those who stopped), who need a new job.
   */
  setChallenge(parcelId: number, challenge: Hex, now: number): Hex[] {
    const previous = this.#challenges.get(parcelId);
    if (previous === challenge) return [];
    this.#challenges.set(parcelId, challenge);
    if (previous) this.#credited.delete(previous);
    return [...this.#miners]
      .filter(([, state]) => state.parcelId === parcelId && state.jobId !== '')
      .map(([miner, state]) => {
        state.lastShareAt = now;
        return miner;
      });
  }

  /** The challenge the pool holds for a parcel, if any. */
  challengeOf(parcelId: number): Hex | undefined {
    return this.#challenges.get(parcelId);
  }

  /**
   * A job for `miner` on `parcelId` (the room checks the parcel may be mined and sets its
   * challenge first). Starting again or moving to another parcel restarts the miner's hash-rate
   * window; the miner keeps its difficulty.
   */
  issueJob(miner: Hex, parcelId: number, now: number): MiningJob {
    const challenge = this.#challenges.get(parcelId);
    if (!challenge) throw new Error(`no challenge known for parcel ${parcelId}: set it from the chain first`);
    let state = this.#miners.get(miner);
    if (!state || state.parcelId !== parcelId || !state.jobId) {
      state = {
        parcelId,
        difficulty: state?.difficulty ?? this.#options.initialDifficulty,
        jobId: '',
        since: now,
        lastShareAt: now,
        shares: [],
      };
      this.#miners.set(miner, state);
    }
    const job: MiningJob = {
      jobId: `${this.#options.jobIdPrefix}${(this.#sequence++).toString(36)}`,
      parcelId,
      challenge,
      miner,
      shareTarget: toHex32(targetForDifficulty(state.difficulty)),
      chainTarget: toHex32(this.#chainTarget),
    };
    const shareTarget = BigInt(job.shareTarget);
    const screen = shareTarget > this.#chainTarget ? shareTarget : this.#chainTarget;
    this.#jobs.set(job.jobId, { job, issuedAt: now, screen, credit: Number(difficultyOfTarget(screen)) });
    state.jobId = job.jobId;
    this.#forgetExpiredJobs(now);
    return job;
  }

  /** The miner stopped (or left): its jobs are refused from now on and it credits no hash rate. */
  stopMining(miner: Hex): void {
    const state = this.#miners.get(miner);
    if (!state) return;
    for (const [jobId, issued] of this.#jobs) if (issued.job.miner === miner) this.#jobs.delete(jobId);
    state.jobId = '';
    state.shares = [];
  }

  /** Checks a work share from the signed-in `miner` and credits it when it is good. */
  submitShare(miner: Hex, jobId: string, nonce: Hex, now: number): ShareVerdict {
    const issued = this.#jobs.get(jobId);
    if (!issued) return { accepted: false, reason: 'unknown-job', message: 'no such job: ask for a new one' };
    const { job } = issued;
    if (job.miner.toLowerCase() !== miner.toLowerCase()) {
      return { accepted: false, reason: 'wrong-miner', message: 'this job belongs to another miner' };
    }
    if (
      now - issued.issuedAt > this.#options.jobTtlMs ||
      this.#challenges.get(job.parcelId) !== job.challenge
    ) {
      return { accepted: false, reason: 'stale-job', message: 'the job expired or its challenge moved on' };
    }
    const digestHex = this.#options.digest(job.challenge, job.miner, nonce);
    const digest = BigInt(digestHex);
    let credited = this.#credited.get(job.challenge);
    if (credited?.has(digestHex)) {
      return { accepted: false, reason: 'duplicate-share', message: 'this work share was credited before' };
    }
    if (digest > issued.screen) {
      return {
        accepted: false,
        reason: 'above-target',
        message: 'the digest does not meet the share target',
      };
    }
    if (!credited) {
      credited = new Set();
      this.#credited.set(job.challenge, credited);
    }
    credited.add(digestHex);

    const difficulty = issued.credit;
    const state = this.#miners.get(job.miner);
    let nextJob: MiningJob | null = null;
    if (state && state.parcelId === job.parcelId) {
      state.shares.push({ at: now, difficulty });
      this.#trim(state, now);
      state.lastShareAt = now;
      const wanted = this.#wantedDifficulty(state, now);
      if (state.jobId === job.jobId && this.#farApart(wanted, state.difficulty)) {
        state.difficulty = wanted;
        nextJob = this.issueJob(job.miner, job.parcelId, now);
      }
    }
    return {
      accepted: true,
      job,
      digest: digestHex,
      difficulty,
      solution: digest <= this.#chainTarget,
      nextJob,
    };
  }

  /**
   * Call about once a second: a miner silent for twice the share interval gets an easier job
   * (its hardware may be slower than its difficulty assumes). Returns the jobs to send.
   */
  retargetSilentMiners(now: number): MiningJob[] {
    const jobs: MiningJob[] = [];
    for (const [miner, state] of this.#miners) {
      if (!state.jobId || now - state.lastShareAt < 2 * this.#options.shareIntervalMs) continue;
      const easier = clampDifficulty(state.difficulty / MAX_STEP, this.#options);
      state.lastShareAt = now;
      if (easier === state.difficulty) continue;
      state.difficulty = easier;
      jobs.push(this.issueJob(miner, state.parcelId, now));
    }
    return jobs;
  }

  /** Hashes per second credited to the miner over the rate window. */
  minerHashRate(miner: Hex, now: number): number {
    const state = this.#miners.get(miner);
    if (!state) return 0;
    this.#trim(state, now);
    return this.#rate(state.shares, state.since, now);
  }

  /** Hashes per second credited on the parcel, all its miners together. */
  parcelHashRate(parcelId: number, now: number): number {
    let rate = 0;
    for (const miner of this.#miners.keys()) {
      if (this.#miners.get(miner)?.parcelId === parcelId) rate += this.minerHashRate(miner, now);
    }
    return rate;
  }

  /** Drops a miner who left for good (the room calls it when the seat is gone). */
  forgetMiner(miner: Hex): void {
    this.stopMining(miner);
    this.#miners.delete(miner);
  }

  #rate(shares: readonly { at: number; difficulty: number }[], since: number, now: number): number {
    const work = shares.reduce((sum, share) => sum + share.difficulty, 0);
    if (work === 0) return 0;
    // average over the window, or over the time mined so far when that is shorter
    const spanMs = Math.max(MIN_RATE_SPAN_MS, Math.min(this.#options.rateWindowMs, now - since));
    return (work * 1000) / spanMs;
  }

  #wantedDifficulty(state: MinerState, now: number): bigint {
    const rate = this.#rate(state.shares, state.since, now);
    const wanted = BigInt(Math.max(1, Math.round((rate * this.#options.shareIntervalMs) / 1000)));
    const low = state.difficulty / MAX_STEP;
    const high = state.difficulty * MAX_STEP;
    return clampDifficulty(wanted < low ? low : wanted > high ? high : wanted, this.#options);
  }

  #farApart(a: bigint, b: bigint): boolean {
    return Number(a) > Number(b) * REISSUE_FACTOR || Number(b) > Number(a) * REISSUE_FACTOR;
  }

  #trim(state: MinerState, now: number): void {
    const from = now - this.#options.rateWindowMs;
    while ((state.shares[0]?.at ?? now) < from) state.shares.shift();
  }

  #forgetExpiredJobs(now: number): void {
    for (const [jobId, issued] of this.#jobs) {
      if (now - issued.issuedAt <= this.#options.jobTtlMs) break; // insertion order = issue order
      this.#jobs.delete(jobId);
    }
  }
}
