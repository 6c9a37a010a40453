import { expose, proxy, type Remote, releaseProxy, wrap } from 'comlink';
import { solidityPackedKeccak256 } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_TARGET,
  type MinerProgress,
  type MinerWorkerApi,
  type MiningJob,
  powDigest,
  targetForDifficulty,
  toHex16,
  toHex32,
} from '../shared/pow.ts';
import { createNonceSearch } from './keccak-search.ts';
import { createMiner } from './miner.ts';

const miner = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const job = (jobId: string, shareDifficulty: bigint, chainDifficulty: bigint): MiningJob => ({
  jobId,
  parcelId: 42,
  challenge: '0x3b0a5ee2f4d3d1c4a1e39a4b0c5f5c2b8de3e7a3c9f1f0b7a3a3f9e1c2d4b6a8',
  miner,
  shareTarget: toHex32(targetForDifficulty(shareDifficulty)),
  chainTarget: toHex32(targetForDifficulty(chainDifficulty)),
  noncePrefix: toHex16(0x9e11n),
});

/** Progress reports as they arrive, with a way to wait for a condition on them. */
function recorder() {
  const reports: MinerProgress[] = [];
  const waiters: (() => void)[] = [];
  return {
    reports,
    onProgress: proxy((progress: MinerProgress) => {
      reports.push(progress);
      for (const wake of waiters.splice(0)) wake();
    }),
    async until(condition: () => boolean): Promise<void> {
      while (!condition()) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mining worker API over comlink', () => {
  let api: Remote<MinerWorkerApi>;
  let channel: MessageChannel;

  beforeEach(() => {
    // the worker side and the page side of a real comlink channel, in one process
    channel = new MessageChannel();
    expose(createMiner(createNonceSearch()), channel.port1);
    api = wrap<MinerWorkerApi>(channel.port2);
  });
  afterEach(async () => {
    await api.stop();
    api[releaseProxy]();
    channel.port1.close();
    channel.port2.close();
  });

  it('finds work shares and solutions under easy targets, each one checked against the contract rule', async () => {
    const progress = recorder();
    const easy = job('easy', 1n << 10n, 1n << 13n);
    await api.start(easy, progress.onProgress);
    const found = () => progress.reports.flatMap((report) => report.found);
    await progress.until(() => found().length >= 8 && found().some((nonce) => nonce.solution));
    await api.stop();

    const shareTarget = BigInt(easy.shareTarget);
    const chainTarget = BigInt(easy.chainTarget);
    for (const nonce of found()) {
      const digest = powDigest(easy.challenge, easy.miner, BigInt(nonce.nonce));
      expect(nonce.jobId).toBe('easy');
      expect(nonce.digest).toBe(toHex32(digest));
      expect(nonce.digest).toBe(
        solidityPackedKeccak256(['bytes32', 'address', 'uint256'], [easy.challenge, easy.miner, nonce.nonce]),
      );
      expect(digest <= shareTarget).toBe(true);
      expect(nonce.solution).toBe(digest <= chainTarget);
    }
    expect(new Set(found().map((nonce) => nonce.nonce)).size).toBe(found().length);
    const hashes = progress.reports.reduce((sum, report) => sum + report.hashes, 0);
    // about one share per 2^10 hashes: 8 shares cannot come from fewer than 8 hashes
    expect(hashes).toBeGreaterThanOrEqual(found().length);

    const reportsAtStop = progress.reports.length;
    await sleep(300);
    expect(progress.reports.length).toBe(reportsAtStop);
  });

  it('reports every nonce of a range in order and moves to the next 2^32 nonces at its end', async () => {
    const progress = recorder();
    // the nonce's high 128 bits are the job's prefix (job() above): the range lies under it
    const base = (0x9e11n << 128n) | (7n << 32n);
    const first = base + (1n << 32n) - 6n;
    await api.start(job('all', 1n, 1n), progress.onProgress, toHex32(first));
    await progress.until(() => progress.reports.length >= 2);
    await api.stop();
    const [rangeEnd, nextRange] = progress.reports;
    expect(rangeEnd?.hashes).toBe(6);
    expect(rangeEnd?.found.map((nonce) => BigInt(nonce.nonce))).toEqual(
      [0n, 1n, 2n, 3n, 4n, 5n].map((i) => first + i),
    );
    expect(BigInt(nextRange?.found[0]?.nonce ?? '0x0')).toBe(base + (1n << 32n));
    expect(rangeEnd?.found.every((nonce) => nonce.solution)).toBe(true);
  });

  it("puts the job's nonce prefix into every nonce, whatever first nonce it is given", async () => {
    const progress = recorder();
    await api.start(job('prefixed', 1n, 1n), progress.onProgress, toHex32(MAX_TARGET));
    await progress.until(() => progress.reports.some((report) => report.found.length > 0));
    await api.stop();
    const found = progress.reports.flatMap((report) => report.found);
    expect(found.every((nonce) => BigInt(nonce.nonce) >> 128n === 0x9e11n)).toBe(true);
    for (const nonce of found.slice(0, 3)) {
      expect(BigInt(nonce.digest)).toBe(powDigest(job('x', 1n, 1n).challenge, miner, BigInt(nonce.nonce)));
    }
  });

  it('pauses at throttle 0 and resumes when the throttle rises', async () => {
    const progress = recorder();
    await api.start(job('throttled', 1n << 40n, 1n << 40n), progress.onProgress);
    await progress.until(() => progress.reports.length >= 1);
    await api.setThrottle(0);
    // the batch running when the throttle dropped may still report; none after it
    const settled = progress.reports.length;
    await Promise.race([progress.until(() => progress.reports.length > settled), sleep(1500)]);
    const paused = progress.reports.length;
    await sleep(700);
    expect(progress.reports.length).toBe(paused);
    const afterPause = progress.reports.length;
    await api.setThrottle(0.5);
    await progress.until(() => progress.reports.length >= afterPause + 2);
    expect(progress.reports.at(-1)?.hashes).toBeGreaterThan(0);
  });

  it('switches to a new job at once: no report of the old job after start resolves', async () => {
    const progress = recorder();
    await api.start(job('old', 1n << 40n, 1n << 40n), progress.onProgress);
    await progress.until(() => progress.reports.length >= 1);
    await api.start(job('new', 1n << 40n, 1n << 40n), progress.onProgress);
    const switched = progress.reports.length;
    await progress.until(() => progress.reports.length >= switched + 2);
    expect(progress.reports.slice(switched).every((report) => report.jobId === 'new')).toBe(true);
  });

  it('refuses a malformed job and a throttle outside 0..1 with a clear error', async () => {
    const progress = recorder();
    await expect(
      api.start({ ...job('bad', 2n, 2n), challenge: '0x12' }, progress.onProgress),
    ).rejects.toThrow(/64 hex digits/);
    await expect(api.start(job('bad', 2n, 2n), progress.onProgress, '0x01' as `0x${string}`)).rejects.toThrow(
      /64 hex digits/,
    );
    await expect(api.setThrottle(1.5)).rejects.toThrow(/from 0 to 1/);
    await expect(api.setThrottle(Number.NaN)).rejects.toThrow(/from 0 to 1/);
    expect(MAX_TARGET).toBe(targetForDifficulty(1n));
  });

  it('hands the caller the reason when the search loop cannot be compiled', async () => {
    const broken = new MessageChannel();
    expose(createMiner(Promise.reject(new Error('this browser cannot run the miner'))), broken.port1);
    const remote = wrap<MinerWorkerApi>(broken.port2);
    await expect(remote.start(job('none', 2n, 2n), recorder().onProgress)).rejects.toThrow(
      /cannot run the miner/,
    );
    remote[releaseProxy]();
    broken.port1.close();
    broken.port2.close();
  });
});
