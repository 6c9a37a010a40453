/**
 * Soak benchmark (DESIGN.md §8, `soak.json`): one game-server process under SOAK_SECONDS (default
 * 600) of 300 clients walking at 10 Hz with churn (a few leave and new ones join every second)
 * and two signed-in miners sending work shares, against a real chain. Reports the server's RSS at
 * the start and the end (and its highest), every error anyone saw, and the patch latency p50/p99
 * of the clients that stay (the server's clock in the patch to the client's receipt).
 *
 * Clients run in child processes (this file, started with SOAK_CLIENTS); as in the server bench
 * only PROBES_PER_PROCESS per process decode patches and measure (and never leave), the others
 * drop patches undecoded.
 */

import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Client, type Room } from 'colyseus.js';
import { Wallet } from 'ethers';
import { freePort } from '../scripts/chain.ts';
import { createWasmDigest } from '../server/work-shares.ts';
import { type Hex, type MiningJob, nonceInJob, toHex32 } from '../shared/pow.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain } from '../testing/test-chain.ts';
import { joinWorld, signInOptions, type TestPlayer } from '../testing/test-client.ts';
import { spawnServer } from '../testing/test-process.ts';
import {
  cpuSeconds,
  dropPatches,
  JOIN_BATCH,
  joinWithRetries,
  MOVE_INTERVAL_MS,
  nextLine,
  onPatchLatency,
  PROBES_PER_PROCESS,
  percentile,
  seededRandom,
  spawnBenchProcess,
  WALK_EDGE,
  type Walker,
  waitForNoClients,
  walk,
  writeReport,
} from './server.ts';

const CLIENTS = 300;
const CLIENTS_PER_PROCESS = 150;
/** Share of the other clients that leave (and are replaced by new ones) each second. */
const CHURN_PER_SECOND = 0.01;
/** Seconds between RSS samples of the server. */
const SAMPLE_S = 5;
/** The miners rest this long between work shares: two players' worth of shares, not two busy cores. */
const MINER_REST_MS = 500;

interface ClientReport {
  latencies: number[];
  /** Server error messages (by code:message type), failed joins and unexpected disconnects. */
  errors: Record<string, number>;
  joins: number;
  leaves: number;
}

// ---- client process -------------------------------------------------------------------------

interface Seat extends Walker {
  probe: boolean;
}

async function runClients(url: string, count: number, seconds: number, seed: number): Promise<void> {
  const next = seededRandom(seed);
  const client = new Client(url.replace(/^http/, 'ws'));
  const report: ClientReport = { latencies: [], errors: {}, joins: 0, leaves: 0 };
  const error = (kind: string) => {
    report.errors[kind] = (report.errors[kind] ?? 0) + 1;
  };
  let measuring = false;
  const seats = new Set<Seat>();

  async function join(probe: boolean): Promise<void> {
    const x = (next() * 2 - 1) * WALK_EDGE;
    const z = (next() * 2 - 1) * WALK_EDGE;
    let room: Room;
    try {
      room = await joinWithRetries(client, { spawn: { x, z } });
    } catch {
      error('join-failed');
      return;
    }
    report.joins++;
    const seat: Seat = { room, x, z, heading: next() * 2 * Math.PI, probe };
    room.onMessage('chatHistory', () => undefined);
    room.onMessage('feedHistory', () => undefined);
    room.onMessage('feed', () => undefined);
    room.onMessage('chat', () => undefined);
    room.onMessage('error', (message: { code: string; type?: string }) =>
      error(message.type ? `${message.code}:${message.type}` : message.code),
    );
    room.onLeave((code) => {
      // 1000: a leave this process asked for; anything else is the server or the network
      if (seats.delete(seat) && code !== 1000) error(`closed-${code}`);
    });
    if (probe) {
      onPatchLatency(room, (ms) => {
        if (measuring) report.latencies.push(ms);
      });
    } else dropPatches(room);
    seats.add(seat);
  }

  for (let i = 0; i < count; i += JOIN_BATCH) {
    await Promise.all(
      Array.from({ length: Math.min(JOIN_BATCH, count - i) }, (_, j) => join(i + j < PROBES_PER_PROCESS)),
    );
  }
  process.stdout.write('ready\n');
  await once(process.stdin, 'data'); // go
  measuring = true;
  const mover = setInterval(() => walk(seats, next), MOVE_INTERVAL_MS);
  const churn = setInterval(() => {
    const leaving = [...seats].filter((seat) => !seat.probe && next() < CHURN_PER_SECOND);
    for (const seat of leaving) {
      seats.delete(seat);
      report.leaves++;
      void seat.room.leave(true);
      void join(false);
    }
  }, 1_000);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  measuring = false;
  clearInterval(mover);
  clearInterval(churn);
  await writeReport(report);
  const last = [...seats];
  seats.clear();
  await Promise.all(last.map((seat) => seat.room.leave(true)));
  process.exit(0);
}

// ---- miners (in the coordinator) --------------------------------------------------------------

interface MinerCount {
  accepted: number;
  refused: number;
}

/**
 * A signed-in player mining `parcel` through the room: asks for a job, searches nonces with the
 * server's own digest, sends each work share found and rests MINER_REST_MS, until `stop()`.
 */
async function startMiner(url: string, key: string, chainId: number, parcel: number) {
  const digest = await createWasmDigest();
  const wallet = new Wallet(key);
  const player: TestPlayer = await joinWorld(url, await signInOptions(url, wallet, chainId));
  const count: MinerCount = { accepted: 0, refused: 0 };
  let job: MiningJob | null = null;
  // nonces count within the job's prefix (a share outside it is refused as work from before the job)
  let counter = 0n;
  let running = true;
  player.room.onMessage('job', (next: MiningJob) => {
    job = next;
    counter = 0n;
  });
  player.room.onMessage('workShareAccepted', () => {
    count.accepted++;
  });
  player.room.onMessage('error', () => {
    count.refused++;
  });
  player.room.send('mine', { parcelId: parcel });
  const loop = (async () => {
    while (running) {
      const current = job as MiningJob | null;
      if (current) {
        const target = BigInt(current.shareTarget);
        // a slice of nonces, then yield: the room's pings must get through
        for (let i = 0; i < 4_096; i++, counter++) {
          const candidate = toHex32(nonceInJob(current.noncePrefix, counter));
          if (BigInt(digest(current.challenge, current.miner as Hex, candidate)) <= target) {
            player.room.send('workShare', { jobId: current.jobId, nonce: candidate });
            counter++;
            await new Promise((resolve) => setTimeout(resolve, MINER_REST_MS));
            break;
          }
        }
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    count,
    async stop() {
      running = false;
      await loop;
      await player.room.leave(true);
    },
  };
}

// ---- coordinator --------------------------------------------------------------------------

/** Resident set of a process, in MB. */
function rssMB(pid: number): number {
  const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kB) / 1024;
}

export async function benchSoak(): Promise<Record<string, number>> {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new Error('SOAK_SECONDS must be a positive number');
  const chain = await startTestChain();
  // each miner mines a parcel of its own (a rig needs a claimed parcel)
  const minerParcels: [number, number][] = [
    [20, 20],
    [-20, 20],
  ];
  for (const [i, [x, y]] of minerParcels.entries()) {
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[i] as string, x, y);
  }
  const port = await freePort();
  const server = await spawnServer({ RPC_URL: chain.rpcUrl, PORT: String(port), DATA_DIR: chain.dataDir });
  const serverPid = server.child.pid as number;
  const processes: ReturnType<typeof spawnBenchProcess>[] = [];
  const miners: Awaited<ReturnType<typeof startMiner>>[] = [];
  try {
    await waitForNoClients(server.url);
    for (let i = 0; i * CLIENTS_PER_PROCESS < CLIENTS; i++) {
      processes.push(
        spawnBenchProcess(import.meta.url, {
          SOAK_CLIENTS: String(Math.min(CLIENTS_PER_PROCESS, CLIENTS - i * CLIENTS_PER_PROCESS)),
          SOAK_URL: server.url,
          SOAK_SECONDS: String(seconds),
          SOAK_SEED: String(1 + i),
        }),
      );
    }
    for (const p of processes) {
      const line = await nextLine(p.lines, 'joining');
      if (line !== 'ready') throw new Error(`client process said ${line}`);
    }
    for (const [i, [x, y]] of minerParcels.entries()) {
      const key = PLAYER_KEYS[i] as string;
      miners.push(await startMiner(server.url, key, chain.deployment.chainId, parcelId(x, y)));
    }
    const rssStart = rssMB(serverPid);
    let rssMax = rssStart;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, rssMB(serverPid));
    }, SAMPLE_S * 1000);
    const cpuStart = cpuSeconds(serverPid);
    const wallStart = performance.now();
    for (const p of processes) p.child.stdin?.write('go\n');
    const reports: ClientReport[] = [];
    for (const p of processes)
      reports.push(JSON.parse(await nextLine(p.lines, 'its report')) as ClientReport);
    clearInterval(sampler);
    const cpu = ((cpuSeconds(serverPid) - cpuStart) / ((performance.now() - wallStart) / 1000)) * 100;
    const rssEnd = rssMB(serverPid);
    const sorted = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const errors: Record<string, number> = {};
    for (const report of reports) {
      for (const [kind, n] of Object.entries(report.errors)) errors[kind] = (errors[kind] ?? 0) + n;
    }
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
    if (errorCount > 0) console.error(`soak: errors ${JSON.stringify(errors)}`);
    const accepted = miners.reduce((sum, m) => sum + m.count.accepted, 0);
    const refused = miners.reduce((sum, m) => sum + m.count.refused, 0);
    return {
      seconds,
      clients: CLIENTS,
      joins: reports.reduce((sum, r) => sum + r.joins, 0),
      leaves: reports.reduce((sum, r) => sum + r.leaves, 0),
      rssStartMB: Math.round(rssStart),
      rssEndMB: Math.round(rssEnd),
      rssMaxMB: Math.round(rssMax),
      errors: errorCount,
      p50ms: percentile(sorted, 50),
      p99ms: percentile(sorted, 99),
      patches: sorted.length,
      cpuPct: Math.round(cpu),
      workSharesAccepted: accepted,
      workSharesRefused: refused,
    };
  } finally {
    for (const miner of miners) await miner.stop();
    for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await server.stop();
    await chain.stop();
  }
}

if (process.env.SOAK_CLIENTS && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runClients(
    process.env.SOAK_URL ?? '',
    Number(process.env.SOAK_CLIENTS),
    Number(process.env.SOAK_SECONDS),
    Number(process.env.SOAK_SEED ?? 1),
  );
}
