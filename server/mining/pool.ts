import { withDefaults } from '../../shared/options.ts';
import {
  difficultyOfTarget,
  type Hex,
  JOB_HANDOVER_MS,
  MAX_TARGET,
  type MiningJob,
  nonceFitsJob,
  powDigest,
  targetForDifficulty,
  toHex16,
  toHex32,
} from '../../shared/pow.ts';

/**
 * The mining pool's rules (DESIGN.md §4), pure: no clock, no I/O, randomness injected. The world
 * room owns one pool, passes `now` (unix ms) into every call, feeds it the chain's figures (each
 * parcel's challenge, the chain target) and sends what it returns.
 *
 * - A miner is an address: however many sessions it has, it holds one current job and one hash
 *   rate, on the one parcel it mines.
 * - Jobs bind a parcel's current challenge to the signed-in miner's address, so a work share
 *   only counts for the miner whose address is in its preimage, and carry a random nonce prefix
 *   drawn at issue, so only work done after the job was issued can meet them.
 * - A job counts while it is the miner's current one (a job replaced by vardiff, for
 *   JOB_HANDOVER_MS more, so the shares already on their way are not lost); a job the miner
 *   replaced by asking again, on another parcel, or by stopping is refused at once. Per job, the
 *   credited work never exceeds one share plus what `maxHashRate` could hash since the job.
 * - Per-miner variable difficulty aims at one work share every `shareIntervalMs`.
 * - Hash rates are derived from accepted share difficulty over time, never reported by clients.
 */

/** Why a work share was refused; each is also the `error` code the room sends back. */
export type ShareRejection =
  | 'unknown-job'
  | 'wrong-miner'
  | 'stale-job'
  | 'duplicate-share'
  | 'above-target'
  | 'over-rate';

export interface PoolOptions {
  /** Each miner should find about one work share this often, in ms. */
  shareIntervalMs: number;
  /** Share difficulty of a miner's first job (expected hashes per share). */
  initialDifficulty: bigint;
  minDifficulty: bigint;
  maxDifficulty: bigint;
  /**
   * The fastest an address plausibly hashes, in hashes per second (far above any browser): a
   * job credits at most one share plus this rate times the time since the job was issued.
   */
  maxHashRate: number;
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
  /** A uniformly random 128-bit job nonce prefix (injected, like `digest`, to keep this pure). */
  noncePrefix: () => bigint;
}

/** `keccak256(challenge ‖ miner ‖ nonce)` as 0x + 64 hex digits (shared/pow.ts powDigest). */
export type PowDigest = (challenge: Hex, miner: Hex, nonce: Hex) => Hex;

/** shared/pow.ts's JavaScript Keccak: the reference every other digest is held to. */
export const referenceDigest: PowDigest = (challenge, miner, nonce) =>
  toHex32(powDigest(challenge, miner, BigInt(nonce)));

/** 128 bits from the platform's cryptographic generator. */
export function randomNoncePrefix(): bigint {
  const words = crypto.getRandomValues(new BigUint64Array(2));
  return ((words[0] as bigint) << 64n) | (words[1] as bigint);
}

export const DEFAULT_POOL_OPTIONS: PoolOptions = {
  // One share a second: a fifth of the room's work-share limit (RATE_LIMITS.workShare), and 60
  // shares per rate window, so the credited rate's Poisson noise is about ±13 % (1/√60).
  shareIntervalMs: 1_000,
  // a browser worker hashes ~10⁶/s: 2^16 gives a first share within a second, vardiff does the rest
  initialDifficulty: 1n << 16n,
  minDifficulty: 1n << 8n,
  maxDifficulty: 1n << 48n,
  maxHashRate: 2 ** 30,
  rateWindowMs: 60_000,
  jobIdPrefix: 'j',
  digest: referenceDigest,
  noncePrefix: randomNoncePrefix,
};

/** Difficulty moves at most this factor per retarget, either way. */
const MAX_STEP = 4n;
/** A new job is pushed when the wanted difficulty is this factor away from the current one. */
const REISSUE_FACTOR = 2;
/** Rates never average over less than this, in ms: one lucky early share must not look fast. */
const MIN_RATE_SPAN_MS = 1_000;
/**
 * A miner silent for this many share intervals gets an easier job. Shares arrive as a Poisson
 * process, so an honest miner at the right difficulty is this silent with probability e^-6.
 */
const SILENT_INTERVALS = 6;

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
  /** Shares are taken until then, unix ms: Infinity while the job is the miner's current one. */
  validUntil: number;
  /** Work credited through this job so far, in expected hashes. */
  credited: number;
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
  /** The job the miner works on now ('' when stopped). */
  jobId: string;
  /** Jobs vardiff replaced within the last JOB_HANDOVER_MS, taking shares until their `validUntil`. */
  handoverJobIds: string[];
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
    // jobs on the old challenge are refused from now on (submitShare compares challenges)
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
   * challenge first); the miner's earlier jobs are refused from now on. Starting again or moving
   * to another parcel restarts the miner's hash-rate window; the miner keeps its difficulty.
   */
  issueJob(miner: Hex, parcelId: number, now: number): MiningJob {
    const challenge = this.#challenges.get(parcelId);
    if (!challenge) throw new Error(`no challenge known for parcel ${parcelId}: set it from the chain first`);
    let state = this.#miners.get(miner);
    const continuing = state !== undefined && state.parcelId === parcelId && state.jobId !== '';
    if (state) this.#dropJobs(state);
    if (!state || !continuing) {
      state = {
        parcelId,
        difficulty: state?.difficulty ?? this.#options.initialDifficulty,
        jobId: '',
        handoverJobIds: [],
        since: now,
        lastShareAt: now,
        shares: [],
      };
      this.#miners.set(miner, state);
    }
    return this.#newJob(miner, state, challenge, now);
  }

  /** Vardiff's replacement job at the state's new difficulty; the old job hands over. */
  #reissue(miner: Hex, state: MinerState, now: number): MiningJob {
    state.handoverJobIds = state.handoverJobIds.filter((jobId) => {
      const live = (this.#jobs.get(jobId)?.validUntil ?? 0) >= now;
      if (!live) this.#jobs.delete(jobId);
      return live;
    });
    const current = this.#jobs.get(state.jobId);
    if (current) current.validUntil = now + JOB_HANDOVER_MS;
    state.handoverJobIds.push(state.jobId);
    // the parcel's challenge is known: the miner got a job on it
    return this.#newJob(miner, state, this.#challenges.get(state.parcelId) as Hex, now);
  }

  #dropJobs(state: MinerState): void {
    this.#jobs.delete(state.jobId);
    for (const jobId of state.handoverJobIds) this.#jobs.delete(jobId);
    state.jobId = '';
    state.handoverJobIds = [];
  }

  #newJob(miner: Hex, state: MinerState, challenge: Hex, now: number): MiningJob {
    const { parcelId } = state;
    const job: MiningJob = {
      jobId: `${this.#options.jobIdPrefix}${(this.#sequence++).toString(36)}`,
      parcelId,
      challenge,
      miner,
      shareTarget: toHex32(targetForDifficulty(state.difficulty)),
      chainTarget: toHex32(this.#chainTarget),
      noncePrefix: toHex16(this.#options.noncePrefix()),
    };
    const shareTarget = BigInt(job.shareTarget);
    const screen = shareTarget > this.#chainTarget ? shareTarget : this.#chainTarget;
    this.#jobs.set(job.jobId, {
      job,
      issuedAt: now,
      validUntil: Number.POSITIVE_INFINITY,
      credited: 0,
      screen,
      credit: Number(difficultyOfTarget(screen)),
    });
    state.jobId = job.jobId;
    return job;
  }

  /** The miner stopped (or left): its jobs are refused from now on and it credits no hash rate. */
  stopMining(miner: Hex): void {
    const state = this.#miners.get(miner);
    if (!state) return;
    this.#dropJobs(state);
    state.shares = [];
  }

  /** The parcel the miner mines now, or -1 when it does not mine. */
  miningParcelOf(miner: Hex): number {
    const state = this.#miners.get(miner);
    return state?.jobId ? state.parcelId : -1;
  }

  /** Checks a work share from the signed-in `miner` and credits it when it is good. */
  submitShare(miner: Hex, jobId: string, nonce: Hex, now: number): ShareVerdict {
    const issued = this.#jobs.get(jobId);
    if (!issued) return { accepted: false, reason: 'unknown-job', message: 'no such job: ask for a new one' };
    const { job } = issued;
    if (job.miner.toLowerCase() !== miner.toLowerCase()) {
      return { accepted: false, reason: 'wrong-miner', message: 'this job belongs to another miner' };
    }
    if (now > issued.validUntil || this.#challenges.get(job.parcelId) !== job.challenge) {
      return { accepted: false, reason: 'stale-job', message: 'a newer job replaced this one' };
    }
    if (!nonceFitsJob(job.noncePrefix, BigInt(nonce))) {
      return {
        accepted: false,
        reason: 'stale-job',
        message: "the nonce lacks the job's prefix: only work done for this job counts",
      };
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
    const difficulty = issued.credit;
    const hashable = ((now - issued.issuedAt) / 1000) * this.#options.maxHashRate;
    if (issued.credited > hashable) {
      // one share is always possible (luck); more need time to have been hashed
      return {
        accepted: false,
        reason: 'over-rate',
        message: 'more work than any miner can have done since the job was issued',
      };
    }
    issued.credited += difficulty;
    if (!credited) {
      credited = new Set();
      this.#credited.set(job.challenge, credited);
    }
    credited.add(digestHex);

    // a job that takes shares is its miner's current or handover job, on the miner's parcel
    const state = this.#miners.get(job.miner) as MinerState;
    let nextJob: MiningJob | null = null;
    state.shares.push({ at: now, difficulty });
    this.#trim(state, now);
    state.lastShareAt = now;
    const wanted = this.#wantedDifficulty(state, now);
    if (state.jobId === job.jobId && this.#farApart(wanted, state.difficulty)) {
      state.difficulty = wanted;
      nextJob = this.#reissue(job.miner, state, now);
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
   * Call about once a second: a miner silent for SILENT_INTERVALS share intervals gets an easier
   * job (its hardware may be slower than its difficulty assumes). Returns the jobs to send.
   */
  retargetSilentMiners(now: number): MiningJob[] {
    const jobs: MiningJob[] = [];
    for (const [miner, state] of this.#miners) {
      if (!state.jobId || now - state.lastShareAt < SILENT_INTERVALS * this.#options.shareIntervalMs)
        continue;
      const easier = clampDifficulty(state.difficulty / MAX_STEP, this.#options);
      state.lastShareAt = now;
      if (easier === state.difficulty) continue;
      state.difficulty = easier;
      jobs.push(this.#reissue(miner, state, now));
    }
    return jobs;
  }

  /** Hashes per second credited to the miner (an address) over the rate window; 0 when stopped. */
  minerHashRate(miner: Hex, now: number): number {
    const state = this.#miners.get(miner);
    if (!state?.jobId) return 0;
    this.#trim(state, now);
    return this.#rate(state.shares, state.since, now);
  }

  /** Hashes per second credited per mined parcel, each miner once, on the parcel it mines now. */
  parcelHashRates(now: number): Map<number, number> {
    const rates = new Map<number, number>();
    for (const [miner, state] of this.#miners) {
      if (!state.jobId) continue;
      rates.set(state.parcelId, (rates.get(state.parcelId) ?? 0) + this.minerHashRate(miner, now));
    }
    return rates;
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
}
