import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import type { FoundNonce, MinerProgress, MinerWorkerApi, MiningJob } from '../../../shared/pow.ts';

/** What the pool tells its owner after any worker's batch. */
export interface PoolReport {
  /** Nonces hashed by all workers since the pool started mining. */
  hashes: number;
  /** Local hash rate over the last few seconds, in hashes per second. */
  hashRate: number;
  /** Nonces found in this batch: work shares, and solutions among them. */
  found: FoundNonce[];
}

/** Local hash rate is averaged over this window, in milliseconds. */
const RATE_WINDOW_MS = 3_000;

/** Default thread count: one less than the cores, at least one (DESIGN.md §4). */
export function defaultThreads(hardwareConcurrency = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(1, Math.floor(hardwareConcurrency) - 1);
}

interface Thread {
  worker: Worker;
  api: Remote<MinerWorkerApi>;
}

function spawn(): Thread {
  // Vite bundles the worker from this URL; the client reaches it only through MinerWorkerApi.
  const worker = new Worker(new URL('../../../workers/miner.worker.ts', import.meta.url), { type: 'module' });
  return { worker, api: wrap<MinerWorkerApi>(worker) };
}

/**
 * A pool of mining Web Workers working on one job: each worker searches its own random nonce
 * range. Thread count and throttle can change while mining.
 */
export class MinerPool {
  readonly #threads: Thread[] = [];
  readonly #onReport: (report: PoolReport) => void;
  #job: MiningJob | null = null;
  #throttle = 1;
  #hashes = 0;
  /** Recent batches (time in ms from performance.now(), hashes) for the local rate. */
  #recent: { at: number; hashes: number }[] = [];
  #startedAt = 0;

  constructor(threads: number, onReport: (report: PoolReport) => void) {
    this.#onReport = onReport;
    this.#resize(threads);
  }

  get threads(): number {
    return this.#threads.length;
  }

  get mining(): boolean {
    return this.#job !== null;
  }

  /** Starts (or switches every worker to) `job`. */
  async start(job: MiningJob): Promise<void> {
    if (!this.#job) {
      // the local rate measures this hardware: it carries over from job to job, not across a stop
      this.#hashes = 0;
      this.#recent = [];
      this.#startedAt = performance.now();
    }
    this.#job = job;
    await Promise.all(this.#threads.map((thread) => this.#startThread(thread, job)));
  }

  async stop(): Promise<void> {
    this.#job = null;
    await Promise.all(this.#threads.map((thread) => thread.api.stop()));
  }

  /** Fraction of each worker's time spent hashing, 0 (paused) to 1. */
  async setThrottle(fraction: number): Promise<void> {
    if (!(fraction >= 0 && fraction <= 1))
      throw new RangeError(`throttle must be from 0 to 1, got ${fraction}`);
    this.#throttle = fraction;
    await Promise.all(this.#threads.map((thread) => thread.api.setThrottle(fraction)));
  }

  /** Grows or shrinks the pool; new workers join the current job. */
  async setThreads(count: number): Promise<void> {
    const added = this.#resize(count);
    const job = this.#job;
    await Promise.all(
      added.map(async (thread) => {
        await thread.api.setThrottle(this.#throttle);
        if (job) await this.#startThread(thread, job);
      }),
    );
  }

  /** Stops and ends every worker. */
  terminate(): void {
    this.#job = null;
    this.#resize(0);
  }

  #resize(count: number): Thread[] {
    if (!Number.isInteger(count) || count < 0 || count > 64) {
      throw new RangeError(`threads must be an integer from 0 to 64, got ${count}`);
    }
    const added: Thread[] = [];
    while (this.#threads.length < count) {
      const thread = spawn();
      this.#threads.push(thread);
      added.push(thread);
    }
    for (const thread of this.#threads.splice(count)) {
      thread.api[releaseProxy]();
      thread.worker.terminate();
    }
    return added;
  }

  #startThread(thread: Thread, job: MiningJob): Promise<void> {
    return thread.api.start(
      job,
      proxy((progress: MinerProgress) => this.#record(progress)),
    );
  }

  #record(progress: MinerProgress): void {
    if (!this.#job) return; // stopped
    const now = performance.now();
    this.#hashes += progress.hashes;
    this.#recent.push({ at: now, hashes: progress.hashes });
    while ((this.#recent[0]?.at ?? now) < now - RATE_WINDOW_MS) this.#recent.shift();
    const span = Math.min(RATE_WINDOW_MS, now - this.#startedAt);
    const windowHashes = this.#recent.reduce((sum, batch) => sum + batch.hashes, 0);
    this.#onReport({
      hashes: this.#hashes,
      hashRate: span > 0 ? (windowHashes * 1000) / span : 0,
      // nonces of a job already replaced would be refused as stale: they are dropped here
      found: progress.jobId === this.#job.jobId ? progress.found : [],
    });
  }
}
