import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, NO_POSTGRES, startTestPostgres, type TestPostgres } from '../testing/test-postgres.ts';
import { migrate, migrationFiles } from './pg-migrate.ts';
import { PgStore } from './pg-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * One suite, both stores: whatever the database, the records behave the same. Each test gets a
 * fresh place (a directory, a database) and `open()` opens a store on it, again after a close.
 */
interface Backend {
  name: string;
  available: boolean;
  /** A fresh place for one test; returns how to open a store on it. */
  fresh(): Promise<() => Promise<Store>>;
}

const dirs: string[] = [];
let postgres: TestPostgres | undefined;
const backends: Backend[] = [
  {
    name: 'SQLite',
    available: true,
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'fracterra-store-'));
      dirs.push(dir);
      return async () => new SqliteStore(dir);
    },
  },
  {
    name: 'Postgres',
    available: hasPostgres,
    async fresh() {
      if (!postgres) throw new Error('postgres not started');
      const url = await postgres.createDatabase();
      return () => PgStore.open(url);
    },
  },
];
if (!hasPostgres) console.warn(`store.test.ts Postgres suite ${NO_POSTGRES}`);

beforeAll(async () => {
  if (hasPostgres) postgres = await startTestPostgres();
});
afterAll(() => postgres?.stop());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const share = (digest: string, at = 1, parcelId = 7, challenge = '1', address = '0xabc') => ({
  address,
  parcelId,
  challenge: `0x${challenge.repeat(64)}`,
  nonce: `0x${'2'.repeat(64)}`,
  digest,
  difficulty: 65_536,
  at,
});

describe.each(backends)('$name store', (backend) => {
  let open: () => Promise<Store>;
  const test = it.skipIf(!backend.available);
  const fresh = async () => {
    open = await backend.fresh();
    return open();
  };

  test('keeps players, credits each work share once, and survives reopening', async () => {
    const store = await fresh();
    expect(await store.seePlayer('0xabc', 'alice', 'red', 10)).toMatchObject({
      name: 'alice',
      firstSeen: 10,
      sharesAccepted: 0,
    });
    expect(await store.addWorkShare(share('0x01'))).toBe(true);
    expect(await store.addWorkShare(share('0x01', 2))).toBe(false);
    expect(await store.addWorkShare(share('0x02'))).toBe(true);
    await store.renamePlayer('0xabc', 'alice2');
    await store.close();

    const reopened = await open();
    expect(await reopened.seePlayer('0xabc', 'ignored', 'blue', 20)).toMatchObject({
      name: 'alice2',
      color: 'red',
      firstSeen: 10,
      lastSeen: 20,
      sharesAccepted: 2,
    });
    expect((await reopened.workSharesOf('0xabc')).map((s) => s.digest)).toEqual(['0x01', '0x02']);
    await reopened.close();
  });

  test('returns the last chat lines oldest first', async () => {
    const store = await fresh();
    await store.seePlayer('0xabc', 'alice', 'red', 1);
    for (let i = 0; i < 5; i++)
      await store.addChat({ from: '0xabc', name: 'alice', text: `line ${i}`, at: i });
    expect((await store.recentChat(3)).map((line) => line.text)).toEqual(['line 2', 'line 3', 'line 4']);
    expect((await store.seePlayer('0xabc', 'alice', 'red', 2)).chatLines).toBe(5);
    await store.close();
  });

  test('prunes chat to the newest lines and players unseen too long, a bounded batch per run', async () => {
    const store = await fresh();
    for (let i = 0; i < 10; i++)
      await store.addChat({ from: '0xabc', name: 'alice', text: `line ${i}`, at: i });
    await store.seePlayer('0xold', 'old', 'red', 1_000);
    await store.seePlayer('0xolder', 'older', 'red', 500);
    await store.seePlayer('0xnew', 'new', 'red', 9_000);
    const retention = { chatLines: 4, playerIdleMs: 5_000, workShareMs: 5_000, batch: 3 };
    // the oldest rows go first, no more than the batch per run
    expect(await store.prune(10_000, retention)).toEqual({ chatLines: 3, players: 2, workShares: 0 });
    expect((await store.recentChat(100)).map((line) => line.text)).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map((i) => `line ${i}`),
    );
    expect(await store.prune(10_000, retention)).toEqual({ chatLines: 3, players: 0, workShares: 0 });
    expect(await store.prune(10_000, retention)).toEqual({ chatLines: 0, players: 0, workShares: 0 });
    expect((await store.recentChat(100)).map((line) => line.text)).toEqual([
      'line 6',
      'line 7',
      'line 8',
      'line 9',
    ]);
    // a pruned player comes back as new; the one seen recently kept its record
    expect(await store.seePlayer('0xold', 'again', 'blue', 10_000)).toMatchObject({
      name: 'again',
      firstSeen: 10_000,
    });
    expect(await store.seePlayer('0xnew', 'ignored', 'blue', 10_000)).toMatchObject({
      name: 'new',
      firstSeen: 9_000,
    });
    // new lines after pruning still count from the newest
    await store.addChat({ from: '0xabc', name: 'alice', text: 'line 10', at: 10 });
    await store.prune(10_000, retention);
    expect((await store.recentChat(100)).map((line) => line.text)).toEqual([
      'line 7',
      'line 8',
      'line 9',
      'line 10',
    ]);
    await store.close();
  });

  test('prunes old work shares of closed challenges into day totals, keeping what may still come again', async () => {
    const store = await fresh();
    const day = 86_400_000;
    await store.seePlayer('0xabc', 'alice', 'red', 0);
    // parcel 7: challenge 1 on day 0 and day 1, then challenge 2 (challenge 1 is closed)
    const seven = [
      share('0x01', 10, 7, '1'),
      share('0x02', 20, 7, '1'),
      share('0x03', day + 5, 7, '1'),
      share('0x04', day + 6, 7, '2', '0xbob'),
      share('0x05', 3 * day, 7, '2'),
    ];
    // parcel 8: one challenge all along, which may still be open: its shares stay whatever their age
    const eight = [share('0x06', 30, 8, '3'), share('0x07', 40, 8, '3')];
    for (const s of [...seven, ...eight]) expect(await store.addWorkShare(s)).toBe(true);
    const retention = { chatLines: 100, playerIdleMs: 100 * day, workShareMs: day, batch: 2 };
    const now = 2 * day + 10; // shares before day 1 + 10 ms are old
    expect((await store.prune(now, retention)).workShares).toBe(2);
    expect((await store.prune(now, retention)).workShares).toBe(1);
    expect((await store.prune(now, retention)).workShares).toBe(0);
    const digests = async (address: string) => (await store.workSharesOf(address)).map((s) => s.digest);
    // kept: parcel 7's open challenge 2 (old or not), parcel 8's possibly open one
    expect(await digests('0xabc')).toEqual(['0x05', '0x06', '0x07']);
    expect(await digests('0xbob')).toEqual(['0x04']);
    expect(await store.workShareDaysOf('0xabc')).toEqual([
      { address: '0xabc', parcelId: 7, day: 0, shares: 2, hashes: 2 * 65_536 },
      { address: '0xabc', parcelId: 7, day, shares: 1, hashes: 65_536 },
    ]);
    expect(await store.workShareDaysOf('0xbob')).toEqual([]);
    // the kept digests still count as duplicates; the pruned ones stay in the totals
    expect(await store.addWorkShare(share('0x06', now, 8, '3'))).toBe(false);
    expect((await store.seePlayer('0xabc', 'alice', 'red', now)).sharesAccepted).toBe(6);
    // challenge 4 closes challenge 2: its old shares fold, into a day already folded too
    await store.addWorkShare(share('0x08', day + 7, 7, '2'));
    await store.addWorkShare(share('0x09', 4 * day, 7, '4'));
    const later = 4 * day + 10;
    expect((await store.prune(later, retention)).workShares).toBe(2);
    expect((await store.prune(later, retention)).workShares).toBe(1);
    expect(await digests('0xabc')).toEqual(['0x06', '0x07', '0x09']);
    expect((await store.workShareDaysOf('0xabc')).map((d) => [d.day, d.shares])).toEqual([
      [0, 2],
      [day, 2],
      [3 * day, 1],
    ]);
    expect((await store.workShareDaysOf('0xbob')).map((d) => [d.day, d.shares])).toEqual([[day, 1]]);
    await store.close();
  });
});

describe.skipIf(!hasPostgres)('Postgres migrations', () => {
  it('apply in order to a fresh database, once: running them again changes nothing', async () => {
    if (!postgres) throw new Error('postgres not started');
    const url = await postgres.createDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      const files = migrationFiles().map(([version]) => version);
      expect(files[0]).toBe('001_init');
      expect(await migrate(pool)).toEqual(files);
      const tables = async () =>
        (
          await pool.query<{ name: string }>(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
          )
        ).rows.map((row) => row.name);
      const before = await tables();
      expect(before).toEqual([
        'candles',
        'chat',
        'events',
        'hash_rate',
        'holdings',
        'latest',
        'miners',
        'players',
        'schema_migrations',
        'sessions',
        'trades',
        'work_share_days',
        'work_shares',
      ]);
      expect(await migrate(pool)).toEqual([]);
      expect(await tables()).toEqual(before);
      const recorded = await pool.query<{ version: string }>(
        'SELECT version FROM schema_migrations ORDER BY 1',
      );
      expect(recorded.rows.map((row) => row.version)).toEqual(files);
    } finally {
      await pool.end();
    }
  });
});
