/**
 * CPU of one patch tick of the world room's state, in this process, without sockets or a load
 * generator: `clients` players spread over the walkable square, every one walking each tick (as
 * the server bench's clients do at 10 Hz between 20 Hz patches, every player changes in every
 * patch or the next), a quarter of the views refreshed from the interest grid each tick (the
 * room's round, each view every 200 ms), and a serializer's applyPatches to clients that only count the bytes. Whatever the shared
 * machine does, the CPU time of the tick is the same work, so serializers compare fairly here.
 *
 * `npx tsx bench/patch-cpu.ts` prints Colyseus' serializer against the chunked one; under `node
 * --cpu-prof` it is the profile of the tick alone.
 */

import { pathToFileURL } from 'node:url';
import { type Client, ClientState, SchemaSerializer } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { InterestGrid, syncView } from '../server/interest-grid.ts';
import { ChunkedPatchSerializer } from '../server/patch-serializer.ts';
import { Player, WorldState } from '../server/schema.ts';
import { seededRandom, WALK_EDGE } from './server.ts';

/** Ticks measured, after WARMUP_TICKS the JIT and the first full patches take. */
const TICKS = 100;
const WARMUP_TICKS = 20;
/** Every view is refreshed every fourth patch (200 ms at 20 Hz), a quarter of them each patch. */
const INTEREST_EVERY = 4;
/** World units a player walks per tick: 8 units/s at 20 Hz. */
const STEP = 0.4;

export interface PatchCpu {
  /** CPU milliseconds per tick: interest updates (averaged over the ticks) and the patch. */
  interestMs: number;
  encodeMs: number;
  /** Bytes sent to all clients per tick. */
  bytes: number;
}

interface Seat {
  id: string;
  player: Player;
  heading: number;
  view: StateView;
  visible: Set<string>;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** One patch tick's CPU with `serializer` for `clients` walking players (see the module note). */
export function measurePatchCpu(serializer: SchemaSerializer<WorldState>, clients: number): PatchCpu {
  const next = seededRandom(7);
  const state = new WorldState();
  serializer.reset(state);
  const grid = new InterestGrid<string>();
  const seats: Seat[] = [];
  let bytes = 0;
  const sockets: Client[] = [];
  for (let i = 0; i < clients; i++) {
    const player = new Player();
    player.address = `guest-${i}`;
    player.name = `Walker ${i}`;
    player.x = (next() * 2 - 1) * WALK_EDGE;
    player.z = (next() * 2 - 1) * WALK_EDGE;
    const id = `s${i}`;
    state.players.set(id, player);
    grid.place(id, player);
    const seat = {
      id,
      player,
      heading: next() * 2 * Math.PI,
      view: new StateView(true),
      visible: new Set<string>(),
    };
    seats.push(seat);
    const socket = {
      state: ClientState.JOINED,
      view: seat.view,
      raw: (data: Buffer) => {
        bytes += data.length;
      },
    };
    sockets.push(socket as unknown as Client);
  }
  const near = new Set<string>();
  const playerOf = (id: string) => state.players.get(id);
  let cursor = 0;
  /** The room's round: a quarter of the views at each patch. */
  const refreshViews = () => {
    for (let i = 0; i < Math.ceil(clients / INTEREST_EVERY); i++) {
      cursor = (cursor + 1) % clients;
      const seat = seats[cursor] as Seat;
      grid.near(seat.player, near).add(seat.id);
      syncView(seat.view, seat.visible, near, playerOf);
    }
  };
  const walk = () => {
    for (const seat of seats) {
      seat.heading += (next() - 0.5) * 0.3;
      const x = seat.player.x + Math.cos(seat.heading) * STEP;
      const z = seat.player.z + Math.sin(seat.heading) * STEP;
      if (Math.abs(x) > WALK_EDGE || Math.abs(z) > WALK_EDGE) {
        seat.heading += Math.PI;
        continue;
      }
      seat.player.x = x;
      seat.player.z = z;
      seat.player.heading = seat.heading % (2 * Math.PI);
      grid.place(seat.id, seat.player);
    }
  };
  let interestMs = 0;
  let encodeMs = 0;
  for (let tick = 0; tick < WARMUP_TICKS + TICKS; tick++) {
    if (tick === WARMUP_TICKS) {
      interestMs = 0;
      encodeMs = 0;
      bytes = 0;
    }
    walk();
    let start = process.cpuUsage();
    refreshViews();
    interestMs += cpuMs(start);
    state.serverTime = Date.now();
    start = process.cpuUsage();
    serializer.applyPatches(sockets);
    encodeMs += cpuMs(start);
  }
  return { interestMs: interestMs / TICKS, encodeMs: encodeMs / TICKS, bytes: bytes / TICKS };
}

/** Both serializers at `clients`, for the server bench's figures. */
export function comparePatchCpu(clients: number): { colyseus: PatchCpu; chunked: PatchCpu } {
  return {
    colyseus: measurePatchCpu(new SchemaSerializer<WorldState>(), clients),
    chunked: measurePatchCpu(new ChunkedPatchSerializer<WorldState>(Player), clients),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const clients = Number(process.env.BENCH_CLIENTS ?? 1_000);
  const only = process.env.BENCH_SERIALIZER;
  for (const [name, make] of [
    ['colyseus', () => new SchemaSerializer<WorldState>()],
    ['chunked', () => new ChunkedPatchSerializer<WorldState>(Player)],
  ] as const) {
    if (only && only !== name) continue;
    const cpu = measurePatchCpu(make(), clients);
    console.log(
      `${name}: ${clients} clients: interest ${cpu.interestMs.toFixed(2)} ms, patch ${cpu.encodeMs.toFixed(2)} ms CPU per tick, ${(cpu.bytes / 1024).toFixed(0)} KiB per tick`,
    );
  }
}
