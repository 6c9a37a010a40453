import type { Page } from '@playwright/test';
import { zoneOf } from '../shared/zones.ts';
import { hasRedis, NO_REDIS, zoneProcesses } from '../testing/test-redis.ts';
import { expect, test } from './fixtures.ts';
import { closePlayersAfterEach, openPlayer, snap } from './players.ts';

/**
 * The world as zone rooms over a cluster of two game processes sharing one Redis (issue 17): each
 * player's page is served by another process, and the zone each stands in is held by another
 * process; at a zone border each sees the other, one walks across and stays in sight all along,
 * and a chat line said in one zone is heard in the other.
 */

closePlayersAfterEach();
test.skip(!hasRedis, NO_REDIS);
test.use({ cluster: true });

type Point = { x: number; z: number };
const me = async (page: Page) =>
  (await page.evaluate(() => window.__fracterra?.me())) as Point & { name: string; server: Point | null };

/** Teleports the page's avatar with the go-to box and waits until the room has it there. */
async function teleport(page: Page, x: number, z: number): Promise<void> {
  const goTo = page.getByRole('form', { name: 'Go to parcel' });
  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill(`${x},${z}`);
  await goTo.getByRole('button', { name: 'Go' }).click();
  await expect
    .poll(async () => {
      const server = (await me(page)).server;
      return server && Math.hypot(server.x - x, server.z - z);
    })
    .toBeLessThan(0.01);
}

/** Whether the page draws an avatar named `name`. */
const sees = (page: Page, name: string) =>
  page.evaluate((who) => window.__fracterra?.avatars().some((avatar) => avatar.name === who) ?? false, name);

test('two players on two processes meet at a zone border, see each other across it and chat', async ({
  browser,
  world,
}, testInfo) => {
  const redisUrl = world.redisUrl as string;
  const [peer] = world.peers as [string];
  const plaza = zoneOf(0, 0);
  /** The zone west of the plaza's: its border with the plaza's zone is x = -40. */
  const west = zoneOf(-45, 0);

  // Player one (process one) goes far west: its process makes the rooms of the zones there (the
  // west zone among them), and the plaza's zone room, empty, goes.
  const one = await openPlayer(browser);
  await teleport(one, -140, 0);
  await expect.poll(async () => (await zoneProcesses(redisUrl)).has(plaza)).toBe(false);
  // Player two (process two) joins on the plaza: its process makes the plaza zone's room.
  const two = await openPlayer(browser, undefined, { baseURL: peer });
  expect(new URL(two.url()).origin).toBe(peer);

  // Both walk up to the border, each on its own side.
  await teleport(one, -45, 0);
  await teleport(two, -35, 0);
  const held = await zoneProcesses(redisUrl);
  expect(held.get(west)).toBeDefined();
  expect(held.get(plaza)).toBeDefined();
  expect(held.get(plaza)).not.toBe(held.get(west));

  const [oneName, twoName] = [(await me(one)).name, (await me(two)).name];
  await expect.poll(() => sees(one, twoName)).toBe(true);
  await expect.poll(() => sees(two, oneName)).toBe(true);
  await snap(testInfo, 'border', one, two);

  // Player two walks across into the west zone: player one sees it every frame of the way (the
  // handover from process two's room to process one's shows no pop).
  await one.evaluate((who) => {
    const seen: boolean[] = [];
    (window as unknown as { seen: boolean[] }).seen = seen;
    const tick = () => {
      seen.push(window.__fracterra?.avatars().some((avatar) => avatar.name === who) ?? false);
      if (seen.length < 5_000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, twoName);
  const goTo = two.getByRole('form', { name: 'Go to parcel' });
  await goTo.getByRole('radio', { name: 'Walk' }).check();
  await goTo.getByRole('textbox', { name: 'Go to x,y' }).fill('-44,0');
  await goTo.getByRole('button', { name: 'Go' }).click();
  await expect.poll(async () => (await me(two)).server?.x ?? 0).toBeLessThan(-43.9);
  await expect
    .poll(() =>
      one.evaluate(
        (who) => window.__fracterra?.avatars().find((avatar) => avatar.name === who)?.x ?? 0,
        twoName,
      ),
    )
    .toBeLessThan(-43.9);
  const seen = await one.evaluate(() => (window as unknown as { seen: boolean[] }).seen.splice(0));
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((shown) => !shown)).toEqual([]);

  // Chat is world-wide: said on one process (by player one, signed in with the burner wallet its
  // process's faucet funded; player two is a guest), heard once on the other.
  const said = 'hello across the border';
  const chat = one.getByRole('region', { name: 'Chat' });
  await chat.getByRole('textbox', { name: 'Message' }).fill(said);
  await chat.getByRole('button', { name: 'Send' }).click();
  const heard = two.getByRole('log', { name: 'Chat messages' }).getByText(said);
  await expect(heard).toHaveCount(1);
  await expect(two.locator('.labels.bubbles .label').filter({ hasText: said })).toBeVisible();
  await snap(testInfo, 'chat', one, two);
});
