import type { Locator } from '@playwright/test';
import { shortAddress } from '../client/features/wallet/format.ts';
import { landRegistryAbi, uniswapV2FactoryAbi, uniswapV2PairAbi } from '../shared/contracts.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { act, claimAndSplit, confirmed, connect, openFundedPlayer } from './game-steps.ts';
import { closePlayersAfterEach, selectParcel as inspect, snap } from './players.ts';

closePlayersAfterEach();

/** Opens the parcel's story under `inspector`'s facts; returns it. */
async function openStory(inspector: Locator): Promise<Locator> {
  await inspector.getByText('Price, holders and history').click();
  const story = inspector.locator('details.story');
  await expect(story).toHaveAttribute('open', '');
  return story;
}

/** The story's newest history line. */
const newestLine = (story: Locator) =>
  story.getByRole('list', { name: 'History' }).getByRole('listitem').first();
const pricePoints = (story: Locator) => story.getByRole('figure', { name: 'Share price' });
const holderRow = (story: Locator, who: string) =>
  story.getByRole('table', { name: 'Holders' }).getByRole('row').filter({ hasText: who });

test("a parcel's story, live for two players: the offering buy and the swap reach both charts, histories (with their blocks) and cap tables", async ({
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const { config, provider } = await connect(baseURL);
  const { addresses } = config.deployment;
  const a = await openFundedPlayer(browser, provider);
  const b = await openFundedPlayer(browser, provider);
  const centre = parcelCoords((await a.page.evaluate(() => window.__fracterra?.camera().parcelId)) as number);
  const id = parcelId(centre.x + 3, centre.y + 2);

  // A claims and fractionalizes (1,000 shares, 400 offered); the story has no trade yet
  const inspectorA = await inspect(a.page, id);
  await claimAndSplit(inspectorA);
  const storyA = await openStory(inspectorA);
  await expect(storyA).toContainText('No trades yet.');
  await expect(pricePoints(storyA)).toHaveAttribute('data-points', '0');
  await expect(newestLine(storyA)).toContainText('you fractionalized it into 1,000 shares');
  await expect(holderRow(storyA, 'you')).toContainText('60 %');
  await expect(holderRow(storyA, 'Offering (unsold)')).toContainText('40 %');

  // B buys 100 shares from the offering: both stories show the trade and B's 10 %
  const inspectorB = await inspect(b.page, id);
  const storyB = await openStory(inspectorB);
  const offering = inspectorB.getByRole('region', { name: 'Offering' });
  await act(offering, { 'Shares to buy': '100' }, 'Buy shares');
  await confirmed(offering);
  const buyer = shortAddress(b.address);
  for (const [story, who] of [
    [storyA, buyer],
    [storyB, 'you'],
  ] as const) {
    await expect(pricePoints(story)).toHaveAttribute('data-points', '1');
    await expect(newestLine(story)).toContainText(
      new RegExp(`${who} bought 100 shares from the offering for [\\d.]+ ETH`),
    );
    await expect(holderRow(story, who)).toContainText('10 %');
  }
  await expect(holderRow(storyB, 'you')).toHaveAttribute('aria-current', 'true');
  await expect(
    storyA.getByRole('img', { name: 'Price per trade, ETH per share' }).locator('canvas'),
  ).toBeVisible();
  await snap(testInfo, '1-offering-buy', a.page, b.page);

  // A opens a pool; B swaps ETH for shares there: both stories show the swap with its block and tx
  const poolA = inspectorA.getByRole('region', { name: 'Pool' });
  await act(poolA, { 'Pool shares': '100', 'Pool ETH': '0.01' }, 'Create pool');
  await confirmed(poolA);
  const poolB = inspectorB.getByRole('region', { name: 'Pool' });
  await expect(poolB).toContainText('Pool price');
  await act(poolB, { 'ETH to spend': '0.001', 'Slippage limit (%)': '1' }, 'Swap');
  await confirmed(poolB);

  const factory = typedContract(addresses.UniswapV2Factory, uniswapV2FactoryAbi, provider);
  const vault = await typedContract(addresses.LandRegistry, landRegistryAbi, provider).ownerOf(BigInt(id));
  const pair = typedContract(await factory.getPair(vault, addresses.WETH9), uniswapV2PairAbi, provider);
  const [swap] = await pair.queryFilter(pair.getEvent('Swap'));
  expect(swap).toBeDefined();
  const tx = swap?.transactionHash ?? '';
  for (const [story, who] of [
    [storyA, buyer],
    [storyB, 'you'],
  ] as const) {
    await expect(pricePoints(story)).toHaveAttribute('data-points', '2');
    const line = newestLine(story);
    await expect(line).toContainText(new RegExp(`${who} bought [\\d.]+ shares in the pool for 0.001 ETH`));
    await expect(line).toContainText(`block ${swap?.blockNumber} · tx ${tx.slice(0, 6)}…${tx.slice(-4)}`);
    // the block links to what the market recorded in it
    const link = line.getByRole('link', { name: `block ${swap?.blockNumber}` });
    await expect(link).toHaveAttribute('href', `/api/blocks/${swap?.blockNumber}`);
    await expect(holderRow(story, 'Pool')).toBeVisible();
  }
  // the pool's creation is in the story too, and B's row grew past its 10 %
  await expect(storyA.getByRole('list', { name: 'History' })).toContainText('Opened a shares/ETH pool');
  await expect(holderRow(storyB, 'you')).not.toContainText('10 %');

  // candles and the 1 h range draw the same trades
  await storyB.getByRole('button', { name: 'Candles' }).click();
  await expect(
    storyB.getByRole('img', { name: 'Price candles, ETH per share' }).locator('canvas'),
  ).toBeVisible();
  await storyB.getByRole('button', { name: '1 h' }).click();
  await expect(pricePoints(storyB)).toHaveAttribute('data-points', '2');
  await snap(testInfo, '2-swap', a.page, b.page);
  const picture = testInfo.outputPath('3-story-B.png');
  await storyB.screenshot({ path: picture });
  await testInfo.attach('3-story-B', { path: picture, contentType: 'image/png' });
  provider.destroy();
});
