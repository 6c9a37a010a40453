import { formatCoords, parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { colourDistance, meanColourAt } from './pixels.ts';
import { closePlayersAfterEach, openPlayer, pointOf } from './players.ts';

closePlayersAfterEach();

test('hovering a parcel shows its tooltip, clicking it opens it in the inspector', async ({ browser }) => {
  const page = await openPlayer(browser);
  const centre = (await page.evaluate(() => window.__fracterra?.camera().parcelId)) as number;
  const { x, y } = parcelCoords(centre);
  const id = parcelId(x - 4, y + 1);
  const point = await pointOf(page, id);

  await page.mouse.move(point.x, point.y);
  await expect(page.getByRole('tooltip')).toHaveText(
    new RegExp(`^${formatCoords({ x: x - 4, y: y + 1 })} · `),
  );
  expect(await page.evaluate((parcel) => window.__fracterra?.parcel(parcel).hovered, id)).toBe(true);

  await page.mouse.click(point.x, point.y);
  const inspector = page.getByRole('complementary', {
    name: `Parcel ${formatCoords({ x: x - 4, y: y + 1 })}`,
  });
  await expect(inspector).toBeVisible();
  await expect(inspector.getByText(String(id), { exact: true })).toBeVisible();
  expect(await page.evaluate((parcel) => window.__fracterra?.parcel(parcel).selected, id)).toBe(true);
  await inspector.getByRole('button', { name: 'Close inspector' }).click();
  await expect(inspector).toBeHidden();
});

test('a still view copies its ground from the static-layer cache in the colours it draws it, and a hover shows at once', async ({
  browser,
}) => {
  const page = await openPlayer(browser);
  const centre = (await page.evaluate(() => window.__fracterra?.camera().parcelId)) as number;
  const { x, y } = parcelCoords(centre);
  const point = await pointOf(page, parcelId(x - 4, y + 1));
  const frames = async () => {
    await page.evaluate(() => window.__fracterra?.measure(3));
    return page.evaluate(() => window.__fracterra?.stats().staticsCached);
  };
  const colour = () => meanColourAt(page, point.x, point.y);

  // a loaded machine may still be settling the view (camera, first batches): it comes to rest
  await expect.poll(frames).toBe(true);
  const cached = await colour();
  await page.evaluate(() => window.__fracterra?.cacheStatics(false));
  expect(await frames()).toBe(false);
  expect(colourDistance(cached, await colour())).toBeLessThan(1);

  await page.evaluate(() => window.__fracterra?.cacheStatics(true));
  await expect.poll(frames).toBe(true);
  await page.mouse.move(point.x, point.y);
  await expect.poll(async () => colourDistance(cached, await colour())).toBeGreaterThan(5);
  const hovered = await colour();
  // cached again, with the hover
  await expect.poll(frames).toBe(true);
  expect(colourDistance(hovered, await colour())).toBeLessThan(1);
});

test('"go to -150,150" moves the camera there; a click on the minimap travels', async ({ browser }) => {
  const page = await openPlayer(browser);
  const goTo = page.getByRole('form', { name: 'Go to parcel' });
  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill('-150,150');
  await goTo.getByRole('button', { name: 'Go' }).click();
  await expect
    .poll(() => page.evaluate(() => window.__fracterra?.camera().parcelId))
    .toBe(parcelId(-150, 150));
  // The far corner parcel is now on screen where the camera looks.
  await pointOf(page, parcelId(-150, 150));

  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill('400,0');
  await goTo.getByRole('button', { name: 'Go' }).click();
  await expect(goTo.getByRole('alert')).toHaveText(/between -150 and 150/);

  // Minimap pixel (px, py) is parcel (px - 150, py - 150): aim at parcel (100, -100).
  const minimap = page.getByRole('button', { name: /^Minimap/ });
  const box = await minimap.boundingBox();
  expect(box).not.toBeNull();
  const { x: left, y: top, width, height } = box as { x: number; y: number; width: number; height: number };
  await page.mouse.click(left + ((100 + 150.5) / 301) * width, top + ((-100 + 150.5) / 301) * height);
  await expect
    .poll(async () => {
      const camera = await page.evaluate(() => window.__fracterra?.camera());
      return Math.max(Math.abs((camera?.x ?? 0) - 100), Math.abs((camera?.z ?? 0) + 100));
    })
    .toBeLessThan(2);
});

test("a second player's avatar appears and moves as that player walks", async ({ browser }) => {
  const walker = await openPlayer(browser);
  const watcher = await openPlayer(browser);
  const start = (await walker.evaluate(() => window.__fracterra?.me())) as { x: number; z: number };

  // The watcher draws an avatar where the walker stands.
  const near = (avatars: Array<{ x: number; z: number }>, at: { x: number; z: number }) =>
    avatars.some((avatar) => Math.hypot(avatar.x - at.x, avatar.z - at.z) < 0.5);
  await expect
    .poll(async () => near((await watcher.evaluate(() => window.__fracterra?.avatars())) ?? [], start))
    .toBe(true);
  const before = (await watcher.evaluate(() => window.__fracterra?.avatars())) ?? [];

  // Walk with the keyboard for a moment (D: to the right of the view).
  await walker.keyboard.down('d');
  await expect
    .poll(async () => {
      const me = await walker.evaluate(() => window.__fracterra?.me());
      return Math.hypot((me?.x ?? 0) - start.x, (me?.z ?? 0) - start.z);
    })
    .toBeGreaterThan(3);
  await walker.keyboard.up('d');
  const end = (await walker.evaluate(() => window.__fracterra?.me())) as { x: number; z: number };

  // The watcher's avatar of the walker arrives there, and no other avatar moved with it.
  await expect
    .poll(async () => near((await watcher.evaluate(() => window.__fracterra?.avatars())) ?? [], end))
    .toBe(true);
  const after = (await watcher.evaluate(() => window.__fracterra?.avatars())) ?? [];
  const moved = after.filter((avatar) => {
    const was = before.find((other) => other.sessionId === avatar.sessionId);
    return was && Math.hypot(was.x - avatar.x, was.z - avatar.z) > 1;
  });
  expect(moved).toHaveLength(1);
});
