import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePreimage, powDigest } from '../shared/pow.ts';
import powVectors from '../shared/pow-vectors.json' with { type: 'json' };
import { buildSearchModule, createNonceSearch, type NonceSearch } from './keccak-search.ts';

const LOW_32 = 0xffffffffn;
const bytesHex = (length: number) =>
  fc.uint8Array({ minLength: length, maxLength: length }).map((b) => `0x${Buffer.from(b).toString('hex')}`);

/** What the loop must return: the first pair with a digest whose top 64 bits are ≤ the target's. */
function expectedPair(
  challenge: string,
  miner: string,
  base: bigint,
  start: number,
  pairs: number,
  target: bigint,
) {
  for (let i = 0; i < pairs; i++) {
    for (const offset of [0, 1]) {
      const digest = powDigest(challenge, miner, base + BigInt(start + 2 * i + offset));
      if (digest >> 192n <= target >> 192n) return i;
    }
  }
  return -1;
}

describe('WebAssembly nonce search', () => {
  let search: NonceSearch;
  beforeAll(async () => {
    search = await createNonceSearch();
  });

  it('assembles a valid module, the same bytes every time', () => {
    const bytes = buildSearchModule();
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(buildSearchModule()).toEqual(bytes);
  });

  it('stops exactly where the reference digest first meets the target, for any job', () => {
    fc.assert(
      fc.property(
        bytesHex(32),
        bytesHex(20),
        fc.bigInt({ min: 0n, max: (1n << 224n) - 1n }),
        fc.nat({ max: 2 ** 32 - 200 }),
        fc.nat({ max: 59 }),
        (challenge, miner, high, start, pick) => {
          const base = high << 32n;
          const pairs = 30;
          // a target equal to one of the first 60 digests: the answer is known and exact
          const target = powDigest(challenge, miner, base + BigInt(start + pick));
          search.load(encodePreimage(challenge, miner, base), target);
          expect(search.search(start, pairs)).toBe(
            expectedPair(challenge, miner, base, start, pairs, target),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('finds the committed vectors (nonce low 32 bits as the counter) at a target equal to their digest', () => {
    for (const { challenge, miner, nonce, digest } of powVectors.vectors) {
      const counter = Number(BigInt(nonce) & LOW_32);
      const start = counter - (counter % 2);
      search.load(encodePreimage(challenge, miner, BigInt(nonce) - BigInt(counter)), BigInt(digest));
      expect(search.search(start, 1)).toBe(0);
    }
  });

  it('returns −1 when nothing meets the target and refuses a range past the 32-bit counter', () => {
    search.load(encodePreimage(`0x${'00'.repeat(32)}`, `0x${'00'.repeat(20)}`, 0n), 0n);
    expect(search.search(0, 100)).toBe(-1);
    expect(() => search.search(2 ** 32 - 2, 2)).toThrow(/2\^32/);
    expect(() => search.load(new Uint8Array(10), 0n)).toThrow(/84 bytes/);
  });
});
