import { describe, expect, it } from 'vitest';
import {
  difficultyOfTarget,
  type Hex,
  JOB_HANDOVER_MS,
  type MiningJob,
  nonceInJob,
  powDigest,
  targetForDifficulty,
  toHex32,
} from '../../shared/pow.ts';
import { MiningPool } from './pool.ts';

const alice: Hex = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const bob: Hex = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const challengeA = toHex32(0xa11cen);
const challengeB = toHex32(0xb0bn);
const parcel = 4242;

/**
 * The first nonce of the job (its prefix, low bits from `from` up) whose digest meets `target`
 * (by default the job's share target) or, with `above`, misses it.
 */
function findNonce(job: MiningJob, from = 0n, above = false, target = BigInt(job.shareTarget)): bigint {
  for (let nonce = nonceInJob(job.noncePrefix, from); ; nonce++) {
    if (powDigest(job.challenge, job.miner, nonce) <= target !== above) return nonce;
  }
}

/** Job nonce prefixes 1, 2, 3…: the pool's verdicts on simulated work do not change run to run. */
function countingPrefixes(): () => bigint {
  let next = 0n;
  return () => ++next;
}

function easyPool() {
  const pool = new MiningPool({
    initialDifficulty: 16n,
    minDifficulty: 1n,
    shareIntervalMs: 1_000,
    noncePrefix: countingPrefixes(),
  });
  pool.setChainTarget(targetForDifficulty(1n << 40n));
  pool.setChallenge(parcel, challengeA, 0);
  return pool;
}

describe('mining pool: jobs and work-share verdicts', () => {
  it('hands a job bound to the miner, the parcel challenge and both targets', () => {
    const pool = easyPool();
    const job = pool.issueJob(alice, parcel, 0);
    expect(job).toMatchObject({ parcelId: parcel, challenge: challengeA, miner: alice });
    expect(BigInt(job.shareTarget)).toBe(targetForDifficulty(16n));
    expect(BigInt(job.chainTarget)).toBe(targetForDifficulty(1n << 40n));
    expect(pool.issueJob(alice, parcel, 1).jobId).not.toBe(job.jobId);
    expect(() => pool.issueJob(alice, 7, 0)).toThrow(/no challenge known for parcel 7/);
  });

  it('credits a good share once and names the reason for every bad one', () => {
    const pool = easyPool();
    const job = pool.issueJob(alice, parcel, 0);
    const nonce = toHex32(findNonce(job));
    const verdict = pool.submitShare(alice, job.jobId, nonce, 10);
    expect(verdict).toMatchObject({ accepted: true, difficulty: 16, solution: false });
    expect(verdict.accepted && verdict.digest).toBe(toHex32(powDigest(challengeA, alice, BigInt(nonce))));

    const reason = (miner: Hex, jobId: string, n: Hex, now = 20) => {
      const result = pool.submitShare(miner, jobId, n, now);
      return result.accepted ? 'accepted' : result.reason;
    };
    expect(reason(alice, job.jobId, nonce)).toBe('duplicate-share');
    expect(reason(alice, 'no-such-job', nonce)).toBe('unknown-job');
    expect(reason(bob, job.jobId, toHex32(findNonce(job, BigInt(nonce) + 1n)))).toBe('wrong-miner');
    expect(reason(alice, job.jobId, toHex32(findNonce(job, 0n, true)))).toBe('above-target');
    // the address is compared, not its spelling
    expect(reason(alice.toLowerCase() as Hex, job.jobId, toHex32(findNonce(job, BigInt(nonce) + 1n)))).toBe(
      'accepted',
    );
  });

  it('refuses shares of a job whose challenge moved on as stale; a current job does not expire', () => {
    const pool = easyPool();
    const job = pool.issueJob(alice, parcel, 0);
    const other = pool.issueJob(bob, parcel, 0);
    expect(pool.setChallenge(parcel, challengeB, 5).sort()).toEqual([alice, bob].sort());
    expect(pool.setChallenge(parcel, challengeB, 6)).toEqual([]);
    const verdict = pool.submitShare(alice, job.jobId, toHex32(findNonce(job)), 10);
    expect(verdict).toMatchObject({ accepted: false, reason: 'stale-job' });

    const fresh = pool.issueJob(bob, parcel, 10);
    expect(fresh.challenge).toBe(challengeB);
    expect(other.challenge).toBe(challengeA);
    // a steady miner keeps its job as long as it mines: hours later its shares still count
    const late = pool.submitShare(bob, fresh.jobId, toHex32(findNonce(fresh)), 10 + 3_600_000);
    expect(late).toMatchObject({ accepted: true });
  });

  it('refuses work done before the job: every nonce must carry the random prefix of the job', () => {
    const pool = easyPool();
    const job = pool.issueJob(alice, parcel, 0);
    const again = pool.issueJob(alice, parcel, 0);
    expect(again.noncePrefix).not.toBe(job.noncePrefix);
    // shares an attacker hashed before asking: digests under the target, any other prefix
    let nonce = 0n;
    while (powDigest(again.challenge, alice, nonce) > BigInt(again.shareTarget)) nonce++;
    expect(pool.submitShare(alice, again.jobId, toHex32(nonce), 1)).toMatchObject({
      accepted: false,
      reason: 'stale-job',
    });
    // a job's own nonces keep the on-chain preimage: the digest is keccak(challenge, miner, nonce)
    const own = findNonce(again);
    const verdict = pool.submitShare(alice, again.jobId, toHex32(own), 2);
    expect(verdict.accepted && verdict.digest).toBe(toHex32(powDigest(challengeA, alice, own)));
  });

  it('credits a burst right after a job at most one share plus what maxHashRate could hash since', () => {
    // 1000 H/s at most: at difficulty 16, one more share per 16 ms
    const pool = new MiningPool({ initialDifficulty: 16n, minDifficulty: 1n, maxHashRate: 1_000 });
    pool.setChallenge(parcel, challengeA, 0);
    const job = pool.issueJob(alice, parcel, 0);
    let from = 0n;
    const next = () => {
      const nonce = findNonce(job, from);
      from = nonce + 1n - nonceInJob(job.noncePrefix, 0n);
      return toHex32(nonce);
    };
    const verdict = (at: number) => {
      const result = pool.submitShare(alice, job.jobId, next(), at);
      return result.accepted ? 'accepted' : result.reason;
    };
    expect(verdict(0)).toBe('accepted');
    expect(verdict(0)).toBe('over-rate');
    expect(verdict(10)).toBe('over-rate');
    expect(verdict(16)).toBe('accepted');
    expect(verdict(20)).toBe('over-rate');
    expect(verdict(32)).toBe('accepted');
    expect(pool.minerHashRate(alice, 1_000)).toBe(3 * 16);
  });

  it('lets a job replaced by vardiff hand over briefly; a job replaced otherwise stops at once', () => {
    const pool = new MiningPool({ initialDifficulty: 1024n, minDifficulty: 1n, shareIntervalMs: 1_000 });
    pool.setChallenge(parcel, challengeA, 0);
    pool.setChallenge(parcel + 1, challengeB, 0);
    const first = pool.issueJob(alice, parcel, 0);
    const [easier] = pool.retargetSilentMiners(10_000);
    expect(easier).toBeDefined();
    const reason = (job: MiningJob, at: number, from = 0n) => {
      const result = pool.submitShare(alice, job.jobId, toHex32(findNonce(job, from)), at);
      return result.accepted ? 'accepted' : result.reason;
    };
    expect(reason(first, 10_000 + JOB_HANDOVER_MS)).toBe('accepted');
    expect(reason(first, 10_001 + JOB_HANDOVER_MS, 1n << 20n)).toBe('stale-job');
    // asking again (another session of the same address) supersedes at once
    const asked = pool.issueJob(alice, parcel, 20_000);
    expect(reason(easier as MiningJob, 20_000)).toBe('unknown-job');
    // moving to another parcel: the old parcel's job is refused and credits nothing there
    pool.issueJob(alice, parcel + 1, 21_000);
    expect(reason(asked, 21_000)).toBe('unknown-job');
    expect(pool.parcelHashRates(21_000).get(parcel)).toBeUndefined();
    expect(pool.miningParcelOf(alice)).toBe(parcel + 1);
  });

  it('counts an address once, on the one parcel it mines, however many sessions ask for jobs', () => {
    const pool = easyPool();
    pool.setChallenge(parcel + 1, challengeB, 0);
    // three sessions of alice ask for jobs on the parcel: one miner, one job, one rate
    pool.issueJob(alice, parcel, 0);
    pool.issueJob(alice, parcel, 0);
    const job = pool.issueJob(alice, parcel, 0);
    expect(pool.submitShare(alice, job.jobId, toHex32(findNonce(job)), 2_000).accepted).toBe(true);
    const rate = pool.minerHashRate(alice, 2_000);
    expect(rate).toBe(8); // 16 expected hashes over 2 s
    expect([...pool.parcelHashRates(2_000)]).toEqual([[parcel, rate]]);
    // a fourth session on another parcel moves the address there, with no credit until it works
    pool.issueJob(alice, parcel + 1, 2_000);
    expect([...pool.parcelHashRates(2_500)]).toEqual([[parcel + 1, 0]]);
    expect(pool.minerHashRate(alice, 2_500)).toBe(0);
  });

  it('flags a share whose digest meets the chain target as a solution', () => {
    const pool = easyPool();
    pool.setChainTarget(targetForDifficulty(4n));
    const job = pool.issueJob(alice, parcel, 0);
    const chainTarget = targetForDifficulty(4n);
    const nonce = findNonce(job, 0n, false, chainTarget);
    expect(pool.submitShare(alice, job.jobId, toHex32(nonce), 1)).toMatchObject({
      accepted: true,
      solution: true,
    });
  });

  it('credits a digest that meets only an easier chain target at the chain difficulty, not the share one', () => {
    const pool = new MiningPool({ initialDifficulty: 1024n, minDifficulty: 1n });
    pool.setChainTarget(targetForDifficulty(8n)); // a test-low chain target, easier than the shares
    pool.setChallenge(parcel, challengeA, 0);
    const job = pool.issueJob(alice, parcel, 0);
    const chainTarget = targetForDifficulty(8n);
    const nonce = findNonce(job, 0n, false, chainTarget);
    expect(pool.submitShare(alice, job.jobId, toHex32(nonce), 1)).toMatchObject({
      accepted: true,
      difficulty: 8,
      solution: true,
    });
  });

  it('stops crediting and accepting a miner who stopped', () => {
    const pool = easyPool();
    const job = pool.issueJob(alice, parcel, 0);
    expect(pool.submitShare(alice, job.jobId, toHex32(findNonce(job)), 500).accepted).toBe(true);
    expect(pool.minerHashRate(alice, 1_000)).toBeGreaterThan(0);
    pool.stopMining(alice);
    expect(pool.minerHashRate(alice, 1_000)).toBe(0);
    expect(pool.parcelHashRates(1_000).size).toBe(0);
    expect(pool.submitShare(alice, job.jobId, toHex32(findNonce(job, 1_000n)), 1_100)).toMatchObject({
      accepted: false,
      reason: 'unknown-job',
    });
    // a new challenge on the parcel brings jobs to its active miners only, not the stopped one
    expect(pool.setChallenge(parcel, challengeB, 1_200)).toEqual([]);
  });

  it('verifies with the digest it is given, not a fixed one', () => {
    const asked: Hex[] = [];
    // a digest that is always 0 meets every target: a nonce the reference refuses is accepted
    const pool = new MiningPool({
      initialDifficulty: 1n << 40n,
      maxDifficulty: 1n << 40n,
      digest: (_challenge, _miner, nonce) => {
        asked.push(nonce);
        return toHex32(0n);
      },
    });
    pool.setChallenge(parcel, challengeA, 0);
    const job = pool.issueJob(alice, parcel, 0);
    const nonce = toHex32(findNonce(job, 0n, true));
    expect(pool.submitShare(alice, job.jobId, nonce, 1)).toMatchObject({
      accepted: true,
      digest: toHex32(0n),
    });
    expect(asked).toEqual([nonce]);
  });

  it('refuses inconsistent difficulty options', () => {
    expect(() => new MiningPool({ minDifficulty: 100n, initialDifficulty: 10n })).toThrow(/min ≤ initial/);
    expect(() => easyPool().setChainTarget(-1n)).toThrow(RangeError);
  });
});

/**
 * A simulated miner that really hashes (shared reference keccak) and lets the simulated clock run
 * at `hashesPerSecond`: every nonce tried advances time by 1/rate. Fully deterministic.
 */
function simulate(pool: MiningPool, miner: Hex, hashesPerSecond: number, shares: number) {
  let now = 0;
  let job = pool.issueJob(miner, parcel, now);
  let nonce = nonceInJob(job.noncePrefix, 0n);
  const jobsSeen: MiningJob[] = [job];
  for (let accepted = 0; accepted < shares; ) {
    const target = BigInt(job.shareTarget);
    while (powDigest(job.challenge, miner, nonce) > target) {
      nonce++;
      now += 1000 / hashesPerSecond;
    }
    const verdict = pool.submitShare(miner, job.jobId, toHex32(nonce), now);
    nonce++;
    now += 1000 / hashesPerSecond;
    if (!verdict.accepted) throw new Error(`share refused: ${verdict.reason}`);
    accepted++;
    if (verdict.nextJob) {
      job = verdict.nextJob;
      nonce = nonceInJob(job.noncePrefix, 0n);
      jobsSeen.push(job);
    }
  }
  return { now, job, jobsSeen };
}

describe('mining pool: variable difficulty and hash rates', () => {
  it('raises a fast miner to about one share per interval and credits about its true rate', () => {
    const pool = new MiningPool({
      initialDifficulty: 16n,
      minDifficulty: 1n,
      shareIntervalMs: 1_000,
      noncePrefix: countingPrefixes(),
    });
    pool.setChallenge(parcel, challengeA, 0);
    const rate = 3_000; // hashes per simulated second
    const { now, job, jobsSeen } = simulate(pool, alice, rate, 40);
    const difficulty = Number(difficultyOfTarget(BigInt(job.shareTarget)));
    expect(jobsSeen.length).toBeGreaterThan(1);
    // one share per 1 s interval at 3000 H/s wants difficulty ≈ 3000 (share luck allows a factor 2)
    expect(difficulty).toBeGreaterThan(rate / 2);
    expect(difficulty).toBeLessThan(rate * 2);
    const credited = pool.minerHashRate(alice, now);
    expect(credited).toBeGreaterThan(rate / 2);
    expect(credited).toBeLessThan(rate * 2);
    expect(pool.parcelHashRates(now).get(parcel)).toBe(credited);
  });

  it('eases the difficulty of a miner that has gone quiet', () => {
    const pool = new MiningPool({ initialDifficulty: 1024n, minDifficulty: 1n, shareIntervalMs: 1_000 });
    pool.setChallenge(parcel, challengeA, 0);
    const job = pool.issueJob(alice, parcel, 0);
    expect(pool.retargetSilentMiners(5_500)).toEqual([]);
    const [easier] = pool.retargetSilentMiners(6_000);
    expect(easier?.miner).toBe(alice);
    expect(BigInt(easier?.shareTarget ?? 0)).toBe(targetForDifficulty(256n));
    expect(BigInt(easier?.shareTarget ?? 0) > BigInt(job.shareTarget)).toBe(true);
    pool.stopMining(alice);
    expect(pool.retargetSilentMiners(10_000)).toEqual([]);
  });

  it("sums a parcel's miners and keeps parcels apart; a client-claimed rate has no input at all", () => {
    const pool = new MiningPool({ initialDifficulty: 8n, minDifficulty: 1n });
    pool.setChallenge(parcel, challengeA, 0);
    pool.setChallenge(parcel + 1, challengeB, 0);
    const a = pool.issueJob(alice, parcel, 0);
    const b = pool.issueJob(bob, parcel + 1, 0);
    pool.submitShare(alice, a.jobId, toHex32(findNonce(a)), 2_000);
    pool.submitShare(bob, b.jobId, toHex32(findNonce(b)), 2_000);
    expect(pool.parcelHashRates(2_000)).toEqual(
      new Map([
        [parcel, pool.minerHashRate(alice, 2_000)],
        [parcel + 1, pool.minerHashRate(bob, 2_000)],
      ]),
    );
    // 8 expected hashes over 2 s of mining
    expect(pool.minerHashRate(alice, 2_000)).toBe(4);
    // after the window, nothing is credited any more
    expect(pool.minerHashRate(alice, 2_000 + 60_001)).toBe(0);
  });
});
