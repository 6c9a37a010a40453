import { describe, expect, it } from 'vitest';
import { readEnv } from './env.ts';

const defaults = { port: 2567, chainPort: 8545, dataDir: './data' };
const key = `0x${'11'.repeat(32)}`;

describe('readEnv', () => {
  it('falls back to the defaults of DESIGN.md §7', () => {
    expect(readEnv({}, defaults)).toEqual({
      port: 2567,
      chainPort: 8545,
      dataDir: './data',
      rpcUrl: undefined,
      deployerKey: undefined,
      redisUrl: undefined,
      publicAddress: undefined,
      confirmations: 0,
      publicOrigins: undefined,
      zones: undefined,
    });
  });

  it('counts 2 confirmations on another network, 0 locally, unless CONFIRMATIONS says; refuses a bad count', () => {
    expect(readEnv({ RPC_URL: 'https://rpc.test', DEPLOYER_KEY: key }, defaults).confirmations).toBe(2);
    expect(
      readEnv({ RPC_URL: 'https://rpc.test', DEPLOYER_KEY: key, CONFIRMATIONS: '0' }, defaults).confirmations,
    ).toBe(0);
    expect(readEnv({ CONFIRMATIONS: '5' }, defaults).confirmations).toBe(5);
    for (const bad of ['-1', '1.5', 'two']) {
      expect(() => readEnv({ CONFIRMATIONS: bad }, defaults)).toThrow(
        /^CONFIRMATIONS must be a whole number/,
      );
    }
  });

  it('reads PUBLIC_ORIGIN as a list of origins and refuses anything else', () => {
    expect(
      readEnv({ PUBLIC_ORIGIN: 'https://play.example, http://localhost:2567/' }, defaults).publicOrigins,
    ).toEqual(['https://play.example', 'http://localhost:2567']);
    for (const bad of ['play.example', 'https://play.example/game', 'ftp://play.example']) {
      expect(() => readEnv({ PUBLIC_ORIGIN: bad }, defaults)).toThrow(/PUBLIC_ORIGIN/);
    }
  });

  it('reads ports, data dir, another network and Redis', () => {
    const env = readEnv(
      {
        PORT: '3000',
        CHAIN_PORT: '9000',
        DATA_DIR: '/tmp/x',
        RPC_URL: 'https://rpc.test',
        DEPLOYER_KEY: key,
        REDIS_URL: 'redis://127.0.0.1:6380',
        DATABASE_URL: 'postgres://game@db.test/fracterra',
      },
      defaults,
    );
    expect(env).toMatchObject({
      port: 3000,
      chainPort: 9000,
      dataDir: '/tmp/x',
      rpcUrl: 'https://rpc.test',
      deployerKey: key,
    });
    expect(env.redisUrl).toBe('redis://127.0.0.1:6380');
    expect(env.databaseUrl).toBe('postgres://game@db.test/fracterra');
    expect(readEnv({ ZONES: '1' }, defaults).zones).toBe(true);
    expect(readEnv({ PUBLIC_ADDRESS: '127.0.0.1:3000' }, defaults).publicAddress).toBe('127.0.0.1:3000');
    expect(readEnv({ REDIS_URL: 'redis://127.0.0.1:6380', ZONES: '0' }, defaults).zones).toBe(false);
  });

  it('says in words what is wrong with a bad value', () => {
    expect(() => readEnv({ PORT: 'eighty' }, defaults)).toThrow(/PORT must be a TCP port/);
    expect(() => readEnv({ CHAIN_PORT: '70000' }, defaults)).toThrow(/CHAIN_PORT/);
    expect(() => readEnv({ RPC_URL: 'https://rpc.test' }, defaults)).toThrow(/DEPLOYER_KEY/);
    expect(() => readEnv({ ZONES: 'yes' }, defaults)).toThrow(/ZONES must be 0/);
    expect(() => readEnv({ PUBLIC_ADDRESS: 'http://play.example' }, defaults)).toThrow(/PUBLIC_ADDRESS/);
    expect(() => readEnv({ RPC_URL: 'https://rpc.test', DEPLOYER_KEY: '0x12' }, defaults)).toThrow(/64 hex/);
    expect(() => readEnv({ RPC_URL: 'ftp://x', DEPLOYER_KEY: key }, defaults)).toThrow(/http/);
    // a SQLite path or a MySQL URL is not a Postgres database: refused, not silently ignored
    expect(() => readEnv({ DATABASE_URL: './data/x.sqlite' }, defaults)).toThrow(
      /DATABASE_URL must be a postgres/,
    );
  });
});
