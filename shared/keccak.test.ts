import { keccak256 as ethersKeccak256, hexlify } from 'ethers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KECCAK256_RATE_BYTES, keccak256, PI_DESTINATION, ROUND_CONSTANTS } from './keccak.ts';

describe('keccak256', () => {
  it('matches the published digests of the empty string and "abc"', () => {
    expect(hexlify(keccak256(new Uint8Array()))).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(hexlify(keccak256(new TextEncoder().encode('abc')))).toBe(
      '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
  });

  it('has the standard first and last round constants and a pi permutation', () => {
    expect(ROUND_CONSTANTS[0]).toBe(1n);
    expect(ROUND_CONSTANTS[23]).toBe(0x8000000080008008n);
    expect(new Set(PI_DESTINATION).size).toBe(25);
  });

  it('agrees with ethers on any input, across block boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 * KECCAK256_RATE_BYTES + 1 }), (data) => {
        expect(hexlify(keccak256(data))).toBe(ethersKeccak256(data));
      }),
      { numRuns: 300 },
    );
    for (const length of [KECCAK256_RATE_BYTES - 1, KECCAK256_RATE_BYTES, KECCAK256_RATE_BYTES + 1]) {
      const input = new Uint8Array(length).fill(length & 0xff);
      expect(hexlify(keccak256(input))).toBe(ethersKeccak256(input));
    }
  });
});
