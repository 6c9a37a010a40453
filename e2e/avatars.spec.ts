import type { Page } from '@playwright/test';
import { formatCoords, parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { closePlayersAfterEach, openPlayer, pointOf, snap } from './players.ts';

closePlayersAfterEach();

type Point = { x: number; z: number };
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.z - b.z);
const me = async (page: Page) =>
  (await page.evaluate(() => window.__fracterra?.me())) as Point & { name: string; server: Point | null };
const camera = async (page: Page) =>
  (await page.evaluate(() => window.__fracterra?.camera())) as Point & { parcelId: number; distance: number };

/** The page's label of `pool` ('names' or 'bubbles') that says `text`. */
const label = (page: Page, pool: string, text: string) =>
  page.locator(`.labels.${pool} .label`).filter({ hasText: text });

/** The parcel this page's avatar stands on. */
async function standingOn(page: Page): Promise<{ x: number; y: number }> {
  const { x, z } = await me(page);
  return { x: Math.round(x), y: Math.round(z) };
}

test('two players see each other’s names over their avatars, and a chat line as a bubble over the speaker', async ({
  browser,
}, testInfo) => {
  const one = await openPlayer(browser);
  const two = await openPlayer(browser);
  // both spawned on Genesis Plaza, a few steps apart
  for (const page of [one, two]) expect(Math.hypot((await me(page)).x, (await me(page)).z)).toBeLessThan(9);

  // Player one chooses a name; player two sees it over one's avatar, one sees two's short address.
  await one.getByRole('button', { name: /^Name:/ }).click();
  const form = one.getByRole('form', { name: 'Your name' });
  await form.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(one.getByRole('button', { name: 'Name: Ada Lovelace' })).toBeVisible();
  await expect(label(two, 'names', 'Ada Lovelace')).toBeVisible();
  const twoName = (await me(two)).name;
  expect(twoName).toMatch(/^0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}$/);
  await expect(label(one, 'names', twoName)).toBeVisible();
  await snap(testInfo, 'names', one, two);

  // A name the room refuses keeps the old one, and says why.
  await one.getByRole('button', { name: /^Name:/ }).click();
  await form.getByRole('textbox', { name: 'Name' }).fill('<b>bold</b>');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText(/letters, digits/);
  await form.getByRole('button', { name: 'Cancel' }).click();
  expect((await me(one)).name).toBe('Ada Lovelace');

  // Player one says something: a bubble with the line appears over one's avatar on two's screen.
  const chat = one.getByRole('region', { name: 'Chat' });
  await chat.getByRole('textbox', { name: 'Message' }).fill('hello plaza');
  await chat.getByRole('button', { name: 'Send' }).click();
  const bubble = label(two, 'bubbles', 'hello plaza');
  await expect(bubble).toBeVisible();
  const box = (await bubble.boundingBox()) as { x: number; y: number; width: number; height: number };
  const name = (await label(two, 'names', 'Ada Lovelace').boundingBox()) as typeof box;
  const where = await standingOn(one);
  const feet = await pointOf(two, parcelId(where.x, where.y));
  // centred over the speaker (within a parcel, ~10 px), above the name, both above the feet
  expect(Math.abs(box.x + box.width / 2 - feet.x)).toBeLessThan(20);
  expect(box.y + box.height).toBeLessThanOrEqual(name.y + 1);
  expect(name.y + name.height).toBeLessThan(feet.y);
  // the speaker sees the bubble over their own avatar too
  await expect(label(one, 'bubbles', 'hello plaza')).toBeVisible();
  await snap(testInfo, 'bubble', one, two);
});

/** Starts recording this page's avatar position every animation frame. */
async function recordPath(page: Page): Promise<void> {
  await page.evaluate(() => {
    const path: Array<{ x: number; z: number }> = [];
    (window as unknown as { path: typeof path }).path = path;
    const tick = () => {
      const at = window.__fracterra?.me();
      if (at) path.push({ x: at.x, z: at.z });
      if (path.length < 5_000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function recorded(page: Page): Promise<Point[]> {
  return page.evaluate(() => (window as unknown as { path: Array<{ x: number; z: number }> }).path.splice(0));
}

/** Positions of a path strictly between its start and `to` (neither end). */
const between = (path: Point[], from: Point, to: Point) =>
  path.filter((p) => distance(p, from) > 0.01 && distance(p, to) > 0.01);

test('click-to-walk, go-to by walk or teleport, and a middle click picks the parcel at every zoom', async ({
  browser,
}, testInfo) => {
  const page = await openPlayer(browser);
  const goTo = page.getByRole('form', { name: 'Go to parcel' });
  const arrived = async (at: Point) => {
    await expect.poll(async () => distance(await me(page), at)).toBeLessThan(0.01);
    await expect
      .poll(async () => distance((await me(page)).server ?? { x: 1e9, z: 0 }, at))
      .toBeLessThan(0.01);
  };

  // Double-click a parcel a few steps away: the avatar walks there, the camera along.
  const start = await standingOn(page);
  const target = { x: start.x + 4, y: start.y + 2 };
  const point = await pointOf(page, parcelId(target.x, target.y));
  await page.mouse.dblclick(point.x, point.y);
  await expect.poll(async () => distance(await me(page), { x: target.x, z: target.y })).toBeLessThan(0.5);
  await expect.poll(async () => distance(await camera(page), await me(page))).toBeLessThan(0.01);
  await expect(page.getByRole('complementary', { name: `Parcel ${formatCoords(target)}` })).toBeVisible();
  await snap(testInfo, 'click-to-walk', page);

  // Teleport (the default): the avatar is at once there, no step between; the parcel is selected.
  await expect(goTo.getByRole('radio', { name: 'Teleport' })).toBeChecked();
  let from = await me(page);
  await recordPath(page);
  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill('40,-30');
  await goTo.getByRole('button', { name: 'Go' }).click();
  await arrived({ x: 40, z: -30 });
  expect(between(await recorded(page), from, { x: 40, z: -30 })).toEqual([]);
  await expect(page.getByRole('complementary', { name: 'Parcel 40,-30' })).toBeVisible();
  expect((await camera(page)).parcelId).toBe(parcelId(40, -30));
  await snap(testInfo, 'teleported', page);

  // Walk: the avatar crosses the ground in small steps and the room took every one.
  await goTo.getByRole('radio', { name: 'Walk' }).check();
  from = await me(page);
  await recordPath(page);
  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill('46,-30');
  await goTo.getByRole('button', { name: 'Go' }).click();
  await arrived({ x: 46, z: -30 });
  const path = await recorded(page);
  expect(between(path, from, { x: 46, z: -30 }).length).toBeGreaterThan(3);
  for (let i = 1; i < path.length; i++)
    expect(distance(path[i - 1] as Point, path[i] as Point)).toBeLessThan(1);
  await expect(page.getByRole('complementary', { name: 'Parcel 46,-30' })).toBeVisible();
  await snap(testInfo, 'walked', page);

  // A middle click picks the parcel under the cursor, zoomed all the way in and all the way out.
  const canvas = page.getByLabel('3D map of the world');
  const box = (await canvas.boundingBox()) as { x: number; y: number; width: number; height: number };
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const pick = async (id: number, step: string) => {
    const at = await pointOf(page, id);
    await page.mouse.click(at.x, at.y, { button: 'middle' });
    await expect(
      page.getByRole('complementary', { name: `Parcel ${formatCoords(parcelCoords(id))}` }),
    ).toBeVisible();
    expect(await page.evaluate((p) => window.__fracterra?.parcelAtScreen(p.x, p.y), at)).toBe(id);
    await snap(testInfo, step, page);
  };
  await expect(async () => {
    await page.mouse.wheel(0, -1_000);
    expect((await camera(page)).distance).toBeLessThan(4.5);
  }).toPass();
  await pick(parcelId(47, -30), 'picked-zoomed-in');
  await expect(async () => {
    await page.mouse.wheel(0, 1_000);
    expect((await camera(page)).distance).toBeGreaterThan(155);
  }).toPass();
  await pick(parcelId(58, -22), 'picked-zoomed-out');

  // Walking keeps the view's zoom; over the free map view the camera stays put while the avatar walks.
  const zoom = (await camera(page)).distance;
  await page.keyboard.down('d');
  await expect.poll(async () => distance(await me(page), { x: 46, z: -30 })).toBeGreaterThan(2);
  await page.keyboard.up('d');
  expect((await camera(page)).distance).toBeCloseTo(zoom, 3);
  await page.getByRole('button', { name: 'Map view' }).click();
  await expect(page.getByRole('button', { name: 'Map view' })).toHaveAttribute('aria-pressed', 'true');
  const mapView = await camera(page);
  expect(mapView.distance).toBeGreaterThan(239.9); // pulled back to see a few districts
  const before = await me(page);
  await page.keyboard.down('w');
  await expect.poll(async () => distance(await me(page), before)).toBeGreaterThan(2);
  await page.keyboard.up('w');
  const after = await camera(page);
  expect(distance(after, mapView)).toBe(0);
  expect(after.distance).toBeCloseTo(mapView.distance, 6);
  await pick(parcelId(60, -40), 'picked-map-view');
  // following again: the camera comes back to the avatar
  await page.getByRole('button', { name: 'Map view' }).click();
  await expect.poll(async () => distance(await camera(page), await me(page))).toBeLessThan(0.01);
  await snap(testInfo, 'following-again', page);
});
