import { landRegistryAbi, shareVaultAbi } from '../shared/contracts.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_SHARE } from '../shared/units.ts';
import { formatCoords, parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { act, claimAndSplit, confirmed, connect, openFundedPlayer } from './game-steps.ts';
import { closePlayersAfterEach, selectParcel as inspect, snap } from './players.ts';

closePlayersAfterEach();

test('B finds A’s fractionalized parcel in the market by "offering open", picks its row and buys from the offering', async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const { config, provider } = await connect(baseURL);
  const a = await openFundedPlayer(browser, provider);
  const b = await openFundedPlayer(browser, provider);
  const centre = await a.page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const c = parcelCoords(centre as number);
  const id = parcelId(c.x + 2, c.y + 3);
  const name = `Parcel ${formatCoords(parcelCoords(id))}`;

  const marketB = b.page.getByRole('region', { name: 'Market' });
  await test.step('B opens the market before anything is fractionalized: it says so in words', async () => {
    await b.page.getByRole('button', { name: 'Market', exact: true }).click();
    await expect(marketB.getByRole('status')).toHaveText(/no/i);
    await expect(marketB.getByRole('table')).toHaveCount(0);
  });

  const vault =
    await test.step('A claims and fractionalizes with the default terms (400 of 1,000 shares offered)', async () => {
      const inspector = await inspect(a.page, id);
      await claimAndSplit(inspector);
      // the vault holds the parcel now
      const registry = typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, provider);
      return registry.ownerOf(BigInt(id));
    });

  await test.step('B’s open market shows the parcel live; "offering open" keeps it; its row opens the inspector there', async () => {
    const table = marketB.getByRole('table', { name: 'Parcels on the market' });
    const row = table.getByRole('row', { name });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await marketB.getByLabel('Offering open').check();
    // 400 of 1,000 shares offered at the default terms' price (0.04 ETH for the parcel)
    await expect(row).toContainText('400');
    await expect(row).toContainText('0.00004 ETH');
    await expect(marketB.getByRole('status')).toHaveText(/^1 of 1 parcels/);
    await row.click();
    const inspector = b.page.getByRole('complementary', { name });
    await expect(inspector).toBeVisible();
    // the camera went there
    await expect.poll(() => b.page.evaluate(() => window.__fracterra?.camera().parcelId)).toBe(id);
    await snap(testInfo, 'market-row-picked', b.page);
  });

  await test.step('B buys 25 shares from the offering panel; the chain has them', async () => {
    await b.page.getByRole('button', { name: 'Market', exact: true }).click();
    const offering = b.page.getByRole('complementary', { name }).getByRole('region', { name: 'Offering' });
    await act(offering, { 'Shares to buy': '25' }, 'Buy shares');
    await confirmed(offering);
    const shares = typedContract(vault, shareVaultAbi, provider);
    expect(await shares.balanceOf(b.address)).toBe(25n * ONE_SHARE);
    expect(await shares.balanceOf(vault)).toBe(375n * ONE_SHARE);
  });
});
