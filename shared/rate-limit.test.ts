import { describe, expect, it } from 'vitest';
import { fullBucket, takeToken } from './rate-limit.ts';

describe('takeToken', () => {
  it('allows a burst, then the sustained rate', () => {
    const bucket = fullBucket(3, 0);
    expect([1, 2, 3, 4].map(() => takeToken(bucket, 0, 2, 3))).toEqual([true, true, true, false]);
    expect(takeToken(bucket, 499, 2, 3)).toBe(false); // 0.998 tokens
    expect(takeToken(bucket, 500, 2, 3)).toBe(true);
    expect(takeToken(bucket, 100_000, 2, 3)).toBe(true); // refills up to the burst only
    expect(bucket.tokens).toBe(2);
  });
});
