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

const share = (digest: string, at = 1) => ({
  address: '0xabc',
  parcelId: 7,
  challenge: `0x${'1'.repeat(64)}`,
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
    const retention = { chatLines: 4, playerIdleMs: 5_000, batch: 3 };
    // the oldest rows go first, no more than the batch per run
    expect(await store.prune(10_000, retention)).toEqual({ chatLines: 3, players: 2 });
    expect((await store.recentChat(100)).map((line) => line.text)).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map((i) => `line ${i}`),
    );
    expect(await store.prune(10_000, retention)).toEqual({ chatLines: 3, players: 0 });
    expect(await store.prune(10_000, retention)).toEqual({ chatLines: 0, players: 0 });
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
      expect(before).toEqual(['chat', 'players', 'schema_migrations', 'sessions', 'work_shares']);
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
