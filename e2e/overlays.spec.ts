import type { Page } from '@playwright/test';
import { palette } from '../client/features/map/palette.ts';
import { landRegistryAbi, oreTokenAbi, parcelStakingAbi } from '../shared/contracts.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_ORE } from '../shared/units.ts';
import { formatCoords, parcelCoords, parcelId, WORLD_RADIUS } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { act, claimIn, confirmed, connect, openFundedPlayer, stopMining } from './game-steps.ts';
import { colourDistance, meanColourAt, type Rgb255 } from './pixels.ts';
import { closePlayersAfterEach, selectParcel as inspect, pointOf, snap } from './players.ts';

closePlayersAfterEach();

const bytes = (rgb: readonly number[]) => rgb.map((c) => Math.round(c * 255)) as unknown as Rgb255;

/**
 * A point of the parcel's own ground on screen: from its centre 0.36 of the way to its corner
 * nearest the camera (lowest on screen), beside the structure standing on it and inside its edges.
 */
async function groundPointOf(page: Page, id: number): Promise<{ x: number; y: number }> {
  const centre = await pointOf(page, id);
  const { x, y } = parcelCoords(id);
  const corners = await Promise.all(
    [
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ].map(([dx, dy]) => pointOf(page, parcelId(x + (dx as number), y + (dy as number)))),
  );
  const near = corners.reduce((low, corner) => (corner.y > low.y ? corner : low));
  return { x: centre.x + 0.36 * (near.x - centre.x), y: centre.y + 0.36 * (near.y - centre.y) };
}

/**
 * Zooms the camera towards parcel `id` (the wheel zooms to the cursor) until a parcel is some tens
 * of pixels wide, then leaves the mouse over other ground (no hover on the parcel) and waits for the
 * camera to settle.
 */
async function zoomTo(page: Page, id: number): Promise<void> {
  const at = await pointOf(page, id);
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -500);
  await page.mouse.move(640, 620);
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await pointOf(page, id));
      const settled = now === last;
      last = now;
      return settled;
    })
    .toBe(true);
}

/** RGB of pixel (x, y) of the minimap's canvas (minimap pixel = parcel (x − R, y − R)). */
function minimapPixel(page: Page, x: number, y: number): Promise<Rgb255> {
  return page.evaluate(
    ([px, py]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('section[aria-label="Minimap"] canvas');
      const data = canvas?.getContext('2d')?.getImageData(px as number, py as number, 1, 1).data;
      return [data?.[0] ?? -1, data?.[1] ?? -1, data?.[2] ?? -1] as const;
    },
    [x, y],
  );
}

test('overlays colour the ground and the minimap; after a reward streams the APR is non-zero; ORE has a price and swaps', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(420_000);
  const { config, provider } = await connect(baseURL);
  const { addresses } = config.deployment;
  const a = await openFundedPlayer(browser, provider);
  const centre = await a.page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const c = parcelCoords(centre as number);
  const id = parcelId(c.x + 2, c.y + 3);
  const name = `Parcel ${formatCoords(parcelCoords(id))}`;
  const inspector = await inspect(a.page, id);

  await test.step('A claims the parcel: the minimap rings it in the "mine" colour', async () => {
    await claimIn(inspector);
    // the ring's corner away from the player's own dot (the camera's centre)
    const [px, py] = [c.x + 2 + WORLD_RADIUS + 1, c.y + 3 + WORLD_RADIUS + 1];
    await expect
      .poll(async () => colourDistance(await minimapPixel(a.page, px, py), bytes(palette.mine)))
      .toBeLessThanOrEqual(2);
    // a parcel nobody owns has no ring
    const far = await minimapPixel(a.page, c.x - 40 + WORLD_RADIUS + 1, c.y - 40 + WORLD_RADIUS + 1);
    expect(colourDistance(far, bytes(palette.mine))).toBeGreaterThan(30);
    await snap(testInfo, '1-claimed-minimap', a.page);
  });

  await test.step('A fractionalizes it (400 of 1,000 shares offered): for sale', async () => {
    await inspector
      .getByRole('region', { name: 'Fractionalize' })
      .getByRole('button', { name: 'Fractionalize' })
      .click();
    await expect(inspector.getByTestId('parcel-status')).toHaveText('Fractionalized', { timeout: 60_000 });
  });

  const market = a.page.getByRole('region', { name: 'Market' });
  const marketButton = a.page.getByRole('button', { name: 'Market', exact: true });
  await test.step('the overlay "for sale", switched in the market, colours the parcel and the minimap agrees', async () => {
    await zoomTo(a.page, id);
    const point = await groundPointOf(a.page, id);
    const before = await meanColourAt(a.page, point.x, point.y);
    await marketButton.click();
    await expect(market.getByRole('row', { name })).toBeVisible({ timeout: 30_000 });
    await market.getByLabel('Map overlay').selectOption('forSale');
    await market.getByRole('button', { name: 'Close' }).click();
    const forSale = bytes(palette.forSale);
    await expect
      .poll(async () => colourDistance(before, await meanColourAt(a.page, point.x, point.y)), {
        timeout: 30_000,
      })
      .toBeGreaterThan(40);
    const after = await meanColourAt(a.page, point.x, point.y);
    expect(colourDistance(after, forSale)).toBeLessThan(colourDistance(before, forSale));
    // one switch: the minimap's shows the same overlay, with its legend
    const minimap = a.page.getByRole('region', { name: 'Minimap' });
    await expect(minimap.getByLabel('Map overlay')).toHaveValue('forSale');
    await expect(minimap).toContainText('shares on offer or in a pool');
    await snap(testInfo, '2-overlay-for-sale', a.page);
    // no overlay: the ground is as it was
    await minimap.getByLabel('Map overlay').selectOption('none');
    await expect
      .poll(async () => colourDistance(before, await meanColourAt(a.page, point.x, point.y)))
      .toBeLessThan(12);
  });

  await test.step('A stakes 50 shares and mines the parcel until a reward streams to its pool', async () => {
    const staking = inspector.getByRole('region', { name: 'Staking' });
    await act(staking, { 'Shares to stake or withdraw': '50' }, 'Stake');
    await confirmed(staking);
    const stakingContract = typedContract(addresses.ParcelStaking, parcelStakingAbi, provider);
    const vault = await typedContract(addresses.LandRegistry, landRegistryAbi, provider).ownerOf(BigInt(id));
    const mining = a.page.getByRole('region', { name: 'Mining' });
    await mining.getByRole('button', { name: 'Start mining here' }).click();
    // the deployment's test-low target (DEPLOY_PARAMS in e2e/world.ts) makes solutions quick
    await expect(staking.getByTestId('earned')).not.toHaveText('0 ORE', { timeout: 120_000 });
    await stopMining(mining, provider, a.address);
    expect(await stakingContract.earned(vault, a.address)).toBeGreaterThan(0n);
  });

  await test.step('after a reward streams the APR in the market is non-zero, its formula beside it', async () => {
    await marketButton.click();
    const apr = market.getByRole('row', { name }).locator('td[title^="APR ="]');
    await expect(apr).toHaveText(/^[\d,]+\.\d %$/, { timeout: 30_000 });
    await expect(apr).not.toHaveText('0.0 %');
    await expect(apr).toHaveAttribute('title', /ORE price.*÷ share price/);
    // the APR heat has the parcel hot
    await market.getByLabel('Map overlay').selectOption('apr');
    await snap(testInfo, '3-apr', a.page);
    await market.getByRole('button', { name: 'Close' }).click();
  });

  await test.step('the wallet bar values A’s ORE at the ORE/WETH pool; A swaps 1 ORE for ETH', async () => {
    const wallet = a.page.getByRole('region', { name: 'Wallet' });
    await expect(wallet.getByTestId('wallet-ore-value')).toHaveText(/^≈ [\d.]+ ETH/);
    await wallet.getByRole('button', { name: 'Swap ORE' }).click();
    const swap = wallet.getByRole('region', { name: 'ORE swap' });
    await expect(swap).toContainText(/1 ORE = [\d.]+ ETH in the ORE\/WETH pool/);
    await swap.getByLabel('Swap direction').selectOption('sell');
    await swap.getByLabel('ORE to sell').fill('1');
    await expect(swap.getByTestId('quote-out')).toHaveText(/ETH$/);
    const ore = typedContract(addresses.OreToken, oreTokenAbi, provider);
    const before = await ore.balanceOf(a.address);
    const ethBefore = await provider.getBalance(a.address);
    await swap.getByRole('button', { name: 'Swap' }).click();
    await confirmed(swap);
    expect(await ore.balanceOf(a.address)).toBe(before - ONE_ORE);
    // 1 ORE fetches about 0.001 ETH, more than the gas of the approval and the swap
    expect(await provider.getBalance(a.address)).toBeGreaterThan(ethBefore);
    await snap(testInfo, '4-ore-swapped', a.page);
  });
});
