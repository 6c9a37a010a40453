import type { Page } from '@playwright/test';
import { palette } from '../client/features/map/palette.ts';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { colourDistance, meanColourAt, type Rgb255, shareDifferentFrom } from './pixels.ts';
import { closePlayersAfterEach, openPlayer } from './players.ts';

closePlayersAfterEach();

const background = palette.background.map((channel) => Math.round(channel * 255)) as unknown as Rgb255;

test('the map draws, and a claim on one page recolours the parcel and raises a structure on it on another without reload', async ({
  browser,
}) => {
  const one = await openPlayer(browser);
  const two = await openPlayer(browser);

  // The canvas drew the map: most of the view is land, not the haze of the clear colour and the sky.
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
  const structuresBefore = await two.evaluate(() => window.__fracterra?.stats().structuresDrawn ?? 0);

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
  // A structure now stands on it (near the camera, so drawn as a mesh, not folded into the ground).
  await expect
    .poll(() => two.evaluate(() => window.__fracterra?.stats().structuresDrawn ?? 0))
    .toBe(structuresBefore + 1);
});

type Point = { x: number; z: number };
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.z - b.z);

/** Where the room state has this page's avatar, once it has joined. */
async function placed(page: Page): Promise<Point> {
  await expect.poll(() => page.evaluate(() => window.__fracterra?.me().server ?? null)).not.toBeNull();
  return (await page.evaluate(() => window.__fracterra?.me().server)) as Point;
}

test('the camera starts over this player’s avatar where the room placed it, and goes back there after a reconnect', async ({
  browser,
}) => {
  const page = await openPlayer(browser);
  const camera = async () => (await page.evaluate(() => window.__fracterra?.camera())) as Point;
  await expect.poll(async () => distance(await camera(), await placed(page))).toBeLessThan(0.5);

  // Look elsewhere, then lose the connection: the client takes its seat back and looks at it again.
  const goTo = page.getByRole('form', { name: 'Go to parcel' });
  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill('60,-40');
  await goTo.getByRole('button', { name: 'Go' }).click();
  await expect.poll(async () => distance(await camera(), { x: 60, z: -40 })).toBeLessThan(0.5);
  await page.evaluate(() => window.__fracterra?.dropConnection());
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/online/, { timeout: 30_000 });
  await expect
    .poll(async () => distance(await camera(), await placed(page)), { timeout: 30_000 })
    .toBeLessThan(0.5);
});

test('a move the room refuses as too fast sends the avatar (and the camera) back to where the room has it', async ({
  browser,
}) => {
  const jumper = await openPlayer(browser);
  const watcher = await openPlayer(browser);
  const start = {
    ...(await jumper.evaluate(() => window.__fracterra?.me())),
    server: await placed(jumper),
  } as Point & {
    server: Point;
  };
  expect(distance(start, start.server)).toBeLessThan(0.5);
  const cameraBefore = (await jumper.evaluate(() => window.__fracterra?.camera())) as Point;
  const step = { x: start.x + 5, z: start.z };
  const far = { x: start.x + 40, z: start.z };

  // A step the room takes (its next move is timed from it), then at once a jump of 40 units:
  // faster than walking, refused.
  await jumper.evaluate(
    ({ a, b }) => {
      window.__fracterra?.teleport(a.x, a.z);
      window.__fracterra?.teleport(b.x, b.z);
    },
    { a: step, b: far },
  );
  await expect
    .poll(async () => distance((await jumper.evaluate(() => window.__fracterra?.me())) as Point, step))
    .toBeLessThan(0.5);
  const camera = (await jumper.evaluate(() => window.__fracterra?.camera())) as Point;
  expect(distance(camera, { x: cameraBefore.x + step.x - start.x, z: cameraBefore.z })).toBeLessThan(0.1);
  // The room never took the jump: it still has the avatar at the start, and so does everyone else.
  const after = (await jumper.evaluate(() => window.__fracterra?.me())) as { server: Point };
  expect(distance(after.server, step)).toBeLessThan(0.01);
  await expect
    .poll(async () =>
      ((await watcher.evaluate(() => window.__fracterra?.avatars())) ?? []).some(
        (avatar) => distance(avatar, step) < 0.01,
      ),
    )
    .toBe(true);
  const seen = (await watcher.evaluate(() => window.__fracterra?.avatars())) ?? [];
  expect(seen.some((avatar) => distance(avatar, far) < 5)).toBe(false);
});
