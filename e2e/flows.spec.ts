import type { Locator, Page } from '@playwright/test';
import { type EventLog, parseEther, Wallet, ZeroAddress } from 'ethers';
import {
  landRegistryAbi,
  oreMinerAbi,
  oreTokenAbi,
  parcelStakingAbi,
  shareVaultAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
} from '../shared/contracts.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_SHARE as SHARE } from '../shared/units.ts';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { act, claimIn, confirmed, connect, mineAs, openFundedPlayer, passTime } from './game-steps.ts';
import { closePlayersAfterEach, selectParcel as inspect, snap } from './players.ts';

closePlayersAfterEach();

/** `panel` lies inside the window and below the wallet bar: nothing of it is cut off (at 1280×720). */
async function expectUncut(page: Page, panel: Locator) {
  const view = page.viewportSize();
  const box = await panel.boundingBox();
  const bar = await page.getByRole('region', { name: 'Wallet' }).boundingBox();
  expect(view && box && bar).toBeTruthy();
  if (!view || !box || !bar) return;
  expect(box.y).toBeGreaterThanOrEqual(bar.y + bar.height);
  expect(box.y + box.height).toBeLessThanOrEqual(view.height);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(view.width);
}

test('two players: claim, fractionalize, offering, staking, mining rewards, pool and swap, portfolio, buyout with its failing paths', async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  test.setTimeout(600_000);
  const { config, provider } = await connect(baseURL);
  const { addresses } = config.deployment;
  const registry = typedContract(addresses.LandRegistry, landRegistryAbi, provider);

  // the pages' clocks are Playwright's: they run as the real one until the auction's end is passed
  const a = await openFundedPlayer(browser, provider, (context) => context.clock.install());
  const b = await openFundedPlayer(browser, provider, (context) => context.clock.install());
  const centre = await a.page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const c = parcelCoords(centre as number);
  const id = parcelId(c.x - 3, c.y - 2);
  let vault = '';
  /** The vault, once A has fractionalized. */
  const vaultContract = () => typedContract(vault, shareVaultAbi, provider);
  const sharesOf = (address: string) => vaultContract().balanceOf(address);
  /** Pool tokens of the vault's shares/WETH pair. */
  const lpOf = async (address: string) => {
    const factory = typedContract(addresses.UniswapV2Factory, uniswapV2FactoryAbi, provider);
    const pair = await factory.getPair(vault, addresses.WETH9);
    return typedContract(pair, uniswapV2PairAbi, provider).balanceOf(address);
  };

  const inspectorA = await test.step('A claims the parcel', async () => {
    const inspector = await inspect(a.page, id);
    await claimIn(inspector);
    expect(await registry.ownerOf(BigInt(id))).toBe(a.address);
    await snap(testInfo, '1-claimed', a.page);
    return inspector;
  });

  await test.step('A fractionalizes with the default terms (1,000 shares, 40 % offered); B sees it live', async () => {
    const form = inspectorA.getByRole('region', { name: 'Fractionalize' });
    await expect(form.getByLabel('Offered (%)')).toHaveValue('40');
    await form.getByRole('button', { name: 'Fractionalize' }).click();
    // the form gives way to the vault's panels as soon as the room reports the vault
    await expect.poll(() => registry.ownerOf(BigInt(id)), { timeout: 60_000 }).not.toBe(a.address);
    vault = await registry.ownerOf(BigInt(id));
    expect(await sharesOf(a.address)).toBe(600n * SHARE);
    expect(await sharesOf(vault)).toBe(400n * SHARE);
    await expect(inspectorA.getByTestId('parcel-status')).toHaveText('Fractionalized');
    // the claim's line was about the whole parcel: it goes once the parcel is in the vault
    await expect(inspectorA.getByText('Claimed: the parcel is yours.')).toHaveCount(0);
    await expect
      .poll(() => b.page.evaluate((parcel) => window.__fracterra?.parcel(parcel).status, id))
      .toBe(2);
    await snap(testInfo, '2-fractionalized', a.page, b.page);
  });

  const inspectorB = await inspect(b.page, id);

  await test.step('B buys 10 % from the offering; A sees the offering shrink without reload', async () => {
    const offering = inspectorB.getByRole('region', { name: 'Offering' });
    await act(offering, { 'Shares to buy': '100' }, 'Buy shares');
    await confirmed(offering);
    expect(await sharesOf(b.address)).toBe(100n * SHARE);
    await expect(inspectorA.getByRole('region', { name: 'Offering' })).toContainText('300 shares left');
    // both inspectors name the co-owners (the market history's cap table) and what each holds
    await expect(inspectorA.getByTestId('parcel-owners')).toHaveText(
      'Co-owned · 2 holders · you hold 600 shares (60 %)',
      { timeout: 30_000 },
    );
    await expect(inspectorB.getByTestId('parcel-owners')).toHaveText(
      'Co-owned · 2 holders · you hold 100 shares (10 %)',
      { timeout: 30_000 },
    );
    await expect(b.page.getByTestId('wallet-parcels')).toHaveText('1');
    await snap(testInfo, '3-bought', a.page, b.page);
  });

  await test.step('B stakes half of its shares', async () => {
    const staking = inspectorB.getByRole('region', { name: 'Staking' });
    await act(staking, { 'Shares to stake or withdraw': '50' }, 'Stake');
    await confirmed(staking);
    await expect(staking.getByTestId('staked')).toHaveText('50 shares');
    const stakingContract = typedContract(addresses.ParcelStaking, parcelStakingAbi, provider);
    const [staked] = await stakingContract.stakes(vault, b.address);
    expect(staked).toBe(50n * SHARE);
    await snap(testInfo, '4-staked', b.page);
  });

  await test.step("solutions land on the parcel (mined in B's name from the chain: the pages' clocks are test clocks); B sees its staking rewards accrue and claims them", async () => {
    const stakingContract = typedContract(addresses.ParcelStaking, parcelStakingAbi, provider);
    const ore = typedContract(addresses.OreToken, oreTokenAbi, provider);
    // two solutions; part of their rewards has streamed to the staker a minute later
    // (browser mining through the Mining panel: mining.spec and overlays.spec)
    await mineAs(world.chainUrl, config.deployment, b.key, { x: c.x - 3, y: c.y - 2 }, 2);
    await expect.poll(() => stakingContract.earned(vault, b.address)).toBeGreaterThan(0n);
    const staking = inspectorB.getByRole('region', { name: 'Staking' });
    await expect(staking.getByTestId('earned')).not.toHaveText('0 ORE');
    await snap(testInfo, '4b-rewards', b.page);
    const oreBefore = await ore.balanceOf(b.address);
    await staking.getByRole('button', { name: 'Claim rewards' }).click();
    await confirmed(staking);
    expect(await ore.balanceOf(b.address)).toBeGreaterThan(oreBefore);
  });

  await test.step('A creates the shares/WETH pool; B swaps ETH for shares at the quoted output', async () => {
    const poolA = inspectorA.getByRole('region', { name: 'Pool' });
    await act(poolA, { 'Pool shares': '100', 'Pool ETH': '0.01' }, 'Create pool');
    await confirmed(poolA);
    expect(await sharesOf(a.address)).toBe(500n * SHARE);

    const poolB = inspectorB.getByRole('region', { name: 'Pool' });
    await expect(poolB).toContainText('Pool price 0.0001 ETH per share');
    // as much ETH as the pool holds moves its price by half: red, and the swap waits for a tick
    await poolB.getByLabel('ETH to spend').fill('0.01');
    await expect(poolB.getByTestId('quote-impact')).toHaveClass('red');
    await expect(poolB.getByRole('button', { name: 'Swap' })).toBeDisabled();
    await poolB.getByLabel(/I accept it/).check();
    await expect(poolB.getByRole('button', { name: 'Swap' })).toBeEnabled();
    // a tenth of it moves the price by about 9 %: amber, no tick needed
    await poolB.getByLabel('ETH to spend').fill('0.001');
    await poolB.getByLabel('Slippage limit (%)').fill('1');
    await expect(poolB.getByTestId('quote-impact')).toHaveText(/^\d+\.\d\d %$/);
    await expect(poolB.getByTestId('quote-impact')).toHaveClass('amber');
    await expect(poolB.getByLabel(/I accept it/)).toHaveCount(0);
    const quoted = await poolB.getByTestId('quote-out').textContent();
    const before = await sharesOf(b.address);
    await poolB.getByRole('button', { name: 'Swap' }).click();
    await confirmed(poolB);
    const gained = (await sharesOf(b.address)) - before;
    expect(gained).toBeGreaterThan(0n);
    // the quote shows 6 significant digits of some 9 shares
    expect(Number(quoted?.replace(' shares', ''))).toBeCloseTo(Number(gained) / 1e18, 4);
    await snap(testInfo, '5-swapped', a.page, b.page);
    // every panel of the parcel open (offering, pool, staking, buyout) at 1280×720: the inspector
    // fits the window and scrolls inside, each panel reachable whole
    const inspectorBox = b.page.getByRole('complementary', { name: /^Parcel / });
    await expectUncut(b.page, inspectorBox);
    for (const name of ['Offering', 'Pool', 'Staking', 'Buyout']) {
      const panel = inspectorB.getByRole('region', { name });
      await panel.getByRole('heading', { name }).scrollIntoViewIfNeeded();
      await expect(panel.getByRole('heading', { name })).toBeInViewport();
    }

    // A's panel follows B's swap without reload (the room's next block): the price rose
    await expect(poolA).toContainText('Pool price');
    await expect(poolA).not.toContainText('Pool price 0.0001 ETH');
    // A gives half of its pool tokens back for shares and ETH
    const lp = await lpOf(a.address);
    expect(lp).toBeGreaterThan(0n);
    await expect(poolA.getByTestId('pool-tokens')).toContainText('99.99 % of the pool'); // 1,000 units are locked
    await poolA.getByLabel('Remove (% of your pool tokens)').fill('50');
    const removal = /^([\d.]+) shares \+ ([\d.]+) ETH$/.exec(
      (await poolA.getByTestId('removal-out').textContent()) ?? '',
    );
    expect(removal).not.toBeNull();
    const [sharesBefore, ethBefore] = [await sharesOf(a.address), await provider.getBalance(a.address)];
    await poolA.getByRole('button', { name: 'Remove liquidity' }).click();
    await confirmed(poolA, 'Removing from the pool');
    expect(await lpOf(a.address)).toBe(lp - lp / 2n);
    // the quote shows 6 significant digits of some 45 shares
    expect(Number((await sharesOf(a.address)) - sharesBefore) / 1e18).toBeCloseTo(Number(removal?.[1]), 3);
    const ethBack = (await provider.getBalance(a.address)) - ethBefore;
    // the quoted ETH less the gas of the approval and the removal (well under 0.001 ETH locally)
    expect(Number(ethBack) / 1e18).toBeLessThanOrEqual(Number(removal?.[2]) + 1e-6);
    expect(Number(ethBack) / 1e18).toBeGreaterThan(Number(removal?.[2]) - 0.001);
    await snap(testInfo, '5a-liquidity-removed', a.page);

    // B's portfolio lists the position read from the chain
    await b.page.getByRole('button', { name: 'Portfolio' }).click();
    const positions = b.page.getByRole('table', { name: 'Share positions' });
    const { x, y } = parcelCoords(id);
    await expect(positions.getByRole('row').filter({ hasText: `${x},${y}` })).toContainText('50');
    await b.page.getByRole('button', { name: 'Export key' }).click();
    expect(new Wallet(await b.page.getByLabel('Private key').inputValue()).address).toBe(b.address);
    await snap(testInfo, '5b-portfolio', b.page);
    await b.page.getByRole('button', { name: 'Close portfolio' }).click();
  });

  await test.step('B sees the vote rules, votes below them (refused, nothing spent), then votes a reserve; A underpays the buyout (refused, nothing spent), then starts it', async () => {
    const buyoutB = inspectorB.getByRole('region', { name: 'Buyout' });
    const rules = buyoutB.getByTestId('vote-rules');
    await expect(rules).toContainText('Votes count from the block after they are cast');
    await expect(rules).toContainText(
      'A reserve vote weighs as many shares as the voter holds and has staked',
    );
    await expect(rules).toContainText(
      "Staked shares keep their owner's vote and earn ORE, but must be unstaked to be sold, pooled or cashed; shares in the Uniswap pool do not vote",
    );
    // the default terms: the offering values the parcel at its claim price, the reserve anchor is twice that
    await expect(buyoutB.getByTestId('vote-range')).toHaveText(/^[\d.,]+ to [\d.,]+ ETH$/);
    const ethBeforeVote = await provider.getBalance(b.address);
    await act(buyoutB, { 'Reserve vote (ETH)': '0.001' }, 'Vote');
    await expect(buyoutB.getByRole('alert')).toContainText('is out of range');
    expect(await provider.getBalance(b.address)).toBe(ethBeforeVote);
    await act(buyoutB, { 'Reserve vote (ETH)': '0.1' }, 'Vote');
    await confirmed(buyoutB);

    const buyoutA = inspectorA.getByRole('region', { name: 'Buyout' });
    const ethBefore = await provider.getBalance(a.address);
    await act(buyoutA, { 'Bid (ETH)': '0.01' }, 'Start buyout');
    await expect(buyoutA.getByRole('alert')).toContainText('is below the reserve price');
    expect(await provider.getBalance(a.address)).toBe(ethBefore);
    await snap(testInfo, '6-underpaid', a.page);

    await act(buyoutA, { 'Bid (ETH)': '0.2' }, 'Start buyout');
    await confirmed(buyoutA);
    await expect
      .poll(() => b.page.evaluate((parcel) => window.__fracterra?.parcel(parcel).status, id))
      .toBe(3);
    await expect(buyoutB.getByTestId('auction-countdown')).toHaveText(/^\d+:\d\d$/);
    await snap(testInfo, '7-buyout-started', a.page, b.page);
  });

  await test.step('B bids too low (refused, nothing spent), then outbids; A cannot cash before the end', async () => {
    const buyoutB = inspectorB.getByRole('region', { name: 'Buyout' });
    const ethBefore = await provider.getBalance(b.address);
    await act(buyoutB, { 'Bid (ETH)': '0.2' }, 'Bid');
    await expect(buyoutB.getByRole('alert')).toContainText('Bid too low');
    expect(await provider.getBalance(b.address)).toBe(ethBefore);
    await act(buyoutB, { 'Bid (ETH)': '0.25' }, 'Bid');
    await confirmed(buyoutB);
    await expect(inspectorA.getByRole('region', { name: 'Buyout' }).getByTestId('live-price')).toContainText(
      '0.25 ETH',
    );

    // cashing out waits for the end: the button says why, and nothing can be sent before
    const cash = inspectorA.getByRole('region', { name: 'Buyout' }).getByRole('button', { name: 'Cash out' });
    await expect(cash).toBeDisabled();
    await expect(cash).toHaveAttribute('title', /auction runs until/);
    await snap(testInfo, '8-outbid', a.page, b.page);
  });

  await test.step('the auction ends (chain and page clocks moved past it), B takes the parcel, A cashes out', async () => {
    await passTime(world.chainUrl, Number(await vaultContract().auctionEnd()), a.page, b.page);

    const buyoutB = inspectorB.getByRole('region', { name: 'Buyout' });
    await buyoutB.getByRole('button', { name: 'End auction' }).click();
    // the vault panel gives way to the parcel's new owner as soon as the room reports the end
    await expect.poll(() => registry.ownerOf(BigInt(id)), { timeout: 60_000 }).toBe(b.address);
    await expect
      .poll(() => a.page.evaluate((parcel) => window.__fracterra?.parcel(parcel).owner, id))
      .toBe(b.address);

    const buyoutA = inspectorA.getByRole('region', { name: 'Buyout' });
    const shares = await sharesOf(a.address);
    const supply = await vaultContract().totalSupply();
    const ethBefore = await provider.getBalance(a.address);
    await buyoutA.getByRole('button', { name: 'Cash out' }).click();
    await confirmed(buyoutA);
    expect(await sharesOf(a.address)).toBe(0n);
    // A's part of the winning bid, less gas (well under 0.001 ETH on the local chain)
    const expected = (parseEther('0.25') * shares) / supply;
    const gained = (await provider.getBalance(a.address)) - ethBefore;
    expect(gained).toBeGreaterThan(expected - parseEther('0.001'));
    expect(gained).toBeLessThanOrEqual(expected);
    await snap(testInfo, '9-cashed', a.page, b.page);
  });

  await test.step("A's portfolio keeps the bought-out vault while something is left there: A leaves the pool, cashes the shares and takes its refunds from it", async () => {
    await a.page.getByRole('button', { name: 'Portfolio' }).click();
    const portfolio = a.page.getByRole('region', { name: 'Portfolio' });
    const { x, y } = parcelCoords(id);
    const row = portfolio
      .getByRole('table', { name: 'Share positions' })
      .getByRole('row')
      .filter({
        hasText: `${x},${y}`,
      });
    await expect(row).toContainText('bought out');
    await snap(testInfo, '10-portfolio-ended', a.page);

    await row.getByRole('button', { name: 'Leave the pool' }).click();
    await confirmed(row, 'Removing from the pool');
    expect(await lpOf(a.address)).toBe(0n);
    expect(await sharesOf(a.address)).toBeGreaterThan(0n);

    await row.getByRole('button', { name: 'Cash out' }).click();
    await confirmed(row, 'Cashing out');
    expect(await sharesOf(a.address)).toBe(0n);

    const owed = await vaultContract().payments(a.address);
    expect(owed).toBeGreaterThan(0n); // the outbid start bid and the offering's proceeds
    await row.getByRole('button', { name: /^Withdraw [\d.]+ ETH$/ }).click();
    await expect.poll(() => vaultContract().payments(a.address)).toBe(0n);
    // nothing is left in the vault: its row goes
    await expect(row).toHaveCount(0);
    await snap(testInfo, '11-portfolio-emptied', a.page);
  });

  provider.destroy();
});

test('a chain that goes down mid-flow: the action says so, nothing is spent, and it works once the chain is back', async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  const { config, provider } = await connect(baseURL);
  const registry = typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, provider);
  const player = await openFundedPlayer(browser, provider);
  const centre = await player.page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  const c = parcelCoords(centre as number);
  const id = parcelId(c.x + 2, c.y - 3);

  const inspector = await inspect(player.page, id);
  await claimIn(inspector);
  const form = inspector.getByRole('region', { name: 'Fractionalize' });
  await expect(form).toBeVisible();

  // the chain goes away for real: its process is frozen, so it stops answering the game server
  const before = await provider.getBalance(player.address);
  process.kill(world.chainPid, 'SIGSTOP');
  try {
    await form.getByRole('button', { name: 'Fractionalize' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'Fractionalizing failed: the chain does not answer. Nothing was sent; try again when it is back.',
      { timeout: 60_000 },
    );
    await snap(testInfo, 'chain-down', player.page);
  } finally {
    process.kill(world.chainPid, 'SIGCONT');
  }
  expect(await registry.ownerOf(BigInt(id))).toBe(player.address);
  expect(await provider.getBalance(player.address)).toBe(before);

  // the chain is back: the same button works
  await form.getByRole('button', { name: 'Fractionalize' }).click();
  await expect.poll(() => registry.ownerOf(BigInt(id)), { timeout: 60_000 }).not.toBe(player.address);
  await expect(inspector.getByTestId('parcel-status')).toHaveText('Fractionalized');
  await snap(testInfo, 'chain-back', player.page);
  provider.destroy();
});

test('a player builds a rig with mined ORE, and redeems a parcel held at 100 %', async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  const { config, provider } = await connect(baseURL);
  const { addresses } = config.deployment;
  const registry = typedContract(addresses.LandRegistry, landRegistryAbi, provider);
  const oreMiner = typedContract(addresses.OreMiner, oreMinerAbi, provider);
  const ore = typedContract(addresses.OreToken, oreTokenAbi, provider);
  const player = await openFundedPlayer(browser, provider);
  const centre = await player.page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  const c = parcelCoords(centre as number);
  const id = parcelId(c.x - 2, c.y + 3);

  const inspector = await inspect(player.page, id);
  await claimIn(inspector);

  // a solution on the player's own parcel in its name (miner and owner halves both come to it) pays
  // for a rig (browser mining through the Mining panel: mining.spec and overlays.spec)
  const cost = await oreMiner.rigCost(1n);
  await mineAs(world.chainUrl, config.deployment, player.key, { x: c.x - 2, y: c.y + 3 });
  expect(await ore.balanceOf(player.address)).toBeGreaterThanOrEqual(cost);
  const fromBlock = (await provider.getBlockNumber()) + 1;
  const rig = inspector.getByRole('region', { name: 'Rig' });
  await rig.getByRole('button', { name: 'Build rig level 2' }).click();
  await confirmed(rig);
  expect(await oreMiner.rigLevel(BigInt(id))).toBe(2n);
  // the rig burnt `cost` ORE of the player's, once (read from the burn: the balance alone cannot tell
  // a burn from a solution landing meanwhile)
  const burns = await ore.queryFilter(ore.getEvent('Transfer')(player.address, ZeroAddress), fromBlock);
  expect(burns.map((log) => (log as EventLog).args.value)).toEqual([cost]);
  await expect(rig.getByRole('button', { name: 'Build rig level 3' })).toBeVisible();
  await snap(testInfo, 'rig-built', player.page);

  // fractionalize keeping every share, then redeem the parcel whole
  const form = inspector.getByRole('region', { name: 'Fractionalize' });
  await form.getByLabel('Offered (%)').fill('0');
  await form.getByRole('button', { name: 'Fractionalize' }).click();
  await expect.poll(() => registry.ownerOf(BigInt(id)), { timeout: 60_000 }).not.toBe(player.address);
  const buyout = inspector.getByRole('region', { name: 'Buyout' });
  await buyout.getByRole('button', { name: 'Redeem parcel' }).click();
  await expect.poll(() => registry.ownerOf(BigInt(id)), { timeout: 60_000 }).toBe(player.address);
  await expect(inspector.getByTestId('parcel-status')).toHaveText('Owned');
  await snap(testInfo, 'redeemed', player.page);
  provider.destroy();
});
