import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { startTestWorld, stopTestWorld, type TestWorld } from '../testing/test-chain.ts';
import { joinWorld, signInOptions } from '../testing/test-client.ts';
import { hasPostgres, NO_POSTGRES, startTestPostgres, type TestPostgres } from '../testing/test-postgres.ts';
import { PgStore } from './pg-store.ts';

/** The game server on a Postgres store (DATABASE_URL): what it keeps, and what it says when the database goes. */

if (!hasPostgres) console.warn(`pg-world.test.ts ${NO_POSTGRES}`);

let postgres: TestPostgres;
let databaseUrl: string;
let world: Partial<TestWorld> = {};
const alice = new Wallet(PLAYER_KEYS[0]);

describe.skipIf(!hasPostgres)('a world on Postgres', () => {
  beforeAll(async () => {
    postgres = await startTestPostgres();
    databaseUrl = await postgres.createDatabase();
    world = await startTestWorld({ server: { databaseUrl } });
  });
  afterAll(async () => {
    await stopTestWorld(world);
    await postgres?.stop();
  });

  const signIn = (wallet: Wallet) =>
    signInOptions(world.server?.url ?? '', wallet, world.chain?.deployment.chainId ?? 0);

  it('keeps players and chat in the database, and a late joiner gets the chat', async () => {
    const url = world.server?.url ?? '';
    const speaker = await joinWorld(url, { ...(await signIn(alice)), name: 'alice-pg' });
    speaker.room.send('chat', { text: 'kept in postgres' });
    await speaker.message('chat', (line) => line.text === 'kept in postgres');
    const late = await joinWorld(url);
    const history = await late.message('chatHistory');
    expect(history.lines.map((line) => line.text)).toContain('kept in postgres');

    const store = await PgStore.open(databaseUrl);
    expect(await store.seePlayer(alice.address, 'ignored', 'blue', Date.now())).toMatchObject({
      name: 'alice-pg',
      chatLines: 1,
    });
    await store.close();
    await speaker.room.leave();
    await late.room.leave();
  });

  it('refuses a chat line with a reason when the database is away, and shows it to nobody', async () => {
    const url = world.server?.url ?? '';
    const speaker = await joinWorld(url, await signIn(alice));
    const listener = await joinWorld(url);
    await postgres.stop();
    speaker.room.send('chat', { text: 'nowhere to keep this' });
    const refusal = await speaker.message('error', (error) => error.type === 'chat');
    expect(refusal).toMatchObject({
      code: 'store-unavailable',
      message: expect.stringMatching(/could not record/),
    });
    // the refusal came once the store failed: by then the line had gone to nobody
    expect(listener.received.chat.map((line) => line.text)).not.toContain('nowhere to keep this');
    expect(speaker.received.chat.map((line) => line.text)).not.toContain('nowhere to keep this');
    // a join needs the player's record and the chat history: refused with the reason, not the
    // database's own words (its address among them)
    const refused = joinWorld(url, await signIn(alice));
    await expect(refused).rejects.toThrow(/could not read its records; try again/);
    await expect(joinWorld(url, await signIn(alice))).rejects.not.toThrow(/127\.0\.0\.1|ECONNREFUSED/);
    await speaker.room.leave();
    await listener.room.leave();
  });
});
