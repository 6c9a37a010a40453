import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // the client and the contracts are built once here; each spec file then starts a world of its own
  // (e2e/fixtures.ts), so the specs run in any order, alone or side by side
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  // one at a time on the 2 cores CI has: a second worker's world and software-WebGL pages made the
  // whole run slower there, not faster (`--workers=2` on a bigger machine)
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 30_000 },
  use: {
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
});
