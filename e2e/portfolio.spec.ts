import type { Locator, Page } from '@playwright/test';
import { BURNER_KEY_ITEM } from '../client/features/wallet/burner-key.ts';
import { shortAddress } from '../client/features/wallet/format.ts';
import { formatCoords, parcelCoords, parcelId } from '../shared/world.ts';
import { marketPlayer } from '../testing/test-market.ts';
import { expect, test } from './fixtures.ts';
import { act, claimAndSplit, confirmed, connect, openFundedPlayer } from './game-steps.ts';
import { closePlayersAfterEach, selectParcel as inspect, snap } from './players.ts';

closePlayersAfterEach();

/** The feed's lines under `filter` (All, Mine, This parcel). */
async function feedWith(page: Page, filter: string): Promise<Locator> {
  const feed = page.getByRole('region', { name: 'Activity' });
  await feed.getByRole('radio', { name: filter }).check();
  return feed.getByRole('log', { name: 'Activity feed' });
}

test("after a reward streams to a staker the portfolio's rewards are non-zero, with cost and P&L; the feed tells the buy and the stake (all, mine, this parcel); the leaderboard ranks the miner and the parcel", async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  test.setTimeout(300_000);
  const { config, provider } = await connect(baseURL);
  const a = await openFundedPlayer(browser, provider);
  const b = await openFundedPlayer(browser, provider);
  const centre = parcelCoords((await a.page.evaluate(() => window.__fracterra?.camera().parcelId)) as number);
  const at = { x: centre.x - 2, y: centre.y + 3 };
  const id = parcelId(at.x, at.y);
  const where = formatCoords(at);

  // A claims and fractionalizes; B buys 100 shares from the offering and stakes 50
  const inspectorA = await inspect(a.page, id);
  await claimAndSplit(inspectorA);
  const inspectorB = await inspect(b.page, id);
  const offering = inspectorB.getByRole('region', { name: 'Offering' });
  await act(offering, { 'Shares to buy': '100' }, 'Buy shares');
  await confirmed(offering);
  const staking = inspectorB.getByRole('region', { name: 'Staking' });
  await act(staking, { 'Shares to stake or withdraw': '50' }, 'Stake');
  await confirmed(staking);

  // A mines the parcel twice with its wallet (the deployment's test-low target), ten chain seconds
  // apart: the parcel's half of the first reward has partly streamed to its one staker, B
  const keyA = (await a.page.evaluate((item) => localStorage.getItem(item), BURNER_KEY_ITEM)) as string;
  const miner = marketPlayer(world.chainUrl, config.deployment, keyA);
  try {
    await miner.mine(at.x, at.y);
    await fetch(world.chainUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_increaseTime', params: [10] }),
    });
    await miner.mine(at.x, at.y);
  } finally {
    miner.close();
  }

  await test.step("B's portfolio: ORE pending above zero, the position's cost and value", async () => {
    await b.page.getByRole('button', { name: 'Portfolio' }).click();
    const portfolio = b.page.getByRole('region', { name: 'Portfolio' });
    const pnl = portfolio.getByRole('region', { name: 'Profit and loss' });
    await expect(pnl.getByTestId('rewards-pending')).toHaveText(/^[\d,.]+$/, { timeout: 60_000 });
    await expect(pnl.getByTestId('rewards-pending')).not.toHaveText('0', { timeout: 60_000 });
    const row = pnl.getByRole('table', { name: 'Cost and profit per position' }).getByRole('row').filter({
      hasText: where,
    });
    // 100 shares bought at the offering price: a cost above zero, valued at the same price
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell').nth(1)).toHaveText(/^[\d.]+ ETH$/);
    await expect(row.getByRole('cell').nth(1)).not.toHaveText('0 ETH');
    await expect(row.getByRole('cell').nth(3)).toHaveText('0 ETH');
    await expect(pnl.getByRole('img', { name: 'Value of your shares over time, ETH' })).toBeVisible();
    await snap(testInfo, '1-portfolio-rewards', b.page);
    await portfolio.getByRole('button', { name: 'Close portfolio' }).click();
  });

  await test.step('the feed tells the buy and the stake: to everyone, as mine to B, as this parcel’s', async () => {
    const all = await feedWith(a.page, 'All');
    await expect(all).toContainText(
      `${shortAddress(b.address)} bought shares of ${where} in the offering: 100 shares`,
    );
    await expect(all).toContainText(`${shortAddress(b.address)} staked shares of ${where}: 50 shares`);
    // two blocks on the parcel within a minute: one line
    await expect(all).toContainText(`2 blocks on ${where} in the last minute`);
    const mineA = await feedWith(a.page, 'Mine');
    await expect(mineA).toContainText('claimed');
    await expect(mineA).not.toContainText('staked');
    const mineB = await feedWith(b.page, 'Mine');
    await expect(mineB).toContainText('staked shares');
    await expect(mineB).not.toContainText('claimed');
    // B has the parcel selected: its lines, A's claim among them
    const parcelB = await feedWith(b.page, 'This parcel');
    await expect(parcelB).toContainText(`${shortAddress(a.address)} claimed ${where}`);
    await snap(testInfo, '2-feed', a.page, b.page);
  });

  await test.step('the leaderboard (top bar) ranks A among the miners and the parcel by hash rate', async () => {
    await b.page.getByRole('button', { name: 'Leaderboard' }).click();
    const board = b.page.getByRole('region', { name: 'Leaderboard' });
    const miners = board.getByRole('region', { name: 'Top miners' });
    await expect(miners).toContainText(`${shortAddress(a.address)}`);
    await expect(miners).toContainText('(2 blocks)');
    await miners.getByRole('radio', { name: 'All time' }).check();
    await expect(miners).toContainText(`${shortAddress(a.address)}`);
    await expect(board.getByRole('region', { name: 'Top parcels by hash rate' })).toContainText(where);
    await expect(board.getByRole('region', { name: 'Top parcels by value' })).toContainText(where);
    await snap(testInfo, '3-leaderboard', b.page);
  });
  provider.destroy();
});
