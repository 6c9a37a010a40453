import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expectAccessible, focusOf } from './a11y.ts';
import { expectInViewport, nearCentre, parcelSpacing, touches } from './devices.ts';
import { expect, test } from './fixtures.ts';
import {
  act,
  claimIn,
  confirmed,
  connect,
  fractionalizeIn,
  openFundedPlayer,
  stopMining,
} from './game-steps.ts';
import { closePlayersAfterEach, pointOf, selectParcel, snap } from './players.ts';

closePlayersAfterEach();

/**
 * The README's pictures of the world (kept small: JPEG), rewritten by a run with
 * `UPDATE_SCREENSHOTS=1`; other runs only attach their screenshots to the report, so a test run
 * leaves the tree as it found it.
 */
async function readmeShot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const path = fileURLToPath(new URL(`../docs/screenshots/${name}.jpg`, import.meta.url));
  await page.screenshot({ path, type: 'jpeg', quality: 70 });
}

/** How far (world units) the page's avatar is from where it stood when this was called, as a function to poll. */
async function walkFrom(page: Page): Promise<() => Promise<number>> {
  const start = await page.evaluate(() => window.__fracterra?.me());
  return async () => {
    const now = await page.evaluate(() => window.__fracterra?.me());
    return Math.hypot((now?.x ?? 0) - (start?.x ?? 0), (now?.z ?? 0) - (start?.z ?? 0));
  };
}

/** Waits until the guide shows `step` ticked. */
async function ticked(page: Page, step: string) {
  await expect(page.getByTestId(`guide-${step}`)).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
}

/** A reload of the game, waited on until it draws and is online again. */
async function reload(page: Page) {
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => window.__fracterra?.ready() ?? false), { timeout: 120_000 })
    .toBe(true);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/online/);
}

test('a first visit teaches itself: the guide ticks walk, claim, fractionalize, buy, stake and mine as they are done, the control hints go once used, and both are remembered', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(480_000);
  const { provider } = await connect(baseURL);
  const a = await openFundedPlayer(browser, provider);
  const b = await openFundedPlayer(browser, provider);
  const guide = b.page.getByRole('region', { name: /^First steps/ });
  const hints = b.page.getByRole('list', { name: 'Controls' });

  await test.step('a new player sees the guide with nothing done, the control hints and a chat box that says what it is for', async () => {
    await expect(guide.getByRole('heading')).toHaveText('First steps · 0/6');
    for (const step of ['walk', 'claim', 'fractionalize', 'buy', 'stake', 'mine'])
      await expect(guide.getByTestId(`guide-${step}`)).toHaveAttribute('data-done', 'false');
    await expect(guide.getByTestId('guide-next')).toHaveText(
      'Next: Walk your avatar with W, A, S, D or the arrow keys (on a touch screen, the arrow pad).',
    );
    await expect(hints.getByRole('listitem')).toHaveText([
      'W A S D or arrows: walk',
      'Drag: move the map',
      'Wheel: zoom',
      'Click a parcel: see it',
    ]);
    await expect(b.page.getByRole('textbox', { name: 'Message' })).toHaveAttribute(
      'placeholder',
      'Say something to everyone here',
    );
    await snap(testInfo, '1-first-visit', b.page);
    await readmeShot(b.page, 'first-visit');
  });

  await test.step('walking, dragging and zooming tick the walk and take their hints away', async () => {
    const walked = await walkFrom(b.page);
    await b.page.keyboard.down('KeyW');
    await expect.poll(walked).toBeGreaterThan(3);
    await b.page.keyboard.up('KeyW');
    await ticked(b.page, 'walk');
    await b.page.mouse.move(640, 300);
    await b.page.mouse.down();
    await b.page.mouse.move(600, 280, { steps: 5 });
    await b.page.mouse.up();
    await b.page.mouse.wheel(0, -100);
    await expect(hints.getByRole('listitem')).toHaveText(['Click a parcel: see it']);
    await expect(guide.getByRole('heading')).toHaveText('First steps · 1/6');
    await expect(guide.getByTestId('guide-next')).toHaveText(
      'Next: Pick a free parcel on the map and press Claim.',
    );
    await snap(testInfo, '2-walked', b.page);
  });

  const own = await nearCentre(b.page, -2, 1);
  const inspector =
    await test.step('claiming and fractionalizing a parcel tick both steps; picking one takes the last hint away', async () => {
      const inspector = await selectParcel(b.page, own);
      await expect(hints).toHaveCount(0);
      await claimIn(inspector);
      await ticked(b.page, 'claim');
      await fractionalizeIn(inspector);
      await ticked(b.page, 'fractionalize');
      await snap(testInfo, '3-fractionalized', b.page);
      return inspector;
    });

  await test.step("buying shares of another player's parcel ticks the buy, staking them the stake", async () => {
    const theirs = await nearCentre(a.page, 3, -2);
    const inspectorA = await selectParcel(a.page, theirs);
    await claimIn(inspectorA);
    await fractionalizeIn(inspectorA);
    await expect(b.page.getByTestId('guide-buy')).toHaveAttribute('data-done', 'false');

    const inspectorB = await selectParcel(b.page, theirs);
    const offering = inspectorB.getByRole('region', { name: 'Offering' });
    await act(offering, { 'Shares to buy': '20' }, 'Buy shares');
    await confirmed(offering);
    await ticked(b.page, 'buy');
    const staking = inspectorB.getByRole('region', { name: 'Staking' });
    await act(staking, { 'Shares to stake or withdraw': '10' }, 'Stake');
    await confirmed(staking);
    await ticked(b.page, 'stake');
    await snap(testInfo, '4-bought-and-staked', b.page);
  });

  await test.step('mining on the own parcel until the server accepts work ticks the last step: all done', async () => {
    await selectParcel(b.page, own);
    const mining = b.page.getByRole('region', { name: 'Mining' });
    await mining.getByRole('button', { name: 'Start mining here' }).click();
    await ticked(b.page, 'mine');
    await expect(guide.getByRole('heading')).toHaveText('First steps · 6/6');
    await expect(guide.getByRole('status')).toHaveText(/^All done/);
    await snap(testInfo, '5-all-done', b.page);
    await readmeShot(b.page, 'co-owned');
    await stopMining(mining, provider, b.address);
    await expect(inspector).toBeVisible();
  });

  await test.step('a reload keeps the ticks and the used hints; a dismissed guide stays dismissed', async () => {
    await reload(b.page);
    await expect(guide.getByRole('heading')).toHaveText('First steps · 6/6');
    await expect(hints).toHaveCount(0);
    await guide.getByRole('button', { name: 'Dismiss the guide' }).click();
    await expect(guide).toHaveCount(0);
    await reload(b.page);
    await expect(guide).toHaveCount(0);
    await snap(testInfo, '6-dismissed', b.page);
  });
  provider.destroy();
});

test('a 390×844 touch screen plays the game: the arrow pad walks, drag pans, pinch zooms, a tap picks a parcel, its panels rise as a bottom sheet to claim, fractionalize and stake in; portfolio and market fit', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const { provider } = await connect(baseURL);
  const phone = await openFundedPlayer(browser, provider, undefined, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 1,
  });
  const { page } = phone;
  const hints = page.getByRole('list', { name: 'Controls' });
  const fingers = await touches(page);

  await test.step('the first view fits the phone: touch hints, the guide folded, nothing wider than the screen', async () => {
    await expect(hints.getByRole('listitem')).toHaveText([
      'Arrow pad: walk',
      'Drag: move the map',
      'Pinch: zoom',
      'Tap a parcel: see it',
    ]);
    const guide = page.getByRole('region', { name: /^First steps/ });
    await expect(guide.getByRole('button', { name: 'Show' })).toHaveAttribute('aria-expanded', 'false');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectInViewport(page, page.getByRole('region', { name: 'Wallet' }));
    await expectInViewport(page, guide);
    await snap(testInfo, 'phone-1-first-view', page);
  });

  await test.step('holding the arrow pad walks the avatar: the guide ticks its first step', async () => {
    const walked = await walkFrom(page);
    const arrow = await page.getByRole('button', { name: 'Walk forward' }).boundingBox();
    expect(arrow).not.toBeNull();
    const release = await fingers.hold({
      x: (arrow?.x ?? 0) + (arrow?.width ?? 0) / 2,
      y: (arrow?.y ?? 0) + (arrow?.height ?? 0) / 2,
    });
    await expect.poll(walked).toBeGreaterThan(3);
    await release();
    await expect(page.getByRole('region', { name: /^First steps/ }).getByRole('heading')).toHaveText(
      'First steps · 1/6',
    );
    await expect(hints.getByRole('listitem')).toHaveText([
      'Drag: move the map',
      'Pinch: zoom',
      'Tap a parcel: see it',
    ]);
    // let go: the avatar stops
    const after = await walkFrom(page);
    await page.waitForTimeout(500);
    expect(await after()).toBeLessThan(0.5);
    await snap(testInfo, 'phone-2-walked', page);
  });

  await test.step('a one-finger drag pans the map', async () => {
    const before = await page.evaluate(() => window.__fracterra?.camera());
    await fingers.gesture([{ x: 195, y: 520 }], [{ x: 150, y: 400 }]);
    await expect
      .poll(async () => {
        const after = await page.evaluate(() => window.__fracterra?.camera());
        return Math.hypot((after?.x ?? 0) - (before?.x ?? 0), (after?.z ?? 0) - (before?.z ?? 0));
      })
      .toBeGreaterThan(1);
    await expect(hints.getByRole('listitem')).toHaveText(['Pinch: zoom', 'Tap a parcel: see it']);
    await snap(testInfo, 'phone-3-panned', page);
  });

  await test.step('a two-finger spread zooms in', async () => {
    const before = await parcelSpacing(page);
    await fingers.gesture(
      [
        { x: 165, y: 450 },
        { x: 225, y: 450 },
      ],
      [
        { x: 95, y: 450 },
        { x: 295, y: 450 },
      ],
    );
    await expect.poll(() => parcelSpacing(page)).toBeGreaterThan(before * 1.3);
    await expect(hints.getByRole('listitem')).toHaveText(['Tap a parcel: see it']);
    await snap(testInfo, 'phone-4-zoomed', page);
  });

  const id = await nearCentre(page, 1, 1);
  const sheet = page.getByRole('complementary', { name: /^Parcel / });
  await test.step('a tap picks a parcel: its panel rises from the foot of the screen as a sheet, full width', async () => {
    const point = await pointOf(page, id);
    await page.touchscreen.tap(point.x, point.y);
    await expect(sheet).toBeVisible();
    await expect(hints).toHaveCount(0);
    await expectInViewport(page, sheet);
    const box = await sheet.boundingBox();
    expect(box?.width).toBeGreaterThan(380);
    // the feed, chat and guide give the foot of the screen to the sheet
    await expect(page.getByRole('region', { name: 'Chat' })).toBeHidden();
    await snap(testInfo, 'phone-5-sheet', page);
  });

  await test.step('claim, fractionalize and stake by tapping; the sheet scrolls inside and stays on screen', async () => {
    await sheet.getByRole('button', { name: 'Claim' }).tap();
    await expect(sheet.getByRole('status').filter({ hasText: 'Claimed' })).toBeVisible({ timeout: 60_000 });
    await sheet
      .getByRole('region', { name: 'Fractionalize' })
      .getByRole('button', { name: 'Fractionalize' })
      .tap();
    await expect(sheet.getByTestId('parcel-status')).toHaveText('Fractionalized', { timeout: 60_000 });
    const staking = sheet.getByRole('region', { name: 'Staking' });
    await staking.getByLabel('Shares to stake or withdraw').fill('10');
    await staking.getByRole('button', { name: 'Stake' }).tap();
    await confirmed(staking);
    await expect(staking.getByTestId('staked')).toHaveText('10 shares');
    await expectInViewport(page, page.locator('.column.right'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snap(testInfo, 'phone-6-staked', page);
    await sheet.getByRole('button', { name: 'Close inspector' }).tap();
    await expect(page.getByRole('region', { name: 'Chat' })).toBeVisible();
  });
  await test.step('the portfolio and the market open over the screen, each inside it', async () => {
    await page.getByRole('button', { name: 'Portfolio' }).tap();
    const portfolio = page.getByRole('region', { name: 'Portfolio' });
    await expect(portfolio.getByRole('table', { name: 'Share positions' })).toBeVisible();
    await expectInViewport(page, portfolio);
    await snap(testInfo, 'phone-7-portfolio', page);
    await portfolio.getByRole('button', { name: 'Close portfolio' }).tap();
    await page.getByRole('button', { name: 'Market' }).tap();
    const market = page.getByRole('region', { name: 'Market' });
    await expect(market).toBeVisible();
    await expectInViewport(page, market);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snap(testInfo, 'phone-8-market', page);
  });
  await fingers.detach();
  provider.destroy();
});

test('accessibility: axe finds no serious or critical violation in the main views, and every action of the parcel panels is reachable by keyboard with a visible focus', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const { provider } = await connect(baseURL);
  const { page } = await openFundedPlayer(browser, provider);

  await test.step('the world as a first visit sees it', async () => {
    await expectAccessible(page, testInfo, 'world');
  });

  const inspector =
    await test.step('an unclaimed parcel, then the own fractionalized parcel with every vault panel', async () => {
      const inspector = await selectParcel(page, await nearCentre(page, -3, 3));
      await expectAccessible(page, testInfo, 'unclaimed');
      await claimIn(inspector);
      await fractionalizeIn(inspector);
      await expect(inspector.getByRole('region', { name: 'Buyout' })).toBeVisible();
      await inspector.getByText('Price, holders and history').click();
      await expectAccessible(page, testInfo, 'vault');
      await snap(testInfo, 'a11y-vault', page);
      return inspector;
    });

  await test.step('Tab walks every enabled control of the inspector, each with a focus outline', async () => {
    // each enabled control gets a key, to know it again when it has the focus
    const controls = await inspector
      .locator('button:not([disabled]), input:not([disabled]), select, summary, a[href], [tabindex="0"]')
      .evaluateAll((elements) =>
        elements
          .filter((element) => (element as HTMLElement).offsetParent !== null)
          .map((element, index) => {
            (element as HTMLElement).dataset.focusKey = String(index);
            return String(index);
          }),
      );
    expect(controls.length).toBeGreaterThan(10);
    // into the inspector by keyboard (a focus the keyboard moves shows its outline)
    await inspector.getByRole('button', { name: 'Close inspector' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const reached = new Set<string>();
    const unmarked: string[] = [];
    for (let presses = 0; presses < 200; presses++) {
      const focus = await focusOf(inspector);
      if (!focus.inside) break;
      if (focus.key !== null) reached.add(focus.key);
      if (!focus.outline) unmarked.push(focus.key ?? '?');
      await page.keyboard.press('Tab');
    }
    expect(controls.filter((key) => !reached.has(key))).toEqual([]);
    expect(unmarked).toEqual([]);
  });

  await test.step('the portfolio and the market', async () => {
    await page.getByRole('button', { name: 'Portfolio' }).click();
    await expect(page.getByRole('region', { name: 'Portfolio' }).getByRole('table')).toBeVisible();
    await expectAccessible(page, testInfo, 'portfolio');
    await page.getByRole('button', { name: 'Close portfolio' }).click();
    await page.getByRole('button', { name: 'Market' }).click();
    await expect(page.getByRole('region', { name: 'Market' })).toBeVisible();
    await expectAccessible(page, testInfo, 'market');
    await snap(testInfo, 'a11y-market', page);
  });
  provider.destroy();
});
