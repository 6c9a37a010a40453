import { solidityPackedKeccak256 } from 'ethers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  difficultyOfTarget,
  encodePreimage,
  MAX_TARGET,
  meetsTarget,
  miningJobSchema,
  NONCE_OFFSET,
  PREIMAGE_BYTES,
  powDigest,
  readUint256,
  targetForDifficulty,
  toHex16,
  toHex32,
  workShareSchema,
} from './pow.ts';
import powVectors from './pow-vectors.json' with { type: 'json' };

const solidityDigest = (challenge: string, miner: string, nonce: bigint) =>
  BigInt(solidityPackedKeccak256(['bytes32', 'address', 'uint256'], [challenge, miner, nonce]));

const hexOf = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const uint256 = fc.bigInt({ min: 0n, max: MAX_TARGET });

describe('proof-of-work preimage and digest', () => {
  it('reproduces every committed vector, which ethers solidityPackedKeccak256 also gives', () => {
    expect(powVectors.vectors.length).toBeGreaterThanOrEqual(8);
    for (const { challenge, miner, nonce, digest } of powVectors.vectors) {
      expect(toHex32(powDigest(challenge, miner, BigInt(nonce)))).toBe(digest);
      expect(toHex32(solidityDigest(challenge, miner, BigInt(nonce)))).toBe(digest);
    }
  });

  it('equals abi.encodePacked(bytes32, address, uint256) hashed, for any inputs', () => {
    fc.assert(
      fc.property(hexOf(32), hexOf(20), uint256, (challenge, miner, nonce) => {
        expect(powDigest(challenge, miner, nonce)).toBe(solidityDigest(challenge, miner, nonce));
      }),
      { numRuns: 200 },
    );
  });

  it('lays the nonce out big-endian at byte 52 of 84', () => {
    const preimage = encodePreimage(`0x${'ab'.repeat(32)}`, `0x${'cd'.repeat(20)}`, 0x0102n);
    expect(preimage.length).toBe(PREIMAGE_BYTES);
    expect(NONCE_OFFSET).toBe(52);
    expect(preimage[51]).toBe(0xcd);
    expect(preimage[82]).toBe(0x01);
    expect(preimage[83]).toBe(0x02);
    expect(readUint256(preimage, NONCE_OFFSET)).toBe(0x0102n);
  });

  it('refuses malformed challenges, addresses and nonces with a clear error', () => {
    const challenge = `0x${'00'.repeat(32)}`;
    const miner = `0x${'00'.repeat(20)}`;
    expect(() => encodePreimage('0x1234', miner, 0n)).toThrow(/challenge must be 0x followed by 64/);
    expect(() => encodePreimage(challenge, `0x${'zz'.repeat(20)}`, 0n)).toThrow(/miner address/);
    expect(() => encodePreimage(challenge, miner, -1n)).toThrow(RangeError);
    expect(() => encodePreimage(challenge, miner, MAX_TARGET + 1n)).toThrow(/not a uint256/);
  });

  it('accepts a digest equal to the target and rejects one above it', () => {
    expect(meetsTarget(5n, 5n)).toBe(true);
    expect(meetsTarget(6n, 5n)).toBe(false);
  });
});

describe('target and difficulty', () => {
  it('maps difficulty 1 to the maximum target and doubles difficulty by halving the target', () => {
    expect(targetForDifficulty(1n)).toBe(MAX_TARGET);
    expect(difficultyOfTarget(MAX_TARGET)).toBe(1n);
    expect(targetForDifficulty(2n)).toBe(MAX_TARGET >> 1n);
    expect(difficultyOfTarget(0n)).toBe(1n << 256n);
  });

  it('round-trips every difficulty up to 2^128 exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 128n }), (difficulty) => {
        expect(difficultyOfTarget(targetForDifficulty(difficulty))).toBe(difficulty);
      }),
    );
  });

  it('orders inversely: a higher difficulty never gives a higher target', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1n << 200n }),
        fc.bigInt({ min: 1n, max: 1n << 200n }),
        (a, b) => {
          fc.pre(a <= b);
          expect(targetForDifficulty(a) >= targetForDifficulty(b)).toBe(true);
        },
      ),
    );
  });

  it('keeps the target within one difficulty step of 2^256 / difficulty', () => {
    fc.assert(
      fc.property(uint256, (target) => {
        const difficulty = difficultyOfTarget(target);
        // difficulty·(target + 1) ≤ 2^256 < (difficulty + 1)·(target + 1)
        expect(difficulty * (target + 1n) <= 1n << 256n).toBe(true);
        expect((difficulty + 1n) * (target + 1n) > 1n << 256n).toBe(true);
      }),
    );
  });

  it('refuses targets and difficulties out of range', () => {
    expect(() => targetForDifficulty(0n)).toThrow(RangeError);
    expect(() => difficultyOfTarget(-1n)).toThrow(RangeError);
    expect(() => difficultyOfTarget(MAX_TARGET + 1n)).toThrow(RangeError);
  });
});

describe('wire schemas', () => {
  it('parses a job and a work share, and names what is wrong with a bad one', () => {
    const job = {
      jobId: 'j1',
      parcelId: 7,
      challenge: toHex32(1n),
      miner: `0x${'ab'.repeat(20)}`,
      shareTarget: toHex32(MAX_TARGET >> 8n),
      chainTarget: toHex32(MAX_TARGET >> 20n),
      noncePrefix: toHex16(0xfeedn),
    };
    expect(miningJobSchema.parse(job)).toEqual(job);
    expect(miningJobSchema.safeParse({ ...job, noncePrefix: toHex32(1n) }).success).toBe(false);
    expect(workShareSchema.safeParse({ jobId: 'j1', nonce: toHex32(5n) }).success).toBe(true);
    const bad = workShareSchema.safeParse({ jobId: 'j1', nonce: '0x05' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/64 hex digits/);
  });
});
