import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_MAX_LENGTH, NAME_MAX_LENGTH, RATE_LIMITS, WALK_LIMIT } from '../shared/protocol.ts';
import { SPAWN_POINTS, spawnPoint } from '../shared/spawn.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { startTestWorld, stopTestWorld, type TestChain } from '../testing/test-chain.ts';
import { joinWorld, signInOptions, type TestPlayer } from '../testing/test-client.ts';
import type { RunningServer } from './main.ts';

/** What the room does for avatars: where players appear, jumps, names, and the speaker of a chat line. */

let chain: TestChain;
let server: RunningServer;

beforeAll(async () => {
  ({ chain, server } = await startTestWorld());
});

afterAll(() => stopTestWorld({ chain, server }));

function me(player: TestPlayer) {
  return player.room.state.players.get(player.room.sessionId);
}

async function joined(options: Parameters<typeof joinWorld>[1] = {}): Promise<TestPlayer> {
  const player = await joinWorld(server.url, options);
  await player.until(() => me(player) !== undefined, 'my player');
  return player;
}

const near = (a: { x: number; z: number } | undefined, b: { x: number; z: number }) =>
  a !== undefined && Math.hypot(a.x - b.x, a.z - b.z) < 1e-3;

describe('spawn', () => {
  it('places each join at the next point of the plaza spiral, and a rejoin where it asks', async () => {
    const players = [await joined(), await joined(), await joined()];
    const first = me(players[0] as TestPlayer);
    const n = Array.from({ length: SPAWN_POINTS }, (_, k) => k).find((k) => near(first, spawnPoint(k)));
    expect(n).toBeDefined();
    for (const [i, player] of players.entries()) {
      const spot = spawnPoint((n as number) + i);
      expect(near(me(player), spot), `join ${i}`).toBe(true);
      expect(me(player)?.heading).toBeCloseTo(spot.heading, 5);
    }
    const back = await joined({ spawn: { x: 42, z: -17 } });
    expect(me(back)).toMatchObject({ x: 42, z: -17 });
    // a spot off the walkable map is refused at join
    await expect(joinWorld(server.url, { spawn: { x: WALK_LIMIT + 1, z: 0 } })).rejects.toThrow(/spawn/);
    for (const player of [...players, back]) await player.room.leave();
  });
});

describe('teleport', () => {
  it('jumps anywhere on the map and walks on from there', async () => {
    const player = await joined();
    player.room.send('teleport', { x: 60, z: -40 });
    await player.until(() => near(me(player), { x: 60, z: -40 }), 'the jump');
    player.room.send('move', { x: 60.5, z: -40, heading: 0 });
    await player.until(() => near(me(player), { x: 60.5, z: -40 }), 'a step from there');
    expect(player.received.error).toEqual([]);
    await player.room.leave();
  });

  it('refuses spots off the map and malformed jumps, and stays where it was', async () => {
    const bad = [
      { x: WALK_LIMIT + 0.1, z: 0 },
      { x: 0, z: Number.NaN },
      { x: 1, z: 1, heading: 0 },
      { x: '1', z: 1 },
      {},
    ];
    // one player per jump: every message spends a token of the limit, a refused one too
    await Promise.all(
      bad.map(async (jump) => {
        const player = await joined();
        const start = { x: me(player)?.x ?? 0, z: me(player)?.z ?? 0 };
        player.room.send('teleport', jump);
        const error = await player.message('error');
        expect([error.type, error.code], JSON.stringify(jump)).toEqual(['teleport', 'bad-payload']);
        expect(near(me(player), start)).toBe(true);
        await player.room.leave();
      }),
    );
  });

  it('refuses jumps past the rate limit, keeping the last one let through', async () => {
    const player = await joined();
    for (let i = 0; i <= RATE_LIMITS.teleport.burst; i++) player.room.send('teleport', { x: i, z: 100 });
    const refused = await player.message('error', (e) => e.code === 'rate-limited');
    expect(refused.type).toBe('teleport');
    const last = RATE_LIMITS.teleport.burst - 1;
    await player.until(() => near(me(player), { x: last, z: 100 }), 'the last jump the limit let through');
    await player.room.leave();
  });
});

describe('names', () => {
  it('refuses names of other characters, too long or blank, at join and on rename, and keeps the name', async () => {
    const bad = [
      '<script>x</script>',
      'evil\u202eman',
      'zero\u200bwidth',
      'tab\there',
      'star ★',
      'smile 🙂',
      'x'.repeat(NAME_MAX_LENGTH + 1),
      '   ',
      '',
    ];
    for (const name of bad.slice(0, 3))
      await expect(joinWorld(server.url, { name }), name).rejects.toThrow(/bad join options/);
    const player = await joined({ name: "Zoë O'Hara-Smith" });
    expect(me(player)?.name).toBe("Zoë O'Hara-Smith");
    // one guest per name: every message spends a token of the rename limit, a refused one too
    await Promise.all(
      bad.map(async (name) => {
        const renamer = await joined({ name: 'kept' });
        renamer.room.send('rename', { name });
        const error = await renamer.message('error');
        expect([error.type, error.code], JSON.stringify(name)).toEqual(['rename', 'bad-payload']);
        expect(me(renamer)?.name).toBe('kept');
        await renamer.room.leave();
      }),
    );
    await player.room.leave();
  });

  it('shows a new name to the others, and limits how often it changes', async () => {
    const player = await joined({ name: 'first' });
    const watcher = await joined();
    const seen = () => watcher.room.state.players.get(player.room.sessionId)?.name;
    await watcher.until(() => seen() === 'first', 'the name at join');
    const names = Array.from({ length: RATE_LIMITS.rename.burst + 2 }, (_, i) => `name ${i}`);
    for (const name of names) player.room.send('rename', { name });
    const kept = names[RATE_LIMITS.rename.burst - 1];
    await watcher.until(() => seen() === kept, 'the last name the limit let through');
    await player.until(
      () => player.received.error.filter((e) => e.code === 'rate-limited').length === 2,
      'the refused names',
    );
    expect(player.received.error.every((e) => e.type === 'rename')).toBe(true);
    await player.until(() => me(player)?.name === kept, 'my own name');
    for (const p of [player, watcher]) await p.room.leave();
  });
});

describe('chat bubbles', () => {
  it('names the session that spoke on a live line, never on the history', async () => {
    const wallet = new Wallet(PLAYER_KEYS[0]);
    const speaker = await joined(await signInOptions(server.url, wallet, chain.deployment.chainId));
    const listener = await joined();
    speaker.room.send('chat', { text: 'over here' });
    const line = await listener.message('chat');
    expect(line).toMatchObject({
      from: wallet.address,
      text: 'over here',
      sessionId: speaker.room.sessionId,
    });
    const later = await joined();
    const history = (await later.message('chatHistory')).lines;
    expect(history.at(-1)?.text).toBe('over here');
    expect(history.at(-1)).not.toHaveProperty('sessionId');
    for (const p of [speaker, listener, later]) await p.room.leave();
  });

  it('gives a refused line no bubble: a guest’s line and an oversized one reach no one', async () => {
    const guest = await joined();
    const listener = await joined();
    guest.room.send('chat', { text: 'let me in' });
    guest.room.send('chat', { text: 'x'.repeat(CHAT_MAX_LENGTH + 1) });
    await guest.until(() => guest.received.error.length === 2, 'two refusals');
    expect(guest.received.error.map((e) => [e.type, e.code])).toEqual([
      ['chat', 'not-signed-in'],
      ['chat', 'not-signed-in'],
    ]);
    // a move after the lines: once the listener sees it, any line would have arrived before it
    const to = { x: (me(guest)?.x ?? 0) + 0.25, z: me(guest)?.z ?? 0 };
    guest.room.send('move', { ...to, heading: 0 });
    await listener.until((state) => near(state.players.get(guest.room.sessionId), to), 'the move');
    expect(listener.received.chat).toEqual([]);
    for (const p of [guest, listener]) await p.room.leave();
  });
});
