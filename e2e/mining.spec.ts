import type { Locator } from '@playwright/test';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { closePlayersAfterEach, openPlayer, selectParcel as select } from './players.ts';

closePlayersAfterEach();

/** The number in a figure like "1,234 H/s" or "12 accepted, 0 refused" (its first number). */
const firstNumber = (text: string | null) =>
  Number((text ?? '').replace(/,/g, '').match(/\d+(\.\d+)?/)?.[0] ?? 0);

/** Waits (up to `timeout` ms, else the configured wait) until a figure's first number is above `floor`. */
async function expectAbove(figure: Locator, floor: number, timeout?: number) {
  await expect.poll(async () => firstNumber(await figure.textContent()), { timeout }).toBeGreaterThan(floor);
}

test('mining in the browser: work shares accepted, the hash rate live for another player, a solution mined on chain with ORE', async ({
  browser,
}) => {
  const miner = await openPlayer(browser);
  const watcher = await openPlayer(browser);

  // The miner claims a parcel near the view (a starter rig comes with it).
  const centre = await miner.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const { x, y } = parcelCoords(centre as number);
  const id = parcelId(x + 1, y + 3);
  const inspector = await select(miner, id);
  await inspector.getByRole('button', { name: 'Claim' }).click();
  await expect(miner.getByRole('status').filter({ hasText: 'Claimed' })).toBeVisible({ timeout: 60_000 });

  // Mining is off until started on the parcel; then the tab hashes and the server credits shares.
  const panel = miner.getByRole('region', { name: 'Mining' });
  await expect(panel.getByRole('status', { name: 'Mining status' })).toHaveText('Off');
  await panel.getByRole('button', { name: 'Start mining here' }).click();
  await expect(panel.getByRole('status', { name: 'Mining status' })).toHaveText(/^Mining on/);
  await expectAbove(panel.getByTestId('work-shares'), 0, 120_000);
  await expectAbove(panel.getByTestId('local-hash-rate'), 0);
  await expectAbove(panel.getByTestId('credited-hash-rate'), 0);

  // The other player sees the parcel's rig credited with a live hash rate (what spins the rotor).
  const seen = await select(watcher, id);
  const parcelRate = seen.locator('dt:text-is("Hash rate") + dd');
  await expectAbove(parcelRate, 0, 60_000);

  // The local chain's target is a browser's few seconds of work: a solution lands on chain, with ORE.
  await expectAbove(panel.getByTestId('solutions'), 0, 240_000);
  await expectAbove(panel.getByTestId('ore-earned'), 0);
  // (a parcel's blocks within a minute fold into one line, "2 blocks on x,y in the last minute")
  await expect(watcher.getByRole('log', { name: 'Activity feed' })).toContainText(
    /found a block|\d+ blocks on/,
    {
      timeout: 60_000,
    },
  );

  // The solution moved the parcel's challenge: the miner gets a new job and goes on to a second one.
  await expectAbove(panel.getByTestId('solutions'), 1, 240_000);

  await panel.getByRole('button', { name: 'Stop mining' }).click();
  await expect(panel.getByRole('status', { name: 'Mining status' })).toHaveText('Off');

  // A solution found just before Stop is still sent; once none is on its way, the wallet bar's ORE
  // is what this player's solutions paid (mining is its only source of ORE)
  await expect(panel.getByTestId('solutions')).not.toContainText('being sent', { timeout: 60_000 });
  const earned = await panel.getByTestId('ore-earned').textContent();
  await expect(miner.getByTestId('wallet-ore')).toHaveText(earned ?? '', { timeout: 30_000 });
});
