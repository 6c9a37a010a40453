import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedis, NO_REDIS, startTestRedis, type TestRedis } from '../testing/test-redis.ts';
import { until } from '../testing/wait.ts';
import { LeasePresence, RedisLease } from './cluster-lease.ts';

/** The lease against a real Redis: one holder at a time, handed on when the holder goes. */

if (!hasRedis) console.warn(`cluster-lease.test.ts ${NO_REDIS}`);

const log = pino({ level: 'silent' });
/** Short leases: a takeover within a second. */
const MS = 600;

let redis: TestRedis;
const presences: LeasePresence[] = [];

function contender(key: string): RedisLease {
  const presence = new LeasePresence(redis.url);
  presences.push(presence);
  return new RedisLease(presence, key, log, MS);
}

describe.skipIf(!hasRedis)('RedisLease', () => {
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const presence of presences) presence.shutdown();
    await redis?.stop();
  });

  it('has one holder; a stopped holder hands it on at once', async () => {
    const a = contender('lease-a');
    const b = contender('lease-a');
    a.start();
    await until(() => a.held, 'a to hold');
    b.start();
    // b tries every third of a lease: a few tries, all refused while a renews
    await new Promise((resolve) => setTimeout(resolve, MS * 2));
    expect([a.held, b.held]).toEqual([true, false]);
    await a.stop();
    expect(a.held).toBe(false);
    await until(() => b.held, 'b to take over');
    await b.stop();
  });

  it('expires when its holder stops renewing without a goodbye, and the other takes it', async () => {
    const a = contender('lease-b');
    const b = contender('lease-b');
    a.start();
    await until(() => a.held, 'a to hold');
    b.start();
    // a's connection to Redis dies: it can renew nothing and releases nothing
    presences.splice(presences.indexOf(a.presence), 1);
    a.presence.shutdown();
    await until(() => b.held, 'b to take over after the lease ran out');
    await until(() => !a.held, 'a to notice it lost the lease');
    await b.stop();
    await a.stop();
  });

  it('is dropped by a holder whose key another owner now has', async () => {
    const a = contender('lease-c');
    a.start();
    await until(() => a.held, 'a to hold');
    // the key expired while a was stalled and someone else took it
    await a.presence.del('lease-c');
    expect(await a.presence.takeLease('lease-c', 'someone-else', 60_000)).toBe(true);
    await until(() => !a.held, 'a to drop the lease');
    await a.stop();
    // a's stop did not release someone else's lease
    expect(await a.presence.get('lease-c')).toBe('someone-else');
  });
});
