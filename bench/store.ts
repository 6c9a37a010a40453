/**
 * Store benchmark (`store.json`): how many accepted work shares a second each store records
 * durably — the write every mining player makes about once a second (server/mining/pool.ts
 * shareIntervalMs) — and the p99 of one such write. SQLite: one process, one statement after the
 * other (the room awaits each). Postgres: a real server in a temporary directory (fsync on, as in
 * production), CONCURRENCY writes in flight as from many rooms, through one process's pool.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgStore } from '../server/pg-store.ts';
import { SqliteStore } from '../server/sqlite-store.ts';
import type { Store } from '../server/store.ts';
import { hasPostgres, NO_POSTGRES, startTestPostgres } from '../testing/test-postgres.ts';

const SHARES = 4_000;
const CONCURRENCY = 32;
const PLAYERS = 100;

const share = (i: number) => ({
  address: `0x${(i % PLAYERS).toString(16).padStart(40, '0')}`,
  parcelId: i % 1_000,
  challenge: `0x${'1'.repeat(64)}`,
  nonce: `0x${i.toString(16).padStart(64, '0')}`,
  digest: `0xd${i.toString(16).padStart(63, '0')}`,
  difficulty: 65_536,
  at: Date.now(),
});

/** Shares a second and p99 ms of `SHARES` writes, `concurrency` in flight. */
async function measure(store: Store, concurrency: number): Promise<{ perSec: number; p99ms: number }> {
  for (let i = 0; i < PLAYERS; i++) await store.seePlayer(share(i).address, `p${i}`, 'red', Date.now());
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < SHARES) {
        const i = next++;
        const at = performance.now();
        if (!(await store.addWorkShare(share(i)))) throw new Error(`share ${i} was not credited`);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSec: Math.round(SHARES / seconds),
    p99ms: Number((latencies[Math.floor(latencies.length * 0.99)] ?? 0).toFixed(2)),
  };
}

export async function benchStore(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'fracterra-bench-store-'));
  const sqlite = new SqliteStore(dir);
  const local = await measure(sqlite, 1);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
  const figures: Record<string, number> = { sqliteSharesPerSec: local.perSec, sqliteShareP99ms: local.p99ms };
  if (!hasPostgres) {
    console.warn(`store bench: Postgres figures ${NO_POSTGRES}`);
    return figures;
  }
  const postgres = await startTestPostgres({ durable: true });
  try {
    const store = await PgStore.open(await postgres.createDatabase());
    const shared = await measure(store, CONCURRENCY);
    await store.close();
    return { ...figures, pgSharesPerSec: shared.perSec, pgShareP99ms: shared.p99ms };
  } finally {
    await postgres.stop();
  }
}
