/**
 * `npm run bench -- render`: the client's frame rate in headless Chromium with software WebGL
 * (SwiftShader) at 1280 × 720 — the whole 301 × 301 map with 300 spinning rigs and 100 walking
 * avatars (`fps`), and the same with 5,000 structures around where the camera looks
 * (`fpsStructures`; `fpsStructuresPanning` with the camera panning every frame, so the
 * static layers' cache never holds) — against a baseline of one mesh per parcel at 100 × 100
 * in the same run,
 * plus the time from navigation start to the first frame of the world on a cold cache
 * (`firstFrameMs`, the median of FIRST_FRAME_LOADS; `npm run bench -- first-frame` measures it
 * alone), the initial JS the browser downloads (gzip), and Lighthouse's accessibility
 * score of the world page (`lighthouseA11y`). Builds the client into a
 * temporary directory and serves it with a throw-away static server (no game server: the scene
 * is fed through the `window.__fracterra.world` test handle).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import type { ParcelView, PlayerView } from '../shared/state.ts';
import { PARCEL_COUNT, ParcelStatus, parcelId, WORLD_RADIUS } from '../shared/world.ts';

const VIEWPORT = { width: 1280, height: 720 };
const RIGS = 300;
const AVATARS = 100;
/** Claimed parcels (each carries a structure) in the structures scene. */
const STRUCTURES = 5_000;
/** Parcels owned across the map (every 4th), so the texture carries real owner colours. */
const OWNED_EVERY = 4;
/** World units the camera pans each frame in the panning figures (`fpsStructuresPanning`). */
const PAN = 0.25;
/** Frames per measurement, after a warm-up of the same length. */
const FRAMES = 60;
const BASELINE_SIDE = 100;
/** Baseline frames measured (each is slow). */
const BASELINE_FRAMES = 20;
/** Cold loads whose median is `firstFrameMs` (and, separately, `firstFrameCpuMs`). */
const FIRST_FRAME_LOADS = 5;
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-sandbox',
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** The baseline: three.js with one Mesh per parcel, 100 × 100, all in view. */
const BASELINE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><style>html,body{margin:0;overflow:hidden;background:#0d1b2a}</style>
<script type="importmap">{"imports":{"three":"/three/three.module.js"}}</script></head>
<body><script type="module">
import * as THREE from 'three';
const side = ${BASELINE_SIDE};
const renderer = new THREE.WebGLRenderer({ antialias: false });
renderer.setPixelRatio(1);
renderer.setSize(innerWidth, innerHeight);
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x0d1b2a);
const camera = new THREE.PerspectiveCamera(45, innerWidth / innerHeight, 0.5, 2000);
camera.position.set(0, 75, 75);
camera.lookAt(0, 0, 0);
const geometry = new THREE.PlaneGeometry(0.94, 0.94).rotateX(-Math.PI / 2);
const materials = [0x3f5f3a, 0x52703f, 0x8a8170, 0xc0603a, 0x3a7ac0].map((color) => new THREE.MeshBasicMaterial({ color }));
for (let x = 0; x < side; x++)
  for (let y = 0; y < side; y++) {
    const mesh = new THREE.Mesh(geometry, materials[(x * 7 + y * 13) % materials.length]);
    mesh.position.set(x - side / 2 + 0.5, 0, y - side / 2 + 0.5);
    scene.add(mesh);
  }
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
window.measure = (frames) => new Promise((done) => {
  const intervals = [];
  let last = performance.now();
  const tick = () => {
    renderer.render(scene, camera);
    const now = performance.now();
    intervals.push(now - last);
    last = now;
    if (intervals.length > frames) done({ frameMs: median(intervals.slice(1)), drawCalls: renderer.info.render.calls });
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
window.ready = true;
</script></body></html>`;

/**
 * CPU time (ms) used so far by the browser's processes (children of this process), from /proc.
 * Frame intervals swing with whatever else runs on the machine; CPU per frame barely does.
 */
function browserCpuMs(): number {
  const parentOf = new Map<number, number>();
  const ticksOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
      ticksOf.set(Number(entry), Number(fields[11]) + Number(fields[12])); // utime + stime
    } catch {
      // the process ended while we looked
    }
  }
  let ticks = 0;
  for (const [pid, own] of ticksOf) {
    let ancestor = parentOf.get(pid) ?? 0;
    while (ancestor > 1 && ancestor !== process.pid) ancestor = parentOf.get(ancestor) ?? 0;
    if (ancestor === process.pid) ticks += own;
  }
  return ticks * 10; // USER_HZ = 100 on Linux
}

/** Runs `measure(frames)` in the page and adds the browser's CPU time per frame. */
async function measureWithCpu<T extends { frameMs: number }>(
  run: () => Promise<T>,
  frames: number,
): Promise<T & { cpuMsPerFrame: number }> {
  const before = browserCpuMs();
  const result = await run();
  return { ...result, cpuMsPerFrame: (browserCpuMs() - before) / (frames + 1) };
}

/** KB (1000 bytes) of gzip of the JS that index.html loads up front (entry + modulepreloads). */
export async function initialJsGzipKB(outDir: string): Promise<number> {
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const urls = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((match) => match[1] as string);
  let bytes = 0;
  for (const url of new Set(urls)) bytes += gzipSync(await readFile(join(outDir, url))).length;
  return Math.round(bytes / 100) / 10;
}

/** Serves the built client, three's ES modules under /three/, and the baseline page. */
async function serve(outDir: string): Promise<{ url: string; server: Server }> {
  const threeDir = resolve('node_modules/three/build');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/baseline.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(BASELINE_HTML);
      return;
    }
    const [root, rest] = path.startsWith('/three/') ? [threeDir, path.slice(6)] : [outDir, path];
    const file = resolve(join(root, normalize(rest === '/' ? '/index.html' : rest)));
    if (!file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res
        .writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Fixture {
  parcels: ParcelView[];
  players: Array<[string, PlayerView]>;
}

/**
 * The parcels of the `fps` scene: every OWNED_EVERY-th parcel of the map owned (so the texture
 * carries real owner colours, and structures stand all over the map); `fpsStructures`: the
 * STRUCTURES parcels nearest the centre claimed (each with a structure, all within the camera's
 * reach at the default view) and nothing else. Both with the same 300 rigs among them.
 */
type Layout = 'map' | 'structures';

function claimedIds(layout: Layout): number[] {
  if (layout === 'map')
    return Array.from({ length: PARCEL_COUNT }, (_, id) => id).filter((id) => id % OWNED_EVERY === 0);
  const ids: number[] = [];
  // ring by ring out from the centre: a square of ~71 × 71 parcels
  for (let ring = 0; ids.length < STRUCTURES; ring++)
    for (let x = -ring; x <= ring && ids.length < STRUCTURES; x++)
      for (let y = -ring; y <= ring && ids.length < STRUCTURES; y++)
        if (Math.max(Math.abs(x), Math.abs(y)) === ring) ids.push(parcelId(x, y));
  return ids;
}

/** Owners, rigs, buyouts and players for the scene, deterministic (no Math.random). */
function worldFixture(nowSeconds: number, layout: Layout): Fixture {
  const owners = Array.from({ length: 64 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`);
  const parcels: ParcelView[] = [];
  const rigIds = new Set<number>();
  // Rigs on a 20 × 15 block around the centre, where the default camera looks.
  for (let i = 0; i < RIGS; i++) rigIds.add(parcelId((i % 20) * 2 - 20, Math.floor(i / 20) * 2 - 14));
  const claimed = new Set(claimedIds(layout));
  for (let id = 0; id < PARCEL_COUNT; id++) {
    const rig = rigIds.has(id);
    if (!rig && !claimed.has(id)) continue;
    parcels.push({
      id,
      // every kind of structure: towers on co-owned land, workshops where miners work
      status: id % (layout === 'map' ? 97 : 5) === 0 ? ParcelStatus.Fractional : ParcelStatus.Owned,
      owner: owners[id % owners.length] as string,
      vault: '',
      rigLevel: rig ? 1 + (id % 5) : 0,
      hashRate: rig || (layout === 'structures' && id % 7 === 0) ? 1_000 * (1 + (id % 1_000)) : 0,
      auctionEnd: 0,
    });
  }
  for (const [x, y] of [
    [-8, 6],
    [10, -4],
    [3, 12],
  ] as const) {
    const id = parcelId(x, y);
    parcels.push({
      id,
      status: ParcelStatus.Buyout,
      owner: owners[0] as string,
      vault: '',
      rigLevel: 0,
      hashRate: 0,
      auctionEnd: nowSeconds + 600, // a 10-minute countdown
    });
  }
  const players: Array<[string, PlayerView]> = Array.from({ length: AVATARS }, (_, i) => [
    `bench-${i}`,
    {
      address: `guest-bench-${i}`,
      name: `Walker ${i}`,
      color: `hsl(${(i * 37) % 360}, 70%, 55%)`,
      x: (i % 10) * 4 - 18,
      z: Math.floor(i / 10) * 3 - 14,
      heading: 0,
      miningParcel: -1,
      hashRate: 0,
    },
  ]);
  return { parcels, players };
}

interface SceneFigures {
  frameMs: number;
  cpuMsPerFrame: number;
  drawCalls: number;
  playersInView: number;
  structuresDrawn: number;
  dpr: number;
}

/**
 * The page's scene's median frame interval and the browser's CPU time per frame over FRAMES
 * frames (after as many to warm up), with the camera panning `pan` world units before each.
 */
async function measureFrames(page: Page, pan: number) {
  const run = { frames: FRAMES, pan };
  await page.evaluate(({ frames, pan }) => window.__fracterra?.measure(frames, pan), run); // warm-up
  return measureWithCpu(async () => {
    const result = await page.evaluate(({ frames, pan }) => window.__fracterra?.measure(frames, pan), run);
    if (!result) throw new Error('the client did not measure');
    return result;
  }, FRAMES);
}

async function measureScene(page: Page, url: string, layout: Layout): Promise<SceneFigures> {
  await page.goto(`${url}/`);
  await page.waitForFunction(() => window.__fracterra?.ready(), null, { timeout: 60_000 });
  const fixture = worldFixture(Math.floor(Date.now() / 1000), layout);
  await page.evaluate(
    ({ parcels, players, radius }) => {
      const handle = window.__fracterra;
      if (!handle) throw new Error('no test handle');
      handle.world.putParcels(parcels);
      // Players walk in circles with 20 Hz patches, as the room sends them.
      let step = 0;
      setInterval(() => {
        step++;
        for (const [sessionId, view] of players) {
          const angle = step / 20 + view.x;
          handle.world.putPlayer(sessionId, {
            ...view,
            x: Math.max(-radius, view.x + Math.cos(angle) * 2),
            z: view.z + Math.sin(angle) * 2,
            heading: angle,
          });
        }
      }, 50);
    },
    { ...fixture, radius: WORLD_RADIUS },
  );
  // The baseline draws at one device pixel per CSS pixel: so does the scene (no adaptive resolution).
  await page.evaluate(() => window.__fracterra?.holdPixelRatio(1));
  const measured = await measureFrames(page, 0);
  const stats = await page.evaluate(() => window.__fracterra?.stats());
  if (!stats) throw new Error('the client did not report stats');
  await page.screenshot({ path: `bench/results/render-${layout}.png` }).catch(() => undefined);
  return {
    ...measured,
    playersInView: stats.playersInView,
    structuresDrawn: stats.structuresDrawn,
  };
}

/**
 * Navigation start to the first frame of the world in a new browser context, whose HTTP cache is
 * empty (a cold load; the browser itself is warm, as a player's is), and the CPU time the
 * browser's processes spent until then (what the wall-clock time becomes on a machine nobody
 * else uses; the wall clock swings with the load).
 */
async function coldFirstFrame(browser: Browser, url: string): Promise<{ ms: number; cpuMs: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const before = browserCpuMs();
    await page.goto(`${url}/`);
    await page.waitForFunction(() => window.__fracterra?.ready(), null, { timeout: 60_000 });
    const cpuMs = browserCpuMs() - before;
    const ms = await page.evaluate(() => window.__fracterra?.stats().firstFrameMs ?? null);
    if (ms === null) throw new Error('the client did not report its first frame');
    return { ms, cpuMs };
  } finally {
    await context.close();
  }
}

/** The median of FIRST_FRAME_LOADS cold loads (one swings with whatever else the machine runs). */
async function measureFirstFrame(browser: Browser, url: string): Promise<{ ms: number; cpuMs: number }> {
  const loads: Array<{ ms: number; cpuMs: number }> = [];
  for (let i = 0; i < FIRST_FRAME_LOADS; i++) loads.push(await coldFirstFrame(browser, url));
  const middle = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  return { ms: middle(loads.map((load) => load.ms)), cpuMs: middle(loads.map((load) => load.cpuMs)) };
}

/**
 * Lighthouse's accessibility score (0–100) of the world page, in the same software-WebGL
 * Chromium (Lighthouse starts its own, headless).
 */
async function lighthouseAccessibility(url: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    resolve('node_modules/.bin/lighthouse'),
    [
      `${url}/`,
      '--only-categories=accessibility',
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      `--chrome-flags=--headless=new ${CHROMIUM_ARGS.join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout) as { categories: { accessibility: { score: number | null } } };
  const { score } = report.categories.accessibility;
  if (score === null) throw new Error('Lighthouse gave no accessibility score');
  return Math.round(score * 100);
}

async function measureBaseline(
  page: Page,
  url: string,
): Promise<{ frameMs: number; drawCalls: number; cpuMsPerFrame: number }> {
  await page.goto(`${url}/baseline.html`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true, null, {
    timeout: 60_000,
  });
  const measure = (frames: number) =>
    page.evaluate(
      (n) =>
        (
          window as unknown as { measure(n: number): Promise<{ frameMs: number; drawCalls: number }> }
        ).measure(n),
      frames,
    );
  await measure(5); // warm-up (each baseline frame is slow)
  return measureWithCpu(() => measure(BASELINE_FRAMES), BASELINE_FRAMES);
}

/**
 * Builds the client into a temporary directory (with the test handle the scenes are fed and
 * measured through), serves it, and runs `measure` with the page's URL and a Chromium.
 */
async function withBuiltClient<T>(
  measure: (run: { url: string; outDir: string; browser: Browser }) => Promise<T>,
): Promise<T> {
  const outDir = await mkdtemp(join(tmpdir(), 'fracterra-render-'));
  let browser: Browser | null = null;
  let server: Server | null = null;
  try {
    await build({
      configFile: resolve('vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
      // the scene is fed and measured through window.__fracterra, which only test builds carry
      define: { __FRACTERRA_TEST_HANDLE__: 'true' },
    });
    const served = await serve(outDir);
    server = served.server;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    return await measure({ url: served.url, outDir, browser });
  } finally {
    await browser?.close();
    server?.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- first-frame`: the first-frame figures of the render section alone (after a
 * load that warms the browser, as the render section's scenes do), without its frame rates.
 */
export async function benchFirstFrame(): Promise<Record<string, number>> {
  return withBuiltClient(async ({ url, outDir, browser }) => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${url}/`);
    await page.waitForFunction(() => window.__fracterra?.ready(), null, { timeout: 60_000 });
    await page.close();
    const firstFrame = await measureFirstFrame(browser, url);
    return {
      firstFrameMs: firstFrame.ms,
      firstFrameCpuMs: firstFrame.cpuMs,
      bundleGzipKB: await initialJsGzipKB(outDir),
      // the machine's 1-minute load average when done: firstFrameMs is wall clock
      loadAverage: loadavg()[0] as number,
    };
  });
}

export async function benchRender(): Promise<Record<string, number>> {
  return withBuiltClient(async ({ url, outDir, browser }) => {
    const bundleGzipKB = await initialJsGzipKB(outDir);
    const page = await browser.newPage({ viewport: VIEWPORT });
    const scene = await measureScene(page, url, 'map');
    const structures = await measureScene(page, url, 'structures');
    // the same scene with the camera panning every frame: the static layers' cache never holds
    const panning = await measureFrames(page, PAN);
    const baseline = await measureBaseline(page, url);
    const firstFrame = await measureFirstFrame(browser, url);
    await browser.close();
    const lighthouseA11y = await lighthouseAccessibility(url);
    const fps = 1000 / scene.frameMs;
    const fpsStructures = 1000 / structures.frameMs;
    const baselineFps = 1000 / baseline.frameMs;
    return {
      drawCalls: Math.max(scene.drawCalls, structures.drawCalls, panning.drawCalls),
      fps,
      frameMs: scene.frameMs,
      cpuMsPerFrame: scene.cpuMsPerFrame,
      dpr: scene.dpr,
      playersInView: scene.playersInView,
      parcels: PARCEL_COUNT,
      fpsStructures,
      structuresFrameMs: structures.frameMs,
      structuresCpuMsPerFrame: structures.cpuMsPerFrame,
      structuresDrawn: structures.structuresDrawn,
      fpsStructuresPanning: 1000 / panning.frameMs,
      structuresPanningFrameMs: panning.frameMs,
      structuresPanningCpuMsPerFrame: panning.cpuMsPerFrame,
      structuresSpeedup: fpsStructures / baselineFps,
      structuresCpuSpeedup: baseline.cpuMsPerFrame / structures.cpuMsPerFrame,
      firstFrameMs: firstFrame.ms,
      firstFrameCpuMs: firstFrame.cpuMs,
      baselineFps,
      baselineFrameMs: baseline.frameMs,
      baselineCpuMsPerFrame: baseline.cpuMsPerFrame,
      baselineDrawCalls: baseline.drawCalls,
      baselineParcels: BASELINE_SIDE * BASELINE_SIDE,
      speedup: fps / baselineFps,
      cpuSpeedup: baseline.cpuMsPerFrame / scene.cpuMsPerFrame,
      bundleGzipKB,
      lighthouseA11y,
      // the machine's 1-minute load average when done: frame times above are wall clock
      loadAverage: loadavg()[0] as number,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await benchRender());
}
