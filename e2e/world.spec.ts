import { expect, test } from '@playwright/test';
import { palette } from '../client/features/map/palette.ts';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { colourDistance, meanColourAt, type Rgb255, shareDifferentFrom } from './pixels.ts';
import { openPlayer } from './players.ts';

const background = palette.background.map((channel) => Math.round(channel * 255)) as unknown as Rgb255;

test('the map draws, and a claim on one page recolours the parcel on another without reload', async ({
  browser,
}) => {
  const one = await openPlayer(browser);
  const two = await openPlayer(browser);

  // The canvas drew the map: most of the view is land, not the clear colour.
  const canvas = one.getByLabel('3D map of the world');
  expect(await shareDifferentFrom(one, canvas, background)).toBeGreaterThan(0.5);

  // Each player sees the other's avatar.
  await expect
    .poll(() => two.evaluate(() => window.__fracterra?.avatars().length ?? 0))
    .toBeGreaterThanOrEqual(1);
  await expect
    .poll(() => one.evaluate(() => window.__fracterra?.avatars().length ?? 0))
    .toBeGreaterThanOrEqual(1);

  // A parcel near where both cameras look, unclaimed so far.
  const centre = await one.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const { x, y } = parcelCoords(centre as number);
  const id = parcelId(x + 3, y + 2);
  expect(await two.evaluate((parcel) => window.__fracterra?.parcel(parcel).status, id)).toBe(0);
  const onTwo = await two.evaluate((parcel) => window.__fracterra?.screenOfParcel(parcel) ?? null, id);
  expect(onTwo).not.toBeNull();
  const { x: sx, y: sy } = onTwo as { x: number; y: number };
  const before = await meanColourAt(two, sx, sy);

  // Player one selects it with a real click and claims it from the inspector.
  const onOne = await one.evaluate((parcel) => window.__fracterra?.screenOfParcel(parcel) ?? null, id);
  expect(onOne).not.toBeNull();
  await one.mouse.click((onOne as { x: number }).x, (onOne as { y: number }).y);
  expect(
    await one.evaluate(
      (point) => window.__fracterra?.parcelAtScreen(point.x, point.y),
      onOne as { x: number; y: number },
    ),
  ).toBe(id);
  const inspector = one.getByRole('complementary', { name: `Parcel ${x + 3},${y + 2}` });
  await expect(inspector).toBeVisible();
  await inspector.getByRole('button', { name: 'Claim' }).click();
  await expect(one.getByRole('status').filter({ hasText: 'Claimed' })).toBeVisible({ timeout: 60_000 });

  // Player two sees it owned by player one, and drawn in another colour, without a reload.
  await expect.poll(() => two.evaluate((parcel) => window.__fracterra?.parcel(parcel).status, id)).toBe(1);
  const owner = await two.evaluate((parcel) => window.__fracterra?.parcel(parcel).owner, id);
  expect(owner).toMatch(/^0x[0-9a-fA-F]{40}$/);
  expect(await one.evaluate((parcel) => window.__fracterra?.parcel(parcel).mine, id)).toBe(true);
  expect(await two.evaluate((parcel) => window.__fracterra?.parcel(parcel).mine, id)).toBe(false);
  await expect.poll(async () => colourDistance(before, await meanColourAt(two, sx, sy))).toBeGreaterThan(20);
});
