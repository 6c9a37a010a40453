/**
 * Token buckets, the one rate-limit rule of the room (which refuses what is over) and of the
 * client (which holds back what would be refused). Plain functions of `now` (ms).
 */

/** A token bucket: `tokens` left at time `at` (ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

/** Takes one token if there is one (refilling `perSecond` up to `burst` since `bucket.at`). */
export function takeToken(bucket: Bucket, now: number, perSecond: number, burst: number): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** A full bucket at time `now`. */
export function fullBucket(burst: number, now: number): Bucket {
  return { tokens: burst, at: now };
}
