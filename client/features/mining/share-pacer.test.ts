import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FoundNonce, type MiningJob, toHex16, toHex32 } from '../../../shared/pow.ts';
import { RATE_LIMITS } from '../../../shared/protocol.ts';
import { fullBucket, takeToken } from '../../../shared/rate-limit.ts';
import { MAX_HELD, SharePacer } from './share-pacer.ts';

const job = (jobId: string, challenge = 1n, parcelId = 7): MiningJob => ({
  jobId,
  parcelId,
  challenge: toHex32(challenge),
  miner: `0x${'ab'.repeat(20)}`,
  shareTarget: toHex32(1n << 250n),
  chainTarget: toHex32(1n << 200n),
  noncePrefix: toHex16(1n),
});

let counter = 0n;
const share = (jobId: string, solution = false): FoundNonce => ({
  jobId,
  nonce: toHex32(counter++),
  digest: toHex32(counter),
  solution,
});

/** A pacer on job 'a' at time 0 holding `count` of its shares, past the first burst sent. */
function pacerHolding(count: number): SharePacer {
  const pacer = new SharePacer(0);
  pacer.setJob(job('a'), 0);
  pacer.offer(
    Array.from({ length: RATE_LIMITS.workShare.burst / 2 + count }, () => share('a')),
    0,
  );
  return pacer;
}

describe('work-share pacing', () => {
  it('never sends what the room would refuse, however shares arrive and however the network bunches them', () => {
    const limit = RATE_LIMITS.workShare;
    fc.assert(
      fc.property(
        // batches: ms since the previous batch, shares found, and the delay of this batch's messages
        fc.array(fc.tuple(fc.nat(2_000), fc.nat(40), fc.nat(1_000)), { maxLength: 200 }),
        (batches) => {
          const pacer = new SharePacer(0);
          pacer.setJob(job('j'), 0);
          const room = fullBucket(limit.burst, 0);
          let now = 0;
          let arrived = 0; // a WebSocket keeps order: a message never arrives before the one sent earlier
          for (const [wait, found, delay] of batches) {
            now += wait;
            const sent = pacer.offer(
              Array.from({ length: found }, () => share('j')),
              now,
            );
            arrived = Math.max(arrived, now + delay);
            for (const _ of sent) {
              if (!takeToken(room, arrived, limit.perSecond, limit.burst)) return false;
            }
          }
          return true;
        },
      ),
    );
  });

  it('holds the extra shares and sends them as the limit allows, oldest first', () => {
    const pacer = new SharePacer(0);
    pacer.setJob(job('j'), 0);
    const found = Array.from({ length: 8 }, () => share('j'));
    const first = pacer.offer(found, 0);
    expect(first).toEqual(found.slice(0, RATE_LIMITS.workShare.burst / 2));
    expect(pacer.offer([], 0)).toEqual([]);
    const later = pacer.offer([], 1_000);
    expect(later).toEqual(found.slice(first.length));
    expect(pacer.dropped).toBe(0);
  });

  it('drops the oldest past MAX_HELD but never a solution, which goes first', () => {
    const pacer = new SharePacer(0);
    pacer.setJob(job('j'), 0);
    pacer.offer(
      Array.from({ length: 100 }, () => share('j')),
      0,
    );
    expect(pacer.dropped).toBe(100 - RATE_LIMITS.workShare.burst / 2 - MAX_HELD);
    const solution = share('j', true);
    expect(pacer.offer([solution], 0)).toEqual([]);
    expect(pacer.offer([], 200)[0]).toEqual(solution);
  });

  it('keeps held shares through a vardiff job on the same challenge, drops them when the work moves on', () => {
    const pacer = pacerHolding(2);
    pacer.setJob(job('b'), 0);
    expect(pacer.dropped).toBe(0);
    pacer.setJob(job('c', 2n), 0);
    expect(pacer.dropped).toBe(2);
    expect(pacer.offer([], 10_000)).toEqual([]);
  });

  it("stops sending a replaced job's shares before the room stops taking them", () => {
    const pacer = pacerHolding(4);
    pacer.setJob(job('b'), 0);
    // one token per 200 ms: one held share of the replaced job goes now, none after the handover
    expect(pacer.offer([], 200).map((s) => s.jobId)).toEqual(['a']);
    const late = pacer.offer([share('b')], 2_000);
    expect(late.map((s) => s.jobId)).toEqual(['b']);
    expect(pacer.dropped).toBe(3);
  });
});
