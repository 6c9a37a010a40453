/**
 * Server benchmark (DESIGN.md §8, `server.json`): N headless colyseus.js clients against one
 * game-server process, each moving at 10 Hz, the room patching at 20 Hz. For N = 100, 250, 500,
 * 1,000: p50/p99 patch latency (the server's clock in the patch to the client's receipt, same
 * machine) and the server process's CPU (% of one core). Also work-share verifications per second
 * on one core, and the lag from a claim's receipt to its parcel patch. `sentKB`: what a browser
 * receives over the network for the first view of the production client (compressed bytes).
 *
 * The clients run in child processes (this file, started with BENCH_CLIENTS). On a 2-core box
 * the clients' own decoding would dominate the latency, so only PROBES_PER_PROCESS clients per
 * process decode patches and measure; the others send their moves and receive every patch (the
 * server's work is the same) but skip decoding it.
 *
 * Wall-clock latency on a shared box is noisy, so each round also gives the server's own CPU:
 * `cpuPerTickMs_N`, the process's CPU per 50 ms of the window (the budget of one 20 Hz tick; over
 * 50 it cannot keep up), and `patchCpuMs_N`, the CPU of one tick itself as the room counts it in
 * /metrics (interest updates, encoding and the socket writes), over `ticksPerS_N` ticks a second
 * (20 when the process gets the core it asks for). BENCH_SERVER_CLIENTS=1000 measures only the rounds listed (no client build, no
 * indexer, verification or page figures); BENCH_CPU_PROF=1 runs the server under `node
 * --cpu-prof` and writes the top self-time items of the last round's measurement to
 * `bench/results/server-profile.json`. `tickPatchMs_*`/`tickInterestMs_*`: one patch tick of
 * 1,000 walking players measured in this process (bench/patch-cpu.ts), Colyseus' own serializer
 * against the chunked one the room uses: the same work, whatever else the machine runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client, type Room } from 'colyseus.js';
import { Wallet } from 'ethers';
import { chromium } from 'playwright-core';
import { buildClientIfStale } from '../scripts/build.ts';
import { freePort } from '../scripts/chain.ts';
import { MiningPool } from '../server/mining/pool.ts';
import { createWasmDigest } from '../server/work-shares.ts';
import { WORLD_ROOM } from '../shared/defaults.ts';
import { type Hex, nonceInJob, toHex32 } from '../shared/pow.ts';
import { WALK_LIMIT } from '../shared/protocol.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain } from '../testing/test-chain.ts';
import { joinWorld } from '../testing/test-client.ts';
import { spawnServer } from '../testing/test-process.ts';
import { monotonicMicros, readProfile, topSelfTime } from './cpu-profile.ts';
import { CHROMIUM_ARGS } from './render.ts';

const CLIENT_COUNTS = [100, 250, 500, 1_000];
/** The room's patch interval (server/world-room.ts EVERY_MS.patch). */
const PATCH_MS = 50;
/** Players of the in-process tick measurement (bench/patch-cpu.ts). */
const PATCH_CPU_CLIENTS = 1_000;
/** Self-time items the profile summary names. */
const PROFILE_TOP = 12;
/** Clients per client process. */
const CLIENTS_PER_PROCESS = 250;
/** Joins in flight per client process: more, and a loaded box lets seat reservations expire (15 s). */
export const JOIN_BATCH = 10;
/** Clients per process that decode every patch and measure its latency. */
export const PROBES_PER_PROCESS = 10;
/** Seconds of moving before and during the measurement. */
const WARMUP_S = 3;
const MEASURE_S = 10;
export const MOVE_INTERVAL_MS = 100; // 10 Hz
/** World units per move: 8 units/s, under MAX_WALK_SPEED. */
const STEP = 0.8;
/** Linux clock ticks per second of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100;

interface ClientReport {
  latencies: number[];
  refused: Record<string, number>;
}

// ---- client process -------------------------------------------------------------------------

/**
 * Joins, retrying a few times: on a loaded box a matchmaking request now and then meets a
 * keep-alive socket the server is closing ("socket hang up").
 */
export async function joinWithRetries(client: Client, options: object): Promise<Room> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.joinOrCreate(WORLD_ROOM, options);
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** Numbers in [0, 1) from `seed`: a small LCG, so every run spreads its clients alike. */
export function seededRandom(seed: number): () => number {
  let random = seed;
  return () => {
    random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
    return random / 2 ** 31;
  };
}

/** How far from the centre bench avatars walk (world units), inside the walkable square. */
export const WALK_EDGE = WALK_LIMIT - 5;

/** What a walker sends its moves through: a room, or a zone link (all the rooms it holds). */
export interface MoveSink {
  send(type: 'move', message: { x: number; z: number; heading: number }): unknown;
}

/** A bench client's avatar: its room, where it stands and which way it walks. */
export interface Walker<R extends MoveSink = Room> {
  room: R;
  x: number;
  z: number;
  heading: number;
}

/** One step of every walker: a random turn, STEP forward (sent as a move), back at the edge. */
export function walk(walkers: Iterable<Walker<MoveSink>>, next: () => number): void {
  for (const seat of walkers) {
    seat.heading += (next() - 0.5) * 0.6;
    const x = seat.x + Math.cos(seat.heading) * STEP;
    const z = seat.z + Math.sin(seat.heading) * STEP;
    if (Math.abs(x) > WALK_EDGE || Math.abs(z) > WALK_EDGE) {
      seat.heading += Math.PI;
      continue;
    }
    seat.x = x;
    seat.z = z;
    seat.room.send('move', { x, z, heading: seat.heading });
  }
}

async function runClients(url: string, count: number, seed: number): Promise<void> {
  const next = seededRandom(seed);
  const rooms: Walker[] = [];
  const latencies: number[] = [];
  /** Messages the server refused, by error code (a healthy run has none). */
  const refused: Record<string, number> = {};
  let measuring = false;
  const client = new Client(url.replace(/^http/, 'ws'));
  for (let i = 0; i < count; i += JOIN_BATCH) {
    const batch = Array.from({ length: Math.min(JOIN_BATCH, count - i) }, async () => {
      const x = (next() * 2 - 1) * WALK_EDGE;
      const z = (next() * 2 - 1) * WALK_EDGE;
      const room = await joinWithRetries(client, { spawn: { x, z } });
      room.onMessage('chatHistory', () => undefined);
      room.onMessage('feedHistory', () => undefined);
      room.onMessage('error', (error: { code: string }) => {
        refused[error.code] = (refused[error.code] ?? 0) + 1;
      });
      const seat = { room, x, z, heading: next() * 2 * Math.PI };
      if (rooms.length < PROBES_PER_PROCESS) {
        onPatchLatency(room, (ms) => {
          if (measuring) latencies.push(ms);
        });
      } else dropPatches(room);
      rooms.push(seat);
    });
    await Promise.all(batch);
  }
  process.stdout.write('ready\n');
  await once(process.stdin, 'data'); // go
  const mover = setInterval(() => walk(rooms, next), MOVE_INTERVAL_MS);
  await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, MEASURE_S * 1000));
  measuring = false;
  clearInterval(mover);
  const report: ClientReport = { latencies, refused };
  await writeReport(report);
  await Promise.all(rooms.map((seat) => seat.room.leave()));
  process.exit(0);
}

/**
 * Calls `latency` with the age of each patch that brings a new server clock: the room writes it
 * into a patch that goes out anyway, at most twice a second (server/world-room.ts EVERY_MS.clock),
 * so a patch without it says nothing of its own age.
 */
export function onPatchLatency(room: Room, latency: (ms: number) => void): void {
  let clock = 0;
  room.onStateChange((state: { serverTime?: number }) => {
    if (!state.serverTime || state.serverTime === clock) return;
    clock = state.serverTime;
    latency(Date.now() - clock);
  });
}

/** A load client's room: patches arrive and are dropped undecoded (colyseus.js internals). */
export function dropPatches(room: Room): void {
  (room as unknown as { serializer: { patch: () => void } }).serializer.patch = () => undefined;
}

// ---- coordinator --------------------------------------------------------------------------

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** User + system CPU seconds of a process so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
}

function spawnClients(url: string, count: number, seed: number) {
  return spawnBenchProcess(import.meta.url, {
    BENCH_CLIENTS: String(count),
    BENCH_URL: url,
    BENCH_SEED: String(seed),
  });
}

/**
 * Runs the bench module at `moduleUrl` in a child process with `env` (under `nice -n niceness`
 * when given, Node started with `nodeFlags`); its stdout by lines.
 */
export function spawnBenchProcess(
  moduleUrl: string,
  env: Record<string, string>,
  { niceness = 0, nodeFlags = [] as string[] } = {},
): { child: ChildProcess; lines: AsyncIterator<string> } {
  const node = [process.execPath, ...nodeFlags, '--import', 'tsx', fileURLToPath(moduleUrl)];
  const command = niceness > 0 ? ['nice', '-n', String(niceness), ...node] : node;
  const child = spawn(command[0] as string, command.slice(1), {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = (async function* () {
    let buffer = '';
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        yield buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
  })();
  return { child, lines };
}

/**
 * Writes a client process's report line and waits until it is flushed: stdout to a pipe is
 * asynchronous, and a process that exits right after a large write (ten minutes of latencies)
 * loses its tail, so the coordinator never sees the line.
 */
export function writeReport(report: unknown): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(`${JSON.stringify(report)}\n`, (error) => (error ? reject(error) : resolve())),
  );
}

export async function nextLine(lines: AsyncIterator<string>, what: string): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error(`client process ended before ${what}`);
  return value;
}

/** The patch-tick counters of the server's /metrics. */
async function patchCounters(url: string): Promise<{ ticks: number; cpuSeconds: number }> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  return {
    ticks: read('fracterra_patch_ticks_total'),
    cpuSeconds: read('fracterra_patch_cpu_seconds_total'),
  };
}

export async function measureClients(url: string, serverPid: number, count: number) {
  const processes = Array.from({ length: Math.ceil(count / CLIENTS_PER_PROCESS) }, (_, i) =>
    spawnClients(url, Math.min(CLIENTS_PER_PROCESS, count - i * CLIENTS_PER_PROCESS), 1 + i),
  );
  for (const p of processes) {
    const line = await nextLine(p.lines, 'joining');
    if (line !== 'ready') throw new Error(`client process said ${line}`);
  }
  for (const p of processes) p.child.stdin?.write('go\n');
  await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));
  const cpuStart = cpuSeconds(serverPid);
  const wallStart = performance.now();
  const ticksStart = await patchCounters(url);
  const window = { from: monotonicMicros(), to: 0 };
  const reports: ClientReport[] = [];
  for (const p of processes) reports.push(JSON.parse(await nextLine(p.lines, 'its report')) as ClientReport);
  window.to = monotonicMicros();
  const ticksEnd = await patchCounters(url);
  const wallS = (performance.now() - wallStart) / 1000;
  const cpuS = cpuSeconds(serverPid) - cpuStart;
  const cpu = (cpuS / wallS) * 100;
  const ticks = ticksEnd.ticks - ticksStart.ticks;
  const cpuPerTickMs = (cpuS * 1000) / (wallS * (1000 / PATCH_MS));
  const patchCpuMs = ((ticksEnd.cpuSeconds - ticksStart.cpuSeconds) * 1000) / ticks;
  await Promise.all(processes.map((p) => (p.child.exitCode === null ? once(p.child, 'exit') : undefined)));
  const sorted = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const refused = reports.reduce((sum, r) => sum + Object.values(r.refused).reduce((a, b) => a + b, 0), 0);
  if (refused > 0)
    console.error(`server bench: ${count} clients: refused ${JSON.stringify(reports.map((r) => r.refused))}`);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpu,
    cpuPerTickMs,
    patchCpuMs,
    ticksPerS: ticks / wallS,
    window,
    samples: sorted.length,
    refused,
  };
}

/** Seconds of the idle measurement, after IDLE_SETTLE_S for the indexer's replay and start-up. */
const IDLE_SETTLE_S = 3;
const IDLE_MEASURE_S = 10;

/**
 * CPU of the server process (% of one core) with no player connected and no transaction on the
 * chain: what a quiet game costs. The chain indexer's polling is most of it.
 */
async function measureIdleCpu(url: string, serverPid: number): Promise<number> {
  await waitForNoClients(url);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_S * 1000));
  const cpuStart = cpuSeconds(serverPid);
  const wallStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MEASURE_S * 1000));
  return ((cpuSeconds(serverPid) - cpuStart) / ((performance.now() - wallStart) / 1000)) * 100;
}

/** Waits until the server counts no connected clients (the previous round has left). */
export async function waitForNoClients(url: string): Promise<void> {
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    if (/^fracterra_clients 0$/m.test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Work-share verifications per second on one core through the pool's verdict path with the
 * digest the room gives it (WebAssembly Keccak), shares never meeting the target.
 */
async function measureVerification(): Promise<number> {
  const miner = new Wallet(PLAYER_KEYS[0]).address as Hex;
  const pool = new MiningPool({
    initialDifficulty: 1n << 40n,
    maxDifficulty: 1n << 40n,
    digest: await createWasmDigest(),
  });
  pool.setChallenge(1, toHex32(0xc0ffeen), 0);
  const job = pool.issueJob(miner, 1, 0);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < 2_000) {
    for (let i = 0; i < 1_000; i++) {
      pool.submitShare(miner, job.jobId, toHex32(nonceInJob(job.noncePrefix, BigInt(count++))), 1);
    }
  }
  return count / ((performance.now() - start) / 1000);
}

/** Milliseconds from a claim's receipt to the parcel's patch at a client (median of several). */
async function measureIndexerLag(
  url: string,
  chain: Awaited<ReturnType<typeof startTestChain>>,
): Promise<number> {
  const watcher = await joinWorld(url);
  const lags: number[] = [];
  for (let i = 0; i < 9; i++) {
    const id = parcelId(100 + i, -100);
    const receipt = await claimParcel(
      chain.rpcUrl,
      chain.deployment,
      PLAYER_KEYS[i % PLAYER_KEYS.length] as string,
      100 + i,
      -100,
    );
    const at = Date.now();
    void receipt;
    await watcher.until((state) => state.parcels.has(String(id)), `parcel ${id}`);
    lags.push(Date.now() - at);
  }
  await watcher.room.leave();
  return lags.sort((a, b) => a - b)[Math.floor(lags.length / 2)] as number;
}

/**
 * KiB a fresh Chromium receives (Chrome's encodedDataLength: headers and bodies as sent, i.e.
 * compressed) for the first view of the page at `url`: until it is online in the world and the
 * network is quiet.
 */
async function measureSentKB(url: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
    });
    await page.goto(url);
    await page
      .getByRole('status', { name: 'Connection' })
      .filter({ hasText: 'online' })
      .waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    return Math.round(bytes / 1024);
  } finally {
    await browser.close();
  }
}

/** Client counts of BENCH_SERVER_CLIENTS (comma-separated), or null for the whole bench. */
function askedCounts(): number[] | null {
  const asked = process.env.BENCH_SERVER_CLIENTS;
  if (!asked) return null;
  const counts = asked.split(',').map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 5_000))
    throw new Error(`BENCH_SERVER_CLIENTS: client counts 1 to 5000, comma-separated, not ${asked}`);
  return counts;
}

/** The profile's top self-time items over `window`, printed and written beside the figures. */
async function writeProfileSummary(dir: string, count: number, window: { from: number; to: number }) {
  const top = topSelfTime(
    await readProfile(dir, window.from, window.to),
    window.from,
    window.to,
    PROFILE_TOP,
  );
  console.error(`server bench: ${count} clients: profile top self time`);
  for (const item of top) console.error(`  ${item.selfPct.toFixed(1).padStart(5)} %  ${item.fn}`);
  writeFileSync('bench/results/server-profile.json', `${JSON.stringify({ clients: count, top }, null, 2)}\n`);
}

export async function benchServer(): Promise<Record<string, number>> {
  const counts = askedCounts();
  if (!counts) await buildClientIfStale(); // the server serves dist/: the production build of the sources
  const chain = await startTestChain();
  const port = await freePort();
  const profileDir = process.env.BENCH_CPU_PROF ? mkdtempSync(join(tmpdir(), 'fracterra-prof-')) : null;
  const server = await spawnServer({
    RPC_URL: chain.rpcUrl,
    PORT: String(port),
    DATA_DIR: chain.dataDir,
    ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
  });
  const figures: Record<string, number> = {};
  let lastWindow: { count: number; window: { from: number; to: number } } | null = null;
  try {
    const serverPid = server.child.pid;
    if (serverPid === undefined) throw new Error('no server pid');
    figures.loadAverage = Number(loadavg()[0]?.toFixed(2)); // other processes on this box, for context
    figures.idleCpuPct = Number((await measureIdleCpu(server.url, serverPid)).toFixed(2));
    console.error(`server bench: idle server CPU ${figures.idleCpuPct}%`);
    for (const count of counts ?? CLIENT_COUNTS) {
      await waitForNoClients(server.url);
      const round = await measureClients(server.url, serverPid, count);
      const { p50, p99, cpu, samples, refused } = round;
      figures[`refused_${count}`] = refused;
      figures[`p50ms_${count}`] = p50;
      figures[`p99ms_${count}`] = p99;
      figures[`cpu_${count}`] = Math.round(cpu);
      figures[`cpuPerTickMs_${count}`] = Number(round.cpuPerTickMs.toFixed(2));
      figures[`patchCpuMs_${count}`] = Number(round.patchCpuMs.toFixed(2));
      figures[`ticksPerS_${count}`] = Number(round.ticksPerS.toFixed(1));
      figures[`patches_${count}`] = samples;
      lastWindow = { count, window: round.window };
      console.error(
        `server bench: ${count} clients: p50 ${p50} ms, p99 ${p99} ms, server CPU ${cpu.toFixed(0)}%, ` +
          `${round.cpuPerTickMs.toFixed(2)} ms CPU per tick, ${round.patchCpuMs.toFixed(2)} ms in each of ${round.ticksPerS.toFixed(1)} ticks/s`,
      );
    }
    figures.loadAverageEnd = Number(loadavg()[0]?.toFixed(2));
    // the same tick in this process, Colyseus' serializer against ours (bench/patch-cpu.ts)
    const { comparePatchCpu } = await import('./patch-cpu.ts');
    const tick = comparePatchCpu(PATCH_CPU_CLIENTS);
    figures.tickInterestMs_colyseus = Number(tick.colyseus.interestMs.toFixed(2));
    figures.tickPatchMs_colyseus = Number(tick.colyseus.encodeMs.toFixed(2));
    figures.tickInterestMs_chunked = Number(tick.chunked.interestMs.toFixed(2));
    figures.tickPatchMs_chunked = Number(tick.chunked.encodeMs.toFixed(2));
    console.error(
      `server bench: one tick of ${PATCH_CPU_CLIENTS} walking players in-process: ${JSON.stringify(tick)}`,
    );
    if (!counts) {
      figures.indexerLagMs = await measureIndexerLag(server.url, chain);
      figures.verifyPerSec = Math.round(await measureVerification());
      figures.sentKB = await measureSentKB(server.url);
    }
  } finally {
    await server.stop();
    await chain.stop();
  }
  if (profileDir) {
    try {
      if (lastWindow) await writeProfileSummary(profileDir, lastWindow.count, lastWindow.window);
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  }
  return figures;
}

if (process.env.BENCH_CLIENTS && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runClients(
    process.env.BENCH_URL ?? '',
    Number(process.env.BENCH_CLIENTS),
    Number(process.env.BENCH_SEED ?? 1),
  );
}
