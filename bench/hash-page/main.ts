import { MinerPool } from '../../client/features/mining/miner-pool.ts';
import { type MiningJob, toHex16, toHex32 } from '../../shared/pow.ts';

/**
 * The browser half of bench/hash.ts: measures the players' miner pool (real Web Workers) and
 * hash-wasm's keccak per call, each in nonces per second, and hands the numbers to Playwright.
 */

/** A job whose targets nothing meets: the workers hash flat out and report only counts. */
const job: MiningJob = {
  jobId: 'bench',
  parcelId: 0,
  challenge: toHex32(0x5eedn),
  miner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  shareTarget: toHex32(0n),
  chainTarget: toHex32(0n),
  noncePrefix: toHex16(0n),
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nonces/s of `threads` pool workers, counted between two batch reports after a warm-up. */
async function pool(threads: number, warmupMs: number, measureMs: number): Promise<number> {
  // cumulative hashes at the first and the last report inside the measuring window
  const span = { reports: 0, startAt: 0, startHashes: 0, endAt: 0, endHashes: 0 };
  let measuring = false;
  const miners = new MinerPool(threads, (report) => {
    if (!measuring) return;
    const at = performance.now();
    if (span.reports++ === 0) {
      span.startAt = at;
      span.startHashes = report.hashes;
    }
    span.endAt = at;
    span.endHashes = report.hashes;
  });
  await miners.start(job);
  await sleep(warmupMs);
  measuring = true;
  await sleep(measureMs);
  miners.terminate();
  if (span.reports < 2 || span.endAt <= span.startAt)
    throw new Error('the workers reported too rarely to measure');
  return ((span.endHashes - span.startHashes) * 1000) / (span.endAt - span.startAt);
}

/** Calls/s of hash-wasm's keccak-256 (init, update with 84 bytes, digest) in one worker. */
function hashWasm(warmupMs: number, measureMs: number): Promise<number> {
  const worker = new Worker(new URL('./hash-wasm.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<number>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ warmupMs, measureMs });
  });
}

const api = { pool, hashWasm };
declare global {
  interface Window {
    hashBench?: typeof api;
  }
}
window.hashBench = api;
