import { type Client, ClientState } from '@colyseus/core';
import { Decoder, StateView } from '@colyseus/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VIEW_RADIUS } from '../shared/protocol.ts';
import { InterestGrid, syncView } from './interest-grid.ts';
import { ChunkedPatchSerializer } from './patch-serializer.ts';
import { Player, WorldState } from './schema.ts';

/** A client of the test: its view, what it decodes, and the ids its view holds. */
interface Watcher {
  id: string;
  socket: Client;
  decoder: Decoder<WorldState>;
  visible: Set<string>;
}

/** Numbers in [0, 1) from a fixed seed, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

afterEach(() => vi.restoreAllMocks());

describe('ChunkedPatchSerializer', () => {
  it('gives every client exactly the players in its view, where they stand, through walks, joins and leaves', () => {
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    const next = random(3);
    const state = new WorldState();
    const serializer = new ChunkedPatchSerializer<WorldState>(Player);
    serializer.reset(state);
    const grid = new InterestGrid<string>();
    const watchers = new Map<string, Watcher>();
    const near = new Set<string>();
    const playerOf = (id: string) => state.players.get(id);
    const area = VIEW_RADIUS * 3;
    let joined = 0;

    const join = () => {
      const id = `p${joined++}`;
      const player = new Player();
      player.name = id;
      player.x = (next() * 2 - 1) * area;
      player.z = (next() * 2 - 1) * area;
      state.players.set(id, player);
      grid.place(id, player);
      const view = new StateView(true);
      const decoder = new Decoder(new WorldState());
      const socket = {
        state: ClientState.JOINED,
        view,
        raw: (bytes: Buffer) => decoder.decode(bytes, { offset: 1 }),
      } as unknown as Client;
      const watcher = { id, socket, decoder, visible: new Set<string>() };
      watchers.set(id, watcher);
      grid.near(player, near).add(id);
      syncView(view, watcher.visible, near, playerOf);
      decoder.decode(serializer.getFullState(socket), { offset: 1 });
    };
    const leave = (id: string) => {
      state.players.delete(id);
      grid.remove(id);
      watchers.delete(id);
      for (const watcher of watchers.values()) watcher.visible.delete(id);
    };

    for (let i = 0; i < 40; i++) join();
    for (let tick = 0; tick < 60; tick++) {
      for (const [id, player] of state.players) {
        if (next() < 0.3) continue; // some stand still in a patch
        player.x = Math.max(-area, Math.min(area, player.x + (next() - 0.5) * 8));
        player.z = Math.max(-area, Math.min(area, player.z + (next() - 0.5) * 8));
        player.heading = next() * 6;
        grid.place(id, player);
      }
      if (tick % 10 === 3) leave([...watchers.keys()][Math.floor(next() * watchers.size)] as string);
      if (tick % 10 === 7) join();
      for (const watcher of watchers.values()) {
        const me = state.players.get(watcher.id) as Player;
        grid.near(me, near).add(watcher.id);
        syncView(watcher.socket.view as StateView, watcher.visible, near, playerOf);
      }
      state.serverTime = tick;
      serializer.applyPatches([...watchers.values()].map((w) => w.socket));

      for (const watcher of watchers.values()) {
        const seen = watcher.decoder.state.players;
        expect([...seen.keys()].sort(), `${watcher.id} at tick ${tick}`).toEqual([...watcher.visible].sort());
        for (const id of watcher.visible) {
          const truth = state.players.get(id) as Player;
          const decoded = seen.get(id) as Player;
          expect([decoded.x, decoded.z, decoded.name]).toEqual([
            Math.fround(truth.x),
            Math.fround(truth.z),
            id,
          ]);
        }
        expect(watcher.decoder.state.serverTime).toBe(tick);
      }
    }
    // everyone saw someone come and go, and never all
    const sizes = [...watchers.values()].map((w) => w.visible.size);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThan(state.players.size);
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
  });

  it('sends a client no patch when nothing it sees changed, and one when the shared state did', () => {
    const state = new WorldState();
    const serializer = new ChunkedPatchSerializer<WorldState>(Player);
    serializer.reset(state);
    const received = new Map<string, number>();
    const seat = (id: string, x: number) => {
      const player = new Player();
      player.x = x;
      state.players.set(id, player);
      const view = new StateView(true);
      view.add(player);
      const decoder = new Decoder(new WorldState());
      const socket = {
        state: ClientState.JOINED,
        view,
        raw: (bytes: Buffer) => {
          received.set(id, (received.get(id) ?? 0) + 1);
          decoder.decode(bytes, { offset: 1 });
        },
      } as unknown as Client;
      decoder.decode(serializer.getFullState(socket), { offset: 1 });
      return { player, socket, decoder };
    };
    // each sees only itself: far apart
    const walker = seat('walker', 0);
    const idle = seat('idle', 10 * VIEW_RADIUS);
    const sockets = [walker.socket, idle.socket];
    serializer.applyPatches(sockets); // the joins
    received.clear();
    for (let step = 1; step <= 5; step++) {
      walker.player.x = step;
      serializer.applyPatches(sockets);
    }
    expect(received.get('walker')).toBe(5);
    expect(walker.decoder.state.players.get('walker')?.x).toBe(5);
    expect(received.has('idle')).toBe(false);
    // nothing changed at all: nobody gets a patch
    serializer.applyPatches(sockets);
    expect(received.get('walker')).toBe(5);
    // what everyone sees changed: everyone gets it
    state.indexedBlock = 7;
    serializer.applyPatches(sockets);
    expect(received.get('idle')).toBe(1);
    expect(idle.decoder.state.indexedBlock).toBe(7);
    expect(walker.decoder.state.indexedBlock).toBe(7);
  });

  it('refuses a type with @view() fields, whose bytes would differ per view', () => {
    expect(() => new ChunkedPatchSerializer(WorldState)).toThrow(/@view\(\) fields/);
  });
});
