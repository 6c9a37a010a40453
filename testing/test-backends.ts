import { startTestChain, type TestChain } from './test-chain.ts';
import { hasPostgres, startTestPostgres, type TestPostgres } from './test-postgres.ts';
import { startTestRedis, type TestRedis } from './test-redis.ts';

/** Test helper: what a cluster of server processes shares: a chain, Redis, and Postgres when installed. */
export interface TestBackends {
  chain: TestChain;
  redis: TestRedis;
  postgres?: TestPostgres;
  /** A fresh database of `postgres`, when there is one. */
  databaseUrl?: string;
  stop(): Promise<void>;
}

export async function startTestBackends(): Promise<TestBackends> {
  const chain = await startTestChain();
  const redis = await startTestRedis();
  const postgres = hasPostgres ? await startTestPostgres() : undefined;
  const databaseUrl = await postgres?.createDatabase();
  return {
    chain,
    redis,
    postgres,
    databaseUrl,
    async stop() {
      await redis.stop();
      await postgres?.stop();
      await chain.stop();
    },
  };
}
