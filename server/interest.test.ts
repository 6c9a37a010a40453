import { Client, type Room } from 'colyseus.js';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { WORLD_ROOM } from '../shared/defaults.ts';
import { VIEW_RADIUS } from '../shared/protocol.ts';
import type { WorldStateView } from '../shared/state.ts';
import { startTestWorld, stopTestWorld, type TestChain } from '../testing/test-chain.ts';
import type { RunningServer } from './main.ts';

/**
 * A crowd joining at once, spread over a region a few view radii wide: every client decodes every
 * patch, and sees exactly the players within VIEW_RADIUS of itself.
 */

let chain: TestChain;
let server: RunningServer;

beforeAll(async () => {
  ({ chain, server } = await startTestWorld());
});

afterAll(() => stopTestWorld({ chain, server }));

it('shows each of 100 concurrently joining players exactly its neighbours', async () => {
  const decodeErrors = vi.spyOn(console, 'error');
  const client = new Client(server.url.replace(/^http/, 'ws'));
  // A fixed spread: a 10 × 10 grid, 13 units apart, so each player has a few neighbours in view.
  const spots = Array.from({ length: 100 }, (_, i) => ({
    x: (i % 10) * 13 - 60,
    z: Math.floor(i / 10) * 13 - 60,
  }));
  const rooms: { room: Room<WorldStateView>; x: number; z: number }[] = [];
  for (let i = 0; i < spots.length; i += 25) {
    await Promise.all(
      spots.slice(i, i + 25).map(async (spot) => {
        const room = await client.joinOrCreate<WorldStateView>(WORLD_ROOM, { spawn: spot });
        room.onMessage('chatHistory', () => undefined);
        rooms.push({ room, ...spot });
      }),
    );
  }
  const expected = (me: { x: number; z: number }) =>
    rooms
      .filter((other) => Math.hypot(other.x - me.x, other.z - me.z) <= VIEW_RADIUS)
      .map((other) => other.room.sessionId)
      .sort();
  const seen = (room: Room<WorldStateView>) => [...(room.state.players?.keys() ?? [])].sort();
  await expect
    .poll(() => rooms.filter((me) => JSON.stringify(seen(me.room)) !== JSON.stringify(expected(me))).length, {
      timeout: 20_000,
      interval: 200,
    })
    .toBe(0);
  const sizes = rooms.map((me) => seen(me.room).length);
  expect(Math.min(...sizes)).toBeGreaterThan(1);
  expect(Math.max(...sizes)).toBeLessThan(rooms.length);
  expect(decodeErrors).not.toHaveBeenCalled();
  await Promise.all(rooms.map(({ room }) => room.leave()));
}, 60_000);
