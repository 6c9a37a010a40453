import { Wallet } from 'ethers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { meetsTarget, powDigest, targetForDifficulty, toHex32 } from '../shared/pow.ts';
import { digestValue, prepareJob, WorkShareVerifier } from './work-shares.ts';

let verifier: WorkShareVerifier;
beforeAll(async () => {
  verifier = await WorkShareVerifier.create();
});

const hex32 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map(toHex32);
const miner = fc.constantFrom(
  ...Array.from({ length: 4 }, () => Wallet.createRandom().address as `0x${string}`),
);

describe('WorkShareVerifier', () => {
  it('agrees with the shared reference digest and target rule', () => {
    fc.assert(
      fc.property(
        hex32,
        miner,
        hex32,
        fc.bigInt({ min: 1n, max: 1n << 20n }),
        (challenge, address, nonce, difficulty) => {
          const shareTarget = toHex32(targetForDifficulty(difficulty));
          const job = prepareJob({ challenge, miner: address, shareTarget });
          const expected = powDigest(challenge, address, BigInt(nonce));
          const digest = verifier.verify(job, nonce);
          expect(digest === null).toBe(!meetsTarget(expected, BigInt(shareTarget)));
          // At the digest itself as target the share just passes; one below, it fails.
          const exact = prepareJob({ challenge, miner: address, shareTarget: toHex32(expected) });
          expect(digestValue(verifier.verify(exact, nonce) ?? new Uint8Array(32))).toBe(expected);
          if (expected > 0n) {
            expect(
              verifier.verify(
                prepareJob({ challenge, miner: address, shareTarget: toHex32(expected - 1n) }),
                nonce,
              ),
            ).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
