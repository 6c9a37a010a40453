import { Wallet } from 'ethers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Hex, toHex32 } from '../shared/pow.ts';
import { type PowDigest, referenceDigest } from './mining/pool.ts';
import { createWasmDigest } from './work-shares.ts';

let wasmDigest: PowDigest;
beforeAll(async () => {
  wasmDigest = await createWasmDigest();
});

const hex32 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }).map(toHex32);
const miner = fc.constantFrom(...Array.from({ length: 4 }, () => Wallet.createRandom().address as Hex));

describe('WebAssembly work-share digest', () => {
  it('agrees with the shared reference digest, across changing and repeated jobs', () => {
    fc.assert(
      fc.property(
        hex32,
        miner,
        fc.array(hex32, { minLength: 1, maxLength: 3 }),
        (challenge, address, nonces) => {
          for (const nonce of nonces) {
            expect(wasmDigest(challenge, address, nonce)).toBe(referenceDigest(challenge, address, nonce));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a malformed nonce or job instead of hashing garbage', () => {
    const challenge = toHex32(1n);
    const address = Wallet.createRandom().address as Hex;
    expect(() => wasmDigest(challenge, address, `0x${'zz'.repeat(32)}`)).toThrow(/nonce must be 0x/);
    expect(() => wasmDigest(challenge, address, '0x12')).toThrow(/nonce must be 0x/);
    expect(() => wasmDigest('0x12', address, toHex32(1n))).toThrow(/challenge must be 0x/);
    // a refused call leaves the next good one right
    expect(wasmDigest(challenge, address, toHex32(5n))).toBe(
      referenceDigest(challenge, address, toHex32(5n)),
    );
  });
});
