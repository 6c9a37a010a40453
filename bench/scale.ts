/**
 * Scale benchmark (issue 17, `scale.json`): the world as zone rooms (ZONES=1, shared/zones.ts)
 * with Redis and Postgres running, on one server process and on two. Clients spread over the map
 * walk at 10 Hz (each holds the zone rooms in view through client/features/net/zone-link.ts, which
 * sends every move to the zone it stands in and two a second to the others), the rooms patch at
 * 20 Hz; the clients are stepped up until the patch latency's p99 reaches 100 ms (timed by the
 * patches that bring a new server clock, twice a second: bench/server.ts onPatchLatency).
 *
 * - `maxClients_1proc`, `maxClients_2proc`: the most clients of the steps with p99 < 100 ms (and
 *   the load generator keeping up: at least MIN_MOVE_RATE of its moves sent on time).
 * - `handoverMs_p99` (`_<n>proc`): crossers walk to and fro over zone borders (with two
 *   processes, borders between them among them); from the move that crosses to the first patch of
 *   the new zone's room that holds the crosser's avatar.
 * - `p99ms_1000`: the one world room (no zones) of one process with 1,000 clients, as
 *   bench/server.ts measures it (its clients, its probes), with Redis and Postgres behind it.
 * - Per step (`<figure>_<n>proc_<clients>`): p99, the servers' CPU (% of one core, summed), the
 *   load generator's CPU (% of one core: its processes and this one), its move rate and the moves
 *   the servers received a second; `serverCpuMsPerClientS_<n>proc`, server CPU per client and
 *   second. `roomsPerClient`: zone rooms a client holds on average (each takes its moves and
 *   sends it patches).
 * - `redisCmdsPerClientS`, `pgXactPerClientS`, `pgRowWritesPerClientS`: Redis commands
 *   (`INFO stats`) and Postgres transactions and rows written (`pg_stat_database`) per client and
 *   second, in the two-process run (`redisCmdsPerClientS_<n>proc`: Redis in each run). The
 *   per-client figures come from the largest passing step, or the largest step tried when none
 *   passed (`measuredAt_<n>proc` says which).
 * - `serverCpuFixedPct_<n>proc`, `serverCpuMarginalMsPerClientS_<n>proc`: a straight line
 *   through the servers' CPU of the steps whose generator kept up, against their client counts:
 *   what the processes cost with no load clients (their rooms, the placers, the probes) and what
 *   each client adds. `serverCpuMsPerClientS_<n>proc` is the sum of both shares at one count, so
 *   it falls as the clients grow and the fixed part spreads over more of them; a second process
 *   adds a fixed part of its own.
 *
 * The load generator shares the machine's cores with the servers. Its load clients cause the
 * servers the work of real ones (the real ZoneLink, its rooms, its moves, every patch received)
 * at the least CPU of their own (leanRoom: `ws` rather than Node's WebSocket, patches dropped at
 * the socket, a move encoded once for all its rooms); they run in child processes under `nice`
 * (the servers come first when the cores are short; a starved generator shows as a move rate
 * under MIN_MOVE_RATE, and the step counts as failed), and only the probe process
 * (PROBE_WALKERS + the crossers, normal priority) decodes and measures. The CPU a client costs a
 * second, the servers' (s) against the load processes' (g), is in the figures: two cores show
 * at best a ratio of about 2s/(s + g).
 *
 * After the first failed step the client count is bisected (nextCount), so the maxima are not
 * quantized at the steps; `seats_<n>proc_<clients>_p<i>` tells how the placement balanced them.
 *
 * Zone rooms are placed before the clients come: a placer seat per zone, joined through the
 * process that should hold it (server/zone-placement.ts: the process the first join reached),
 * balancing the zones' walkable areas between the processes; the placers keep the rooms open.
 *
 * BENCH_SCALE_STEPS (comma-separated client counts) replaces the steps, for a quick look with
 * small ones; BENCH_SCALE_WORLD_CLIENTS (default 1000, 0 to skip) sizes the world-room round;
 * BENCH_SCALE_NICE (default 10) is the load processes' niceness; BENCH_SCALE_ALL_STEPS=1 goes on
 * past a failed step and bisects nothing (on a loaded machine: the CPU figures of the larger
 * steps all the same).
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Client, Protocol, Room } from 'colyseus.js';
import pg from 'pg';
import { type ZoneEvents, ZoneLink } from '../client/features/net/zone-link.ts';
import { ZONE, ZONE_REACH, ZONE_ROOM, ZONE_SIDE, zoneOf, zonesInView } from '../shared/zones.ts';
import { startTestChain } from '../testing/test-chain.ts';
import { hasPostgres, startTestPostgres } from '../testing/test-postgres.ts';
import { type ServerProcess, spawnClusterProcess } from '../testing/test-process.ts';
import { startTestRedis } from '../testing/test-redis.ts';
import {
  cpuSeconds,
  dropPatches,
  JOIN_BATCH,
  MOVE_INTERVAL_MS,
  measureClients,
  nextLine,
  onPatchLatency,
  percentile,
  seededRandom,
  spawnBenchProcess,
  WALK_EDGE,
  type Walker,
  waitForNoClients,
  walk,
  writeReport,
} from './server.ts';

/**
 * Client counts tried, in order, until one fails: from 50, since on two cores a zone-mode load
 * generator (3.83 rooms a client) runs short of CPU near 200 clients.
 */
const DEFAULT_STEPS = [
  50, 100, 150, 200, 300, 400, 600, 800, 1_000, 1_200, 1_400, 1_600, 1_800, 2_000, 2_400, 2_800,
];
/** p99 patch latency a step must stay under, in ms. */
const P99_LIMIT_MS = 100;
/** Bisection after a failed step ends when the gap is under this share of the passing count... */
const BISECT_GAP = 0.1;
/** ...or under this many clients (the counts tried are multiples of it). */
const BISECT_MIN_GAP = 10;
/** Share of its moves the load generator must send on time for a step to count. */
const MIN_MOVE_RATE = 0.9;
/**
 * Node flags of the load processes: without Node's own WebSocket (undici's), colyseus.js takes
 * the `ws` package's, which leanRoom's receive path needs; it costs less a message sent too.
 */
const LOAD_NODE_FLAGS = ['--no-experimental-websocket'];
/** Load clients per load process. */
const CLIENTS_PER_PROCESS = 200;
/** Probe clients that walk at random and measure every patch. */
const PROBE_WALKERS = 12;
/** Where the crossers walk to and fro, across the border through each point along `axis`. */
const CROSSINGS: { x: number; z: number; axis: 'x' | 'z' }[] = [
  { x: ZONE / 2, z: 0, axis: 'x' },
  { x: -ZONE / 2, z: 0, axis: 'x' },
  { x: 0, z: ZONE / 2, axis: 'z' },
  { x: 0, z: -ZONE / 2, axis: 'z' },
  { x: ZONE / 2, z: ZONE, axis: 'x' },
  { x: -ZONE / 2, z: -ZONE, axis: 'x' },
  { x: ZONE, z: ZONE / 2, axis: 'z' },
  { x: -ZONE, z: -ZONE / 2, axis: 'z' },
];
/** A crosser walks this far either side of its border (world units), 8 units a second. */
const CROSS_REACH = 8;
const STEP = 0.8;
/** Seconds of walking after a step's clients joined, then of measuring. */
const SETTLE_S = 3;
const MEASURE_S = 8;

// ---- client processes ------------------------------------------------------------------------

/** Refusals by their reason's first words (a rate limit, a pass out of reach, an unreachable room). */
type Refusals = Record<string, number>;

function count(refusals: Refusals, reason: string): void {
  const key = reason.slice(0, 40);
  refusals[key] = (refusals[key] ?? 0) + 1;
}

/** Zone link events that do nothing but count refusals and dropped rooms (into the tally's current count). */
function quietEvents(tally: { refusals: Refusals }): ZoneEvents {
  return {
    player: () => undefined,
    playerGone: () => undefined,
    parcels: () => undefined,
    message: () => undefined,
    indexedBlock: () => undefined,
    refused: (_zone, reason) => count(tally.refusals, reason),
    dropped: (_zone, code) => count(tally.refusals, `dropped ${code}`),
  };
}

/** The rooms a link holds now that `seen` has not met yet (a link joins and leaves as it walks). */
function newRooms(link: ZoneLink, seen: WeakSet<Room>): [number, Room][] {
  const fresh: [number, Room][] = [];
  for (const zone of link.zones()) {
    const room = link.room(zone);
    if (room && !seen.has(room)) {
      seen.add(room);
      fresh.push([zone, room]);
    }
  }
  return fresh;
}

/** Each line on stdin: `report` (what happened since the last one) or `stop`. */
async function serveCommands(report: () => unknown, stop: () => Promise<void>): Promise<void> {
  let buffer = '';
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    buffer += chunk.toString();
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const command = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (command === 'report') await writeReport(report());
      else if (command === 'stop') {
        await stop();
        process.exit(0);
      }
      newline = buffer.indexOf('\n');
    }
  }
}

/** A zone link from `spawn`, retried a few times; null (counted as a failed join) when it never came. */
async function connect(
  url: string,
  spawn: { x: number; z: number },
  tally: { refusals: Refusals },
): Promise<ZoneLink | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ZoneLink.connect(url.replace(/^http/, 'ws'), { spawn }, quietEvents(tally));
    } catch (error) {
      if (attempt >= 5) {
        count(tally.refusals, `join failed: ${(error as Error).message}`);
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

/** What a load process sent and received since its last report. */
interface Traffic {
  /** Moves sent, one per room a client holds. */
  moves: number;
  patches: number;
}

/**
 * A recorder in colyseus.js' own Room.send: it encodes a message as a room puts it on the wire,
 * once for all the rooms of a link a move goes to (the zone link hands each the same message).
 */
const encoder = new Room('encoder');
const encoded: { message: unknown; bytes: Uint8Array } = { message: null, bytes: new Uint8Array() };
(encoder as unknown as { connection: { send(data: Uint8Array): void } }).connection = {
  // a copy: a Node Buffer handed to ws is masked in place
  send: (data) => {
    encoded.bytes = new Uint8Array(data);
  },
};

/** What leanRoom uses of the `ws` package's WebSocket (colyseus.js' socket in a load process). */
interface NodeWebSocket {
  onmessage: unknown;
  binaryType: string;
  on(event: 'message', listener: (data: Buffer) => void): void;
  send(data: Uint8Array): void;
}

/**
 * A load client's room made lean, with the server's work unchanged: every patch still arrives
 * and is counted, but is dropped where the socket hands it over (no event, no copy, no decoding);
 * the other messages go on to colyseus.js as before. A move is encoded once for all the rooms of
 * the link that sends it. Needs colyseus.js on the `ws` package (the load processes run without
 * Node's own WebSocket, see LOAD_NODE_FLAGS).
 */
function leanRoom(room: Room, traffic: Traffic): void {
  const connection = (
    room as unknown as {
      connection: {
        transport: { ws: NodeWebSocket };
        events: { onmessage(event: { data: ArrayBuffer }): void };
      };
    }
  ).connection;
  const socket = connection.transport.ws;
  socket.onmessage = null;
  socket.binaryType = 'nodebuffer';
  socket.on('message', (data: Buffer) => {
    if (data[0] === Protocol.ROOM_STATE_PATCH) {
      traffic.patches++;
      return;
    }
    connection.events.onmessage({ data: new Uint8Array(data).buffer });
  });
  const send = room.send.bind(room);
  room.send = (type: string | number, message?: unknown) => {
    if (type !== 'move') return send(type, message);
    if (encoded.message !== message) {
      encoder.send(type, message);
      encoded.message = message;
    }
    traffic.moves++;
    socket.send(encoded.bytes);
  };
}

/** Load clients: zone links that walk and never decode a patch (see leanRoom). */
async function runLoad(urls: string[], count: number, seed: number): Promise<void> {
  const next = seededRandom(seed);
  const tally = { refusals: {} as Refusals };
  const walkers: Walker<ZoneLink>[] = [];
  const lean = new WeakSet<Room>();
  for (let i = 0; i < count; i += JOIN_BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(JOIN_BATCH, count - i) }, async (_, j) => {
        const x = (next() * 2 - 1) * WALK_EDGE;
        const z = (next() * 2 - 1) * WALK_EDGE;
        const link = await connect(urls[(seed + i + j) % urls.length] as string, { x, z }, tally);
        if (link) walkers.push({ room: link, x, z, heading: next() * 2 * Math.PI });
      }),
    );
  }
  let ticks = 0;
  let since = performance.now();
  const traffic: Traffic = { moves: 0, patches: 0 };
  setInterval(() => {
    ticks++;
    walk(walkers, next);
    for (const walker of walkers) for (const [, room] of newRooms(walker.room, lean)) leanRoom(room, traffic);
  }, MOVE_INTERVAL_MS);
  process.stdout.write('ready\n');
  await serveCommands(
    () => {
      const now = performance.now();
      // the share of the 10 Hz ticks that fired: a starved process falls behind
      const report: LoadReport = {
        moveRate: ticks / ((now - since) / MOVE_INTERVAL_MS),
        traffic: { ...traffic },
        refusals: tally.refusals,
      };
      ticks = 0;
      traffic.moves = 0;
      traffic.patches = 0;
      since = now;
      tally.refusals = {};
      return report;
    },
    async () => {
      await Promise.all(walkers.map((walker) => walker.room.close()));
    },
  );
}

interface LoadReport {
  /** The share of the 10 Hz move ticks that fired (a starved process falls behind). */
  moveRate: number;
  traffic: Traffic;
  refusals: Refusals;
}

interface ProbeReport {
  latencies: number[];
  handovers: number[];
  refusals: Refusals;
}

/** A crosser: a link walking to and fro over one border, timing each handover. */
interface Crosser {
  link: ZoneLink;
  at: { x: number; z: number };
  direction: 1 | -1;
  /** The zone walked into and when (ms), until its room shows the avatar. */
  pending: { zone: number; at: number } | null;
}

/** Probe clients: random walkers and crossers that decode every patch and measure. */
async function runProbes(urls: string[], seed: number): Promise<void> {
  const next = seededRandom(seed);
  let report: ProbeReport = { latencies: [], handovers: [], refusals: {} };
  const tally = { refusals: {} as Refusals };
  const seen = new WeakSet<Room>();
  const follow = (link: ZoneLink, crosser: Crosser | null) => {
    for (const [zone, room] of newRooms(link, seen)) {
      onPatchLatency(room, (ms) => report.latencies.push(ms));
      room.onStateChange((state: { players?: { has(id: string): boolean } }) => {
        if (crosser?.pending?.zone === zone && state.players?.has(room.sessionId)) {
          report.handovers.push(Date.now() - crosser.pending.at);
          crosser.pending = null;
        }
      });
    }
  };
  const walkers: Walker<ZoneLink>[] = [];
  for (let i = 0; i < PROBE_WALKERS; i++) {
    const x = (next() * 2 - 1) * WALK_EDGE;
    const z = (next() * 2 - 1) * WALK_EDGE;
    const link = await connect(urls[i % urls.length] as string, { x, z }, tally);
    if (link) walkers.push({ room: link, x, z, heading: next() * 2 * Math.PI });
  }
  const crossers: Crosser[] = [];
  for (const [i, crossing] of CROSSINGS.entries()) {
    const at = { x: crossing.x, z: crossing.z };
    at[crossing.axis] -= CROSS_REACH;
    const link = await connect(urls[i % urls.length] as string, at, tally);
    if (!link) throw new Error(`crosser ${i} could not join`);
    crossers.push({ link, at, direction: 1, pending: null });
  }
  setInterval(() => {
    walk(walkers, next);
    for (const walker of walkers) follow(walker.room, null);
    for (const [i, crosser] of crossers.entries()) {
      const { axis, x, z } = CROSSINGS[i] as (typeof CROSSINGS)[number];
      const border = axis === 'x' ? x : z;
      const from = { ...crosser.at };
      crosser.at[axis] += crosser.direction * STEP;
      if (Math.abs(crosser.at[axis] - border) >= CROSS_REACH)
        crosser.direction = crosser.direction === 1 ? -1 : 1;
      const zone = zoneOf(crosser.at.x, crosser.at.z);
      if (zone !== zoneOf(from.x, from.z)) crosser.pending = { zone, at: Date.now() };
      crosser.link.send('move', { ...crosser.at, heading: 0 });
      follow(crosser.link, crosser);
    }
  }, MOVE_INTERVAL_MS);
  process.stdout.write('ready\n');
  await serveCommands(
    () => {
      const done = { ...report, refusals: tally.refusals };
      report = { latencies: [], handovers: [], refusals: {} };
      tally.refusals = {};
      return done;
    },
    async () => {
      await Promise.all([...walkers.map((w) => w.room.close()), ...crossers.map((c) => c.link.close())]);
    },
  );
}

// ---- coordinator -----------------------------------------------------------------------------

type BenchProcess = ReturnType<typeof spawnBenchProcess>;

/** Client counts of BENCH_SCALE_STEPS, or the default steps. */
function steps(): number[] {
  const asked = process.env.BENCH_SCALE_STEPS;
  if (!asked) return DEFAULT_STEPS;
  const counts = asked.split(',').map(Number);
  if (
    counts.some((n, i) => !Number.isInteger(n) || n < 1 || n > 5_000 || (i > 0 && n <= (counts[i - 1] ?? 0)))
  )
    throw new Error(`BENCH_SCALE_STEPS: rising client counts 1 to 5000, comma-separated, not ${asked}`);
  return counts;
}

/**
 * Zone rooms a client holds on average, spread evenly over the walkable square: each room takes
 * its moves and sends it patches, so this multiplies a client's messages against the world room.
 */
function roomsPerClient(): number {
  const next = seededRandom(7);
  const samples = 100_000;
  let rooms = 0;
  for (let i = 0; i < samples; i++)
    rooms += zonesInView((next() * 2 - 1) * WALK_EDGE, (next() * 2 - 1) * WALK_EDGE).length;
  return rooms / samples;
}

/** Walkable area (square world units) of each zone: the outer ring's zones end at the walk edge. */
function zoneAreas(): number[] {
  const span = (i: number) => {
    const lo = i === -ZONE_REACH ? -WALK_EDGE : i * ZONE - ZONE / 2;
    const hi = i === ZONE_REACH ? WALK_EDGE : i * ZONE + ZONE / 2;
    return hi - lo;
  };
  const areas: number[] = [];
  for (let ix = -ZONE_REACH; ix <= ZONE_REACH; ix++)
    for (let iz = -ZONE_REACH; iz <= ZONE_REACH; iz++)
      areas[zoneOf(ix * ZONE, iz * ZONE)] = span(ix) * span(iz);
  return areas;
}

/** Which of `processes` holds each zone: the largest zones first, each to the least loaded. */
function placeZones(processes: number): number[] {
  const areas = zoneAreas();
  const load = new Array<number>(processes).fill(0);
  const owner: number[] = [];
  for (const zone of [...areas.keys()].sort((a, b) => (areas[b] as number) - (areas[a] as number))) {
    const least = load.indexOf(Math.min(...load));
    owner[zone] = least;
    load[least] = (load[least] as number) + (areas[zone] as number);
  }
  return owner;
}

/** One seat per zone, joined through the process that is to hold the zone's room. */
async function placeRooms(urls: string[]): Promise<Room[]> {
  const owner = placeZones(urls.length);
  const seats: Room[] = [];
  for (let ix = -ZONE_REACH; ix <= ZONE_REACH; ix++) {
    for (let iz = -ZONE_REACH; iz <= ZONE_REACH; iz++) {
      const clamp = (v: number) => Math.max(-WALK_EDGE, Math.min(WALK_EDGE, v));
      const spawn = { x: clamp(ix * ZONE), z: clamp(iz * ZONE) };
      const zone = zoneOf(spawn.x, spawn.z);
      const client = new Client((urls[owner[zone] as number] as string).replace(/^http/, 'ws'));
      const room = await client.joinOrCreate(ZONE_ROOM, { zone, spawn });
      for (const type of ['zonePass', 'chatHistory', 'feedHistory', 'chat', 'feed'])
        room.onMessage(type, () => undefined);
      dropPatches(room);
      seats.push(room);
    }
  }
  return seats;
}

/** Moves the servers at `urls` have received so far, and the seats each holds now (their /metrics). */
async function serverCounters(urls: string[]): Promise<{ moves: number; seats: number[] }> {
  let moves = 0;
  const seats: number[] = [];
  for (const url of urls) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    moves += Number(/^fracterra_messages_total\{type="move"\} (\S+)$/m.exec(metrics)?.[1] ?? 0);
    seats.push(Number(/^fracterra_clients (\S+)$/m.exec(metrics)?.[1] ?? Number.NaN));
  }
  return { moves, seats };
}

function redisCommands(url: string): number {
  const stats = execFileSync('redis-cli', ['-u', url, 'INFO', 'stats'], { encoding: 'utf8' });
  return Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? Number.NaN);
}

/** Transactions committed and rows written so far in the database (the statistics lag ~1 s). */
async function pgCounters(url: string | undefined): Promise<{ xact: number; rows: number }> {
  if (!url) return { xact: Number.NaN, rows: Number.NaN };
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ xact: string; rows: string }>(
      `SELECT xact_commit AS xact, tup_inserted + tup_updated + tup_deleted AS rows
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { xact: Number(rows[0]?.xact), rows: Number(rows[0]?.rows) };
  } finally {
    await client.end();
  }
}

async function expectReady(processes: BenchProcess[]): Promise<void> {
  for (const p of processes) {
    const line = await nextLine(p.lines, 'joining');
    if (line !== 'ready') throw new Error(`bench process said ${line}`);
  }
}

async function reports<T>(processes: BenchProcess[]): Promise<T[]> {
  for (const p of processes) p.child.stdin?.write('report\n');
  const all: T[] = [];
  for (const p of processes) all.push(JSON.parse(await nextLine(p.lines, 'its report')) as T);
  return all;
}

async function stopAll(processes: BenchProcess[]): Promise<void> {
  for (const p of processes) p.child.stdin?.write('stop\n');
  await Promise.all(
    processes.map(async (p) => {
      if (p.child.exitCode !== null) return;
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
      await once(p.child, 'exit');
      clearTimeout(timer);
    }),
  );
}

interface Backends {
  rpcUrl: string;
  dataDir: string;
  redisUrl: string;
  /** A fresh database for each cluster, when Postgres is installed. */
  database(): Promise<string | undefined>;
}

async function startServers(backends: Backends, count: number, zones: boolean) {
  const databaseUrl = await backends.database();
  execFileSync('redis-cli', ['-u', backends.redisUrl, 'FLUSHALL']); // no rooms of the last cluster
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i++)
    servers.push(await spawnClusterProcess({ ...backends, databaseUrl }, zones ? { ZONES: '1' } : {}));
  return { servers, databaseUrl };
}

/** What one step measured. */
interface StepFigures {
  p99: number;
  serverCpu: number;
  generatorCpu: number;
  /** CPU of the load processes alone (% of one core): the part of the generator that grows with the clients. */
  loadCpu: number;
  moveRate: number;
  /** Moves the servers received per second (shared/zones.ts moveDue: the zone stood in takes all). */
  movesPerS: number;
  /** What a load client sent and received a second: every room it holds takes its moves and patches it. */
  movesSentPerClientS: number;
  patchesPerClientS: number;
  /** Seats (connections, the placers' among them) each server process holds. */
  seats: number[];
  handoverP99: number;
  handovers: number[];
  refusals: Refusals;
  redisPerClientS: number;
  pgXactPerClientS: number;
  pgRowsPerClientS: number;
}

/**
 * The client count to try next, given what each count tried did: the steps up to the first
 * failure, then halving the gap between the largest count below it that passed and the failure,
 * until that gap is under BISECT_GAP (of the passing count, at least BISECT_MIN_GAP clients).
 * Null when done. With `allSteps`, every step and no halving.
 */
export function nextCount(steps: number[], passed: Map<number, boolean>, allSteps = false): number | null {
  const failures = [...passed].filter(([, ok]) => !ok).map(([n]) => n);
  const untried = steps.find((n) => n > Math.max(0, ...passed.keys()));
  if (failures.length === 0 || allSteps) return untried ?? null;
  const failed = Math.min(...failures);
  const below = Math.max(0, ...[...passed].filter(([n, ok]) => ok && n < failed).map(([n]) => n));
  if (failed - below <= Math.max(BISECT_MIN_GAP, below * BISECT_GAP)) return null;
  return Math.round((below + failed) / 2 / BISECT_MIN_GAP) * BISECT_MIN_GAP;
}

/** A load process and its clients. */
interface LoadProcess {
  process: BenchProcess;
  clients: number;
}

/** Steps the clients up on `count` zone-mode processes until a step fails, then bisects. */
async function stepUp(backends: Backends, count: number, figures: Record<string, number>) {
  const label = `${count}proc`;
  const { servers, databaseUrl } = await startServers(backends, count, true);
  const urls = servers.map((s) => s.url);
  const pids = servers.map((s) => s.child.pid as number);
  const placers = await placeRooms(urls);
  const probe = spawnBenchProcess(import.meta.url, { BENCH_SCALE_ROLE: 'probe', BENCH_URLS: urls.join(',') });
  const load: LoadProcess[] = [];
  const niceness = Number(process.env.BENCH_SCALE_NICE ?? 10);
  let seed = 2;
  /** Stops load processes (the last first) and starts new ones until `target` clients walk. */
  const loadClients = async (target: number) => {
    const stopping: BenchProcess[] = [];
    while (load.reduce((sum, p) => sum + p.clients, 0) > target)
      stopping.push((load.pop() as LoadProcess).process);
    await stopAll(stopping);
    const added: LoadProcess[] = [];
    for (let clients = load.reduce((sum, p) => sum + p.clients, 0); clients < target; ) {
      const n = Math.min(CLIENTS_PER_PROCESS, target - clients);
      const env = { BENCH_SCALE_ROLE: 'load', BENCH_URLS: urls.join(','), BENCH_CLIENTS: String(n) };
      added.push({
        process: spawnBenchProcess(
          import.meta.url,
          { ...env, BENCH_SEED: String(seed++) },
          { niceness, nodeFlags: LOAD_NODE_FLAGS },
        ),
        clients: n,
      });
      clients += n;
    }
    await expectReady(added.map((p) => p.process));
    load.push(...added);
  };
  type Measured = { clients: number; step: StepFigures };
  const tried = new Map<number, Measured>();
  const passed = new Map<number, boolean>();
  figures[`loadAverage_${label}`] = Number(loadavg()[0]?.toFixed(2));
  try {
    await expectReady([probe]);
    const next = () => nextCount(steps(), passed, Boolean(process.env.BENCH_SCALE_ALL_STEPS));
    for (let clients = next(); clients !== null; clients = next()) {
      await loadClients(clients);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_S * 1000));
      const step = await measureStep(
        probe,
        load.map((p) => p.process),
        { urls, pids },
        backends.redisUrl,
        databaseUrl,
        clients,
      );
      const ok = step.p99 < P99_LIMIT_MS && step.moveRate >= MIN_MOVE_RATE;
      passed.set(clients, ok);
      tried.set(clients, { clients, step });
      for (const [key, value] of [
        ['p99ms', step.p99],
        ['serverCpuPct', step.serverCpu],
        ['generatorCpuPct', step.generatorCpu],
        ['loadCpuPct', step.loadCpu],
        ['moveRate', step.moveRate],
        ['movesPerS', step.movesPerS],
        ['handoverMs', step.handoverP99],
      ] as const)
        figures[`${key}_${label}_${clients}`] = Number(value.toFixed(2));
      for (const [i, seats] of step.seats.entries()) figures[`seats_${label}_${clients}_p${i + 1}`] = seats;
      console.error(
        `scale bench: ${label}, ${clients} clients: p99 ${step.p99} ms, handover p99 ${step.handoverP99} ms, ` +
          `servers ${step.serverCpu.toFixed(0)} % CPU (s ${cpuMsPerClientS(step.serverCpu, clients).toFixed(2)} ms a client-second), ` +
          `generator ${step.generatorCpu.toFixed(0)} % (load processes: g ${cpuMsPerClientS(step.loadCpu, clients).toFixed(2)} ms), ` +
          `seats per process ${step.seats.join('/')}, ` +
          `a client-second ${step.movesSentPerClientS.toFixed(1)} moves sent, ${step.patchesPerClientS.toFixed(1)} patches received, ` +
          `move rate ${step.moveRate.toFixed(2)}, refusals ${JSON.stringify(step.refusals)}, load ${loadavg()[0]?.toFixed(1)}` +
          (ok ? '' : ': failed'),
      );
    }
  } finally {
    await stopAll([probe, ...load.map((p) => p.process)]);
    await Promise.all(placers.map((room) => room.leave().catch(() => undefined)));
    for (const server of servers) await server.stop();
  }
  const best = Math.max(0, ...[...passed].filter(([, ok]) => ok).map(([n]) => n));
  figures[`maxClients_${label}`] = best;
  figures[`stepsTried_${label}`] = tried.size;
  figures[`loadAverageEnd_${label}`] = Number(loadavg()[0]?.toFixed(2));
  // the per-client figures at the largest passing step, the largest tried when none passed
  const measured = tried.get(best || Math.max(0, ...tried.keys()));
  if (measured) {
    const { step } = measured;
    const server = cpuMsPerClientS(step.serverCpu, measured.clients);
    const generator = cpuMsPerClientS(step.loadCpu, measured.clients);
    figures[`measuredAt_${label}`] = measured.clients;
    figures[`serverCpuMsPerClientS_${label}`] = Number(server.toFixed(3));
    figures[`generatorCpuMsPerClientS_${label}`] = Number(generator.toFixed(3));
    figures[`generatorToServerCpu_${label}`] = Number((generator / server).toFixed(2));
    figures[`movesSentPerClientS_${label}`] = Number(step.movesSentPerClientS.toFixed(1));
    figures[`patchesPerClientS_${label}`] = Number(step.patchesPerClientS.toFixed(1));
    figures[`handoverMs_p99_${label}`] = step.handoverP99;
    figures[`redisCmdsPerClientS_${label}`] = Number(step.redisPerClientS.toFixed(3));
  }
  const line = cpuLine(
    [...tried.values()]
      .filter(({ step }) => step.moveRate >= MIN_MOVE_RATE)
      .map(({ clients, step }) => ({ clients, cpuPct: step.serverCpu })),
  );
  if (line) {
    figures[`serverCpuFixedPct_${label}`] = Number(line.fixedPct.toFixed(1));
    figures[`serverCpuMarginalMsPerClientS_${label}`] = Number(line.msPerClientS.toFixed(3));
  }
  return measured ?? null;
}

/**
 * The least-squares line through (clients, server CPU %) points: the CPU at no clients (% of one
 * core) and what each client adds (ms of CPU a client-second). Null without two distinct counts.
 */
export function cpuLine(
  points: { clients: number; cpuPct: number }[],
): { fixedPct: number; msPerClientS: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, p) => sum + p.clients, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.cpuPct, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.clients - meanX) ** 2, 0);
  if (sxx === 0) return null;
  const sxy = points.reduce((sum, p) => sum + (p.clients - meanX) * (p.cpuPct - meanY), 0);
  const slope = sxy / sxx;
  return { fixedPct: meanY - slope * meanX, msPerClientS: cpuMsPerClientS(slope, 1) };
}

/** CPU ms a client-second from a CPU share (% of one core) spent on `clients`. */
function cpuMsPerClientS(cpuPct: number, clients: number): number {
  return (cpuPct * 10) / clients;
}

async function measureStep(
  probe: BenchProcess,
  load: BenchProcess[],
  servers: { urls: string[]; pids: number[] },
  redisUrl: string,
  databaseUrl: string | undefined,
  clients: number,
): Promise<StepFigures> {
  const generatorPids = [probe, ...load].map((p) => p.child.pid as number);
  const loadPids = load.map((p) => p.child.pid as number);
  const cpuOf = (list: number[]) => list.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const ownCpu = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  };
  await reports([probe, ...load]); // from here on
  const start = {
    wall: performance.now(),
    server: cpuOf(servers.pids),
    moves: (await serverCounters(servers.urls)).moves,
    generator: cpuOf(generatorPids) + ownCpu(),
    load: cpuOf(loadPids),
    redis: redisCommands(redisUrl),
    pg: await pgCounters(databaseUrl),
  };
  await new Promise((resolve) => setTimeout(resolve, MEASURE_S * 1000));
  const [probed] = await reports<ProbeReport>([probe]);
  const loaded = await reports<LoadReport>(load);
  const wallS = (performance.now() - start.wall) / 1000;
  const server = cpuOf(servers.pids) - start.server;
  const end = await serverCounters(servers.urls);
  const moves = end.moves - start.moves;
  const generator = cpuOf(generatorPids) + ownCpu() - start.generator;
  const loadCpu = cpuOf(loadPids) - start.load;
  const redis = redisCommands(redisUrl) - start.redis;
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // Postgres' statistics catch up
  const pgEnd = await pgCounters(databaseUrl);
  const latencies = (probed?.latencies ?? []).sort((a, b) => a - b);
  const handovers = (probed?.handovers ?? []).sort((a, b) => a - b);
  const perClientS = (n: number) => n / clients / wallS;
  return {
    p99: percentile(latencies, 99),
    serverCpu: (server / wallS) * 100,
    generatorCpu: (generator / wallS) * 100,
    loadCpu: (loadCpu / wallS) * 100,
    moveRate: Math.min(...loaded.map((r) => r.moveRate)),
    movesPerS: moves / wallS,
    movesSentPerClientS: perClientS(loaded.reduce((sum, r) => sum + r.traffic.moves, 0)),
    patchesPerClientS: perClientS(loaded.reduce((sum, r) => sum + r.traffic.patches, 0)),
    seats: end.seats,
    handoverP99: percentile(handovers, 99),
    handovers,
    refusals: [probed?.refusals ?? {}, ...loaded.map((r) => r.refusals)].reduce((all, some) => {
      for (const [reason, n] of Object.entries(some)) all[reason] = (all[reason] ?? 0) + n;
      return all;
    }, {}),
    redisPerClientS: perClientS(redis),
    pgXactPerClientS: perClientS(pgEnd.xact - start.pg.xact - 2), // our own two reads
    pgRowsPerClientS: perClientS(pgEnd.rows - start.pg.rows),
  };
}

/** The one world room of one process (bench/server.ts's clients and probes), Redis and Postgres behind it. */
async function measureWorldRoom(backends: Backends, clients: number, figures: Record<string, number>) {
  const { servers } = await startServers(backends, 1, false);
  const [server] = servers as [ServerProcess];
  try {
    await waitForNoClients(server.url);
    const round = await measureClients(server.url, server.child.pid as number, clients);
    figures[`p99ms_${clients}`] = round.p99;
    figures[`cpu_${clients}`] = Math.round(round.cpu);
    console.error(
      `scale bench: one world room, ${clients} clients: p99 ${round.p99} ms, ${round.cpu.toFixed(0)} % CPU`,
    );
  } finally {
    await server.stop();
  }
}

export async function benchScale(): Promise<Record<string, number>> {
  const chain = await startTestChain();
  const redis = await startTestRedis();
  const postgres = hasPostgres ? await startTestPostgres({ durable: true }) : undefined;
  if (!postgres) console.error('scale bench: no Postgres installed, the servers keep SQLite files');
  const backends: Backends = {
    rpcUrl: chain.rpcUrl,
    dataDir: chain.dataDir,
    redisUrl: redis.url,
    database: async () => postgres?.createDatabase(),
  };
  const figures: Record<string, number> = {
    loadAverage: Number(loadavg()[0]?.toFixed(2)),
    zoneSize: ZONE,
    zones: ZONE_SIDE * ZONE_SIDE,
    roomsPerClient: Number(roomsPerClient().toFixed(2)),
  };
  try {
    const worldClients = Number(process.env.BENCH_SCALE_WORLD_CLIENTS ?? 1_000);
    if (worldClients > 0) await measureWorldRoom(backends, worldClients, figures);
    await stepUp(backends, 1, figures);
    const two = await stepUp(backends, 2, figures);
    figures.scaleRatio = Number(
      ((figures.maxClients_2proc ?? 0) / (figures.maxClients_1proc || 1)).toFixed(2),
    );
    if (two) {
      figures.handoverMs_p99 = two.step.handoverP99;
      figures.redisCmdsPerClientS = Number(two.step.redisPerClientS.toFixed(3));
      figures.pgXactPerClientS = Number(two.step.pgXactPerClientS.toFixed(4));
      figures.pgRowWritesPerClientS = Number(two.step.pgRowsPerClientS.toFixed(4));
    }
    figures.loadAverageEnd = Number(loadavg()[0]?.toFixed(2));
  } finally {
    await postgres?.stop();
    await redis.stop();
    await chain.stop();
  }
  return figures;
}

if (process.env.BENCH_SCALE_ROLE && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const urls = (process.env.BENCH_URLS ?? '').split(',');
  if (process.env.BENCH_SCALE_ROLE === 'probe') await runProbes(urls, 1);
  else await runLoad(urls, Number(process.env.BENCH_CLIENTS), Number(process.env.BENCH_SEED ?? 2));
}
