/**
 * `npm run bench -- hash`: proof-of-work speed in nonces per second (DESIGN.md §8), all in one
 * run so the ratios compare like with like:
 * - worker1, worker2: the players' miner pool with 1 and 2 Web Workers in headless Chromium
 *   (bench/hash-page, built with Vite to a temporary folder and served on a random local port);
 * - node: the same WebAssembly search loop on Node's main thread;
 * - hashWasm: hash-wasm's keccak-256 called once per nonce, in one browser worker;
 * - native: OpenSSL `sha3-256` on 64-byte inputs, one core (the same permutation and block count),
 *   timed by the wall clock like the rest (`-elapsed`);
 * - creditAccuracy: the rate a real server (child process, local chain) credits ÷ the rate the
 *   miner hashed, after CREDIT_MS of mining through the client's work-share pacing; with it the
 *   work shares the server accepted and refused in that run and those the pacer never sent.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { Wallet } from 'ethers';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { SharePacer } from '../client/features/mining/share-pacer.ts';
import { freePort } from '../scripts/chain.ts';
import { encodePreimage, type MinerProgress, type MiningJob } from '../shared/pow.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain } from '../testing/test-chain.ts';
import { joinWorld, signInOptions } from '../testing/test-client.ts';
import { spawnServer } from '../testing/test-process.ts';
import { createNonceSearch } from '../workers/keccak-search.ts';
import { createMiner } from '../workers/miner.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WARMUP_MS = 1_000;
const MEASURE_MS = 2_000;
/**
 * Every figure is measured this many times, the figures taking turns, and the median is kept:
 * on a shared machine the load drifts, and taking turns exposes all figures to the same drift.
 */
const ROUNDS = 5;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
};

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: join(import.meta.dirname, 'hash-page'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    worker: { format: 'es' },
  });
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://localhost').pathname).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(dir, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

interface BrowserBench {
  worker1(): Promise<number>;
  worker2(): Promise<number>;
  hashWasm(): Promise<number>;
  close(): Promise<void>;
}

async function openBrowserBench(): Promise<BrowserBench> {
  const outDir = join(tmpdir(), `fracterra-hash-bench-${process.pid}`);
  await buildPage(outDir);
  const { server, url } = await serve(outDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-background-networking', '--disable-component-update', '--no-sandbox'],
  });
  const close = async () => {
    await browser.close();
    server.close();
    await rm(outDir, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.hashBench !== undefined);
    const pool = (threads: number) =>
      page.evaluate(([t, w, m]) => (window.hashBench as NonNullable<Window['hashBench']>).pool(t, w, m), [
        threads,
        WARMUP_MS,
        MEASURE_MS,
      ] as const);
    return {
      worker1: () => pool(1),
      worker2: () => pool(2),
      hashWasm: () =>
        page.evaluate(([w, m]) => (window.hashBench as NonNullable<Window['hashBench']>).hashWasm(w, m), [
          WARMUP_MS,
          MEASURE_MS,
        ] as const),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The search loop on this thread, flat out against a target nothing meets. */
async function nodeFigure(): Promise<number> {
  const search = await createNonceSearch();
  search.load(encodePreimage(`0x${'5e'.repeat(32)}`, `0x${'70'.repeat(20)}`, 0n), 0n);
  const pairsPerCall = 1 << 15;
  const run = (ms: number) => {
    const end = performance.now() + ms;
    let pairs = 0;
    while (performance.now() < end) {
      search.search(0, pairsPerCall);
      pairs += pairsPerCall;
    }
    return 2 * pairs;
  };
  run(WARMUP_MS);
  const started = performance.now();
  const hashes = run(MEASURE_MS);
  return (hashes * 1000) / (performance.now() - started);
}

/** OpenSSL's sha3-256 speed on 64-byte inputs: one Keccak-f[1600] per hash, as in our loop. */
async function nativeFigure(): Promise<number> {
  const { stdout } = await promisify(execFile)('openssl', [
    'speed',
    '-elapsed', // wall-clock time, like every other figure here (the default divides by CPU time)
    '-evp',
    'sha3-256',
    '-bytes',
    '64',
    '-seconds',
    String(Math.round(MEASURE_MS / 1000)),
  ]);
  // the last line reads "sha3-256   157811.59k": thousands of bytes per second
  const match = /sha3-256\s+([\d.]+)k\s*$/m.exec(stdout);
  if (!match) throw new Error(`unexpected openssl speed output:\n${stdout}`);
  return (Number(match[1]) * 1000) / 64;
}

/** Mining time before the credited rate is read: the server's whole hash-rate window. */
const CREDIT_MS = 60_000;

/**
 * One miner (the worker's search loop on this thread, as a browser worker runs it) mines a
 * claimed parcel against a real server for CREDIT_MS, sending work shares as the client does
 * (client/features/mining/share-pacer.ts); then the server's credited rate for the address is
 * compared with the hashes done over the same time.
 */
export async function creditFigures(): Promise<Record<string, number>> {
  const chain = await startTestChain();
  const server = await spawnServer({
    RPC_URL: chain.rpcUrl,
    PORT: String(await freePort()),
    DATA_DIR: chain.dataDir,
  });
  const miner = createMiner(createNonceSearch());
  try {
    const wallet = new Wallet(PLAYER_KEYS[0] as string);
    await claimParcel(chain.rpcUrl, chain.deployment, wallet.privateKey, 2, 2);
    const parcel = parcelId(2, 2);
    const player = await joinWorld(
      server.url,
      await signInOptions(server.url, wallet, chain.deployment.chainId),
    );
    await player.until((state) => state.parcels.has(String(parcel)), 'the claimed parcel', 60_000);
    const pacer = new SharePacer(performance.now());
    let hashes = 0;
    let startedAt = 0;
    const onProgress = (progress: MinerProgress) => {
      hashes += progress.hashes;
      for (const share of pacer.offer(progress.found, performance.now())) {
        player.room.send('workShare', { jobId: share.jobId, nonce: share.nonce });
      }
    };
    player.room.onMessage('job', (job: MiningJob) => {
      startedAt ||= performance.now();
      pacer.setJob(job, performance.now());
      void miner.start(job, onProgress);
    });
    player.room.send('mine', { parcelId: parcel });
    await player.message('job');
    await new Promise((resolve) => setTimeout(resolve, CREDIT_MS));
    const local = (hashes * 1000) / (performance.now() - startedAt);
    const credited = player.room.state.players.get(player.room.sessionId)?.hashRate ?? 0;
    await miner.stop();
    const refused = player.received.error.filter((error) => error.type === 'workShare');
    console.error(
      `hash bench: ${Math.round(local)} H/s hashed, ${Math.round(credited)} H/s credited; ` +
        `refusals: ${refused.map((error) => error.code).join(', ') || 'none'}`,
    );
    await player.room.leave();
    return {
      creditAccuracy: Math.round((credited / local) * 1000) / 1000,
      creditLocalRate: Math.round(local),
      creditAccepted: player.received.workShareAccepted.length,
      creditRefused: refused.length,
      creditUnsent: pacer.dropped,
      creditJobs: player.received.job.length,
    };
  } finally {
    await miner.stop();
    await server.stop();
    await chain.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchHash(): Promise<Record<string, number>> {
  const browser = await openBrowserBench();
  const samples: Record<'worker1' | 'worker2' | 'node' | 'hashWasm' | 'native', number[]> = {
    worker1: [],
    worker2: [],
    node: [],
    hashWasm: [],
    native: [],
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      samples.native.push(await nativeFigure());
      samples.worker1.push(await browser.worker1());
      samples.node.push(await nodeFigure());
      samples.worker2.push(await browser.worker2());
      samples.hashWasm.push(await browser.hashWasm());
    }
  } finally {
    await browser.close();
  }
  const worker1 = median(samples.worker1);
  const worker2 = median(samples.worker2);
  const node = median(samples.node);
  const hashWasm = median(samples.hashWasm);
  const native = median(samples.native);
  const ratio = (value: number) => Math.round(value * 1000) / 1000;
  // after the speed figures, so the server and the chain do not share the cores with them
  const credit = await creditFigures();
  return {
    worker1: Math.round(worker1),
    worker2: Math.round(worker2),
    node: Math.round(node),
    hashWasm: Math.round(hashWasm),
    native: Math.round(native),
    worker1ToNative: ratio(worker1 / native),
    worker2ToWorker1: ratio(worker2 / worker1),
    nodeToNative: ratio(node / native),
    worker1ToHashWasm: ratio(worker1 / hashWasm),
    ...credit,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchHash());
}
