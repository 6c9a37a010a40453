import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // each spec file starts its own world (e2e/fixtures.ts) from the client and contracts built once here
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
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
