import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The config is loaded by the runner and again by each worker: choose once, pass on through env.
process.env.E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000));
process.env.E2E_CHAIN_PORT ??= String(Number(process.env.E2E_PORT) + 1);
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'fracterra-e2e-'));
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 30_000 },
  use: {
    baseURL,
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
    // off: the players' contexts are made with browser.newContext(), and the runner's tracing of
    // such contexts intermittently failed their close() with ENOENT on its own trace files; the
    // specs attach a screenshot of every step instead
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-sandbox',
      ],
    },
  },
  // The real `npm start` path: local chain, deploy, server, built client, on throw-away ports and data.
  webServer: {
    command: 'tsx scripts/start.ts',
    url: `${baseURL}/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: process.env.E2E_PORT,
      CHAIN_PORT: process.env.E2E_CHAIN_PORT,
      DATA_DIR: process.env.E2E_DATA_DIR,
      // the pages are at 127.0.0.1 (baseURL), not the localhost of the default origin
      PUBLIC_ORIGIN: baseURL,
      // the specs read the game through window.__fracterra, which only test builds carry
      FRACTERRA_TEST_HANDLE: '1',
      // a test-low ORE target (one hash in 2^16 solves, so a browser tab lands solutions in seconds)
      // and a 10-ORE rig: one solution on the player's own parcel (5 + 5 ORE at level 1) pays for it
      DEPLOY_PARAMS: JSON.stringify({
        oreInitialTarget: `0x${(2n ** 240n).toString(16)}`,
        rigBaseCost: String(10n * 10n ** 18n),
      }),
    },
  },
});
