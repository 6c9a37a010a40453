import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
  TestInfo,
} from '@playwright/test';
import { formatCoords, parcelCoords } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';

/** Players opened by the running test; closed after it, so their pages stop rendering and leave the room. */
const opened: BrowserContext[] = [];
/** Content-Security-Policy violations the running test's pages reported (the server's CSP must fit the game). */
const violations: string[] = [];

/** Records the page's CSP violations (Chromium reports each on the console); checked after each test. */
export function watchCsp(page: Page): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
}

/** Fails the running test on any CSP violation its pages reported. */
export function expectNoCspViolations(): void {
  expect(violations.splice(0)).toEqual([]);
}

/**
 * Closes the running test's players after it. Each spec file calls it at its top level: a hook
 * declared here would bind only to the first spec file that imports this module, and the other
 * files' pages would keep rendering (and loading the machine) through every later test.
 */
export function closePlayersAfterEach(): void {
  test.afterEach(async () => {
    for (const context of opened.splice(0)) await context.close();
    expectNoCspViolations();
  });
}

/**
 * A new player: its own browser context (own burner wallet), the game loaded and online.
 * `prepare` runs on the context before the game loads (e.g. to install a controllable clock);
 * `options` make the context another device (a phone's viewport and touch screen).
 */
export async function openPlayer(
  browser: Browser,
  prepare?: (context: BrowserContext) => Promise<void>,
  options?: BrowserContextOptions,
): Promise<Page> {
  const context = await browser.newContext(options);
  opened.push(context);
  await prepare?.(context);
  const page = await context.newPage();
  watchCsp(page);
  await page.goto('/');
  // The first frames of software WebGL can be slow on a busy machine.
  await expect
    .poll(() => page.evaluate(() => window.__fracterra?.ready() ?? false), { timeout: 120_000 })
    .toBe(true);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/online/);
  return page;
}

/** Page point of a parcel once it is on screen and not under a panel. */
export async function pointOf(page: Page, id: number): Promise<{ x: number; y: number }> {
  await expect
    .poll(() => page.evaluate((parcel) => window.__fracterra?.screenOfParcel(parcel) ?? null, id), {
      message: `parcel ${id} is on screen`,
    })
    .not.toBeNull();
  return (await page.evaluate((parcel) => window.__fracterra?.screenOfParcel(parcel), id)) as {
    x: number;
    y: number;
  };
}

/** Selects parcel `id` with a real click on the map; returns its inspector. */
export async function selectParcel(page: Page, id: number): Promise<Locator> {
  const point = await pointOf(page, id);
  await page.mouse.click(point.x, point.y);
  const inspector = page.getByRole('complementary', { name: `Parcel ${formatCoords(parcelCoords(id))}` });
  await expect(inspector).toBeVisible();
  return inspector;
}

/**
 * A screenshot of each page as a step's artifact: a PNG file in the test's output folder
 * (test-results/…), attached to the report. Several pages are named -A, -B… in order.
 */
export async function snap(testInfo: TestInfo, name: string, ...pages: Page[]): Promise<void> {
  for (const [index, page] of pages.entries()) {
    const file = pages.length === 1 ? name : `${name}-${String.fromCharCode(65 + index)}`;
    const path = testInfo.outputPath(`${file}.png`);
    await page.screenshot({ path });
    await testInfo.attach(file, { path, contentType: 'image/png' });
  }
}
