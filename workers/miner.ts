import {
  bytes32Schema,
  encodePreimage,
  type FoundNonce,
  type Hex,
  MINER_BATCH_MS,
  type MinerProgress,
  type MinerWorkerApi,
  type MiningJob,
  miningJobSchema,
  nonceInJob,
  powDigest,
  toHex32,
} from '../shared/pow.ts';
import type { NonceSearch } from './keccak-search.ts';

/** The search loop's counter covers the nonce's low 32 bits; the rest is the range's base. */
const COUNTER_SPAN = 2 ** 32;
const COUNTER_MASK = BigInt(COUNTER_SPAN - 1);
/** Batch bounds, in nonce pairs: small enough to start, large enough that calls are rare. */
const MIN_PAIRS = 256;
const MAX_PAIRS = 1 << 24;
/** A first batch of this many pairs takes a few milliseconds at any plausible speed. */
const FIRST_PAIRS = 4096;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Run {
  stopped: boolean;
  done: Promise<void>;
}

/**
 * One worker's miner: searches nonces for a job in batches sized to take about MINER_BATCH_MS,
 * reports each batch, and honours stop and throttle between batches. `searchReady` is the
 * compiled search loop (workers/keccak-search.ts).
 */
export function createMiner(searchReady: Promise<NonceSearch>): MinerWorkerApi {
  searchReady.catch(() => undefined); // not unhandled: start() hands the error to its caller
  let throttle = 1;
  /** Batch size in nonce pairs; it carries over to the next job (same hardware, same speed). */
  let pairs = FIRST_PAIRS;
  let current: Run | null = null;

  async function mine(
    run: Run,
    search: NonceSearch,
    job: MiningJob,
    firstNonce: bigint,
    report: (p: MinerProgress) => unknown,
  ) {
    const shareTarget = BigInt(job.shareTarget);
    const chainTarget = BigInt(job.chainTarget);
    // the loop screens against the easier of the two; each candidate is then checked in full
    const screen = shareTarget > chainTarget ? shareTarget : chainTarget;
    let base = firstNonce - (firstNonce & COUNTER_MASK);
    let counter = Number(firstNonce & COUNTER_MASK);
    counter -= counter % 2; // pairs start on even counters
    search.load(encodePreimage(job.challenge, job.miner, base), screen);

    while (!run.stopped) {
      if (throttle === 0) {
        await sleep(MINER_BATCH_MS);
        continue;
      }
      const started = performance.now();
      const found: FoundNonce[] = [];
      let left = Math.min(pairs, (COUNTER_SPAN - counter) / 2);
      const hashes = 2 * left;
      while (left > 0) {
        const hit = search.search(counter, left);
        if (hit < 0) {
          counter += 2 * left;
          break;
        }
        for (const candidate of [counter + 2 * hit, counter + 2 * hit + 1]) {
          const nonce = base + BigInt(candidate);
          const digest = powDigest(job.challenge, job.miner, nonce);
          if (digest <= screen) {
            found.push({
              jobId: job.jobId,
              nonce: toHex32(nonce),
              digest: toHex32(digest),
              solution: digest <= chainTarget,
            });
          }
        }
        counter += 2 * (hit + 1);
        left -= hit + 1;
      }
      if (counter >= COUNTER_SPAN) {
        // this range is exhausted: move to the next 2^32 nonces, within the job's prefix
        base = nonceInJob(job.noncePrefix, base + BigInt(COUNTER_SPAN));
        counter = 0;
        search.load(encodePreimage(job.challenge, job.miner, base), screen);
      }
      const busyMs = performance.now() - started;
      if (run.stopped) break;
      Promise.resolve(report({ jobId: job.jobId, hashes, busyMs, found })).catch(() => {
        run.stopped = true; // the page went away: nobody is listening
      });
      // aim the next batch at MINER_BATCH_MS, growing at most 4× at a time
      const scale = Math.min(4, MINER_BATCH_MS / Math.max(busyMs, 0.5));
      pairs = Math.max(MIN_PAIRS, Math.min(MAX_PAIRS, Math.round(pairs * scale)));
      // the throttle leaves the core idle for (1 − t)/t of the time spent hashing
      await sleep(throttle < 1 ? (busyMs * (1 - throttle)) / throttle : 0);
    }
  }

  async function stop(): Promise<void> {
    const run = current;
    current = null;
    if (!run) return;
    run.stopped = true;
    await run.done;
  }

  return {
    async start(job, onProgress, firstNonce = randomNonce()) {
      const parsedJob = miningJobSchema.parse(job);
      const nonce = nonceInJob(parsedJob.noncePrefix, BigInt(bytes32Schema.parse(firstNonce)));
      if (typeof onProgress !== 'function') throw new TypeError('onProgress must be a function');
      const search = await searchReady; // rejects, to the caller, where the loop cannot compile
      await stop();
      const run: Run = { stopped: false, done: Promise.resolve() };
      run.done = mine(run, search, parsedJob, nonce, onProgress).catch((error: unknown) => {
        console.error('mining stopped:', error);
      });
      current = run;
    },
    stop,
    async setThrottle(fraction) {
      if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
        throw new RangeError(`throttle must be a number from 0 to 1, got ${String(fraction)}`);
      }
      throttle = fraction;
    },
  };
}

/** A random place to start searching, so that workers and players do not repeat each other. */
function randomNonce(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
