import type { Locator, Page, TestInfo } from '@playwright/test';
import { shareVaultAbi } from '../shared/contracts.ts';
import { PALETTE } from '../shared/structure-styles.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { expect, test } from './fixtures.ts';
import { act, claimIn, confirmed, connect, openFundedPlayer, testChain } from './game-steps.ts';
import { closePlayersAfterEach, selectParcel as inspect, snap } from './players.ts';

closePlayersAfterEach();

/** The structure the page's city draws on parcel `id`. */
const structureOn = (page: Page, id: number) =>
  page.evaluate((parcel) => window.__fracterra?.parcel(parcel).structure ?? null, id);

const styleVote = (inspector: Locator) => inspector.getByRole('region', { name: 'Style vote' });

/** Scrolls both players' style votes into view, then screenshots both pages. */
async function snapVotes(testInfo: TestInfo, name: string, a: Page, b: Page, ...votes: Locator[]) {
  for (const vote of votes) await vote.scrollIntoViewIfNeeded();
  await snap(testInfo, name, a, b);
}

test('two co-owners vote a new look for their parcel: proposal, votes, time left, settle, and both see it', async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  // two players, eight transactions and a passing vote period: minutes on a busy machine
  test.setTimeout(600_000);
  const { provider } = await connect(baseURL);
  // the local chain itself, for its clock (the /rpc proxy refuses admin methods)
  const anvil = testChain(world.chainUrl);
  // the pages' clocks are Playwright's: they run as the real one until the test moves them on
  const a = await openFundedPlayer(browser, provider, (context) => context.clock.install());
  const b = await openFundedPlayer(browser, provider, (context) => context.clock.install());
  const centre = parcelCoords((await a.page.evaluate(() => window.__fracterra?.camera().parcelId)) as number);
  const id = parcelId(centre.x + 2, centre.y - 2);

  // A claims and fractionalizes (1,000 shares, 400 offered); B buys 300 of the offered shares
  const inspectorA = await inspect(a.page, id);
  await claimIn(inspectorA);
  const form = inspectorA.getByRole('region', { name: 'Fractionalize' });
  await expect(form.getByLabel('Offered (%)')).toHaveValue('40');
  await form.getByRole('button', { name: 'Fractionalize' }).click();
  // the parcel's status once the room reports the vault; the form's refusal in words if it failed
  await expect
    .poll(
      async () =>
        (await form.getByRole('alert').count()) > 0
          ? form.getByRole('alert').textContent()
          : inspectorA.getByTestId('parcel-status').textContent(),
      { timeout: 120_000 },
    )
    .toBe('Fractionalized');
  const inspectorB = await inspect(b.page, id);
  const offering = inspectorB.getByRole('region', { name: 'Offering' });
  await act(offering, { 'Shares to buy': '300' }, 'Buy shares');
  await confirmed(offering);
  // the tower's floors are banded by its largest holders, live: A's 60 %, B's 30 %, the rest
  for (const page of [a.page, b.page]) {
    await expect
      .poll(async () => (await structureOn(page, id))?.bands.map((band) => band.share))
      .toEqual([0.6, 0.3, expect.closeTo(0.1, 9)]);
  }
  await expect(inspectorB.getByTestId('parcel-style')).toHaveText('Generated, Owner colour');
  await snap(testInfo, '1-co-owned-holder-bands', a.page, b.page);

  // A proposes Striped in Jade (voting for it with 600); B sees the proposal, its tally and time left
  const voteA = styleVote(inspectorA);
  await voteA.getByLabel('Style').selectOption('Striped');
  await voteA.getByLabel('Colour').selectOption('Jade');
  await voteA.getByRole('button', { name: 'Propose' }).click();
  await confirmed(voteA, 'Proposing a style');
  const voteB = styleVote(inspectorB);
  await expect(voteB.getByTestId('style-proposal')).toContainText('Proposal 1: Striped, Jade');
  await expect(voteB.getByTestId('style-tally')).toHaveText(/^For 600 · against 0 shares · passing/);
  await expect(voteB.getByTestId('style-time-left')).toHaveText(/^Voting closes in [45]:\d\d$/);
  await expect(inspectorB.getByTestId('parcel-style')).toContainText('co-owners are voting on a new one');
  await expect(voteA.getByRole('button', { name: 'Vote for' })).toHaveCount(0); // A voted by proposing
  await snapVotes(testInfo, '2-proposed', a.page, b.page, voteA, voteB);

  // B votes for: both see 900 for
  await voteB.getByRole('button', { name: 'Vote for' }).click();
  await confirmed(voteB, 'Voting on the style');
  await expect(voteB).toContainText('You voted for.');
  for (const vote of [voteA, voteB]) {
    await expect(vote.getByTestId('style-tally')).toHaveText(/^For 900 · against 0 shares/);
  }
  await expect(voteB.getByRole('button', { name: 'Settle the vote' })).toHaveCount(0);
  await snapVotes(testInfo, '3-both-voted', a.page, b.page, voteA, voteB);

  // The voting period passes (the chain's clock and the pages'); B settles, A's parcel is restyled
  const vault = (await a.page.evaluate((parcel) => window.__fracterra?.parcel(parcel).owner, id)) as string;
  const [, , , deadline] = await typedContract(vault, shareVaultAbi, provider).styleProposal();
  const pending = (await anvil.getBlock('pending'))?.timestamp as number;
  await anvil.send('evm_increaseTime', [Number(deadline) - pending + 1]);
  for (const page of [a.page, b.page]) {
    const pageNow = (await page.evaluate(() => Date.now())) as number;
    await page.clock.fastForward(Number(deadline) * 1000 - pageNow + 1_000);
  }
  await expect(voteA.getByTestId('style-time-left')).toHaveText('Voting closed: anyone may settle it');
  await snapVotes(testInfo, '4-voting-closed', a.page, b.page, voteA, voteB);
  await voteB.getByRole('button', { name: 'Settle the vote' }).click();
  await confirmed(voteB, 'Settling the style vote');

  const jade = PALETTE.find((colour) => colour.name === 'Jade')?.hue;
  for (const inspector of [inspectorA, inspectorB]) {
    await expect(inspector.getByTestId('parcel-style')).toHaveText('Striped, Jade', { timeout: 30_000 });
  }
  // the city draws the tower in four bands of Jade, light and dark, on both screens
  for (const page of [a.page, b.page]) {
    const structure = await structureOn(page, id);
    expect(structure?.bands.map((band) => [band.hue, band.lightness])).toEqual([
      [jade, 0.5],
      [jade, 0.72],
      [jade, 0.5],
      [jade, 0.72],
    ]);
  }
  // the vote is settled for both: the proposal gives way to the form for the next one
  for (const vote of [voteA, voteB]) {
    await expect(vote.getByTestId('style-proposal')).toHaveCount(0);
    await expect(vote.getByRole('button', { name: 'Propose' })).toBeVisible();
  }
  await snapVotes(testInfo, '5-restyled', a.page, b.page, voteA, voteB);
  provider.destroy();
  anvil.destroy();
});
