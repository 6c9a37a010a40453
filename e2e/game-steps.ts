import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from '@playwright/test';
import { JsonRpcProvider, Wallet } from 'ethers';
import { BURNER_KEY_ITEM } from '../client/features/wallet/burner-key.ts';
import type { Deployment, PublicConfig } from '../shared/deployment.ts';
import { marketPlayer } from '../testing/test-market.ts';
import { expect } from './fixtures.ts';
import { openPlayer } from './players.ts';

/** Steps the specs that play through the game's panels share: players with funds, forms, claims. */

export interface Player {
  page: Page;
  address: string;
  /** The burner wallet's private key, for moves a test makes on chain in the player's name. */
  key: string;
}

/** A new player (see players.ts; `prepare` and `options` as there), also funded by the faucet. */
export async function openFundedPlayer(
  browser: Browser,
  provider: JsonRpcProvider,
  prepare?: (context: BrowserContext) => Promise<void>,
  options?: BrowserContextOptions,
): Promise<Player> {
  const page = await openPlayer(browser, prepare, options);
  const key = await page.evaluate((item) => localStorage.getItem(item), BURNER_KEY_ITEM);
  expect(key).toMatch(/^0x[0-9a-f]{64}$/i);
  const address = new Wallet(key as string).address;
  await expect.poll(() => provider.getBalance(address)).toBeGreaterThan(0n);
  return { page, address, key: key as string };
}

/** The game's config and a provider on its `/rpc`, as a browser of the game reaches the chain. */
export async function connect(
  baseURL: string | undefined,
): Promise<{ config: PublicConfig; provider: JsonRpcProvider }> {
  const config = (await (await fetch(`${baseURL}/config`)).json()) as PublicConfig;
  const provider = new JsonRpcProvider(`${baseURL}/rpc`, config.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  return { config, provider };
}

/** Fills `label` in `region` and clicks `button`; the region then shows confirmed or an alert. */
export async function act(region: Locator, fields: Record<string, string>, button: string) {
  for (const [label, value] of Object.entries(fields)) await region.getByLabel(label).fill(value);
  await region.getByRole('button', { name: button }).click();
}

/** Waits for `region` to say an action is confirmed (`action`: which one, where several have run). */
export async function confirmed(region: Locator, action = '') {
  await expect(region.getByRole('status').filter({ hasText: `${action}: confirmed` })).toBeVisible({
    timeout: 60_000,
  });
}

/** Claims the parcel shown in `inspector` and waits for the claim to be mined. */
export async function claimIn(inspector: Locator) {
  await inspector.getByRole('button', { name: 'Claim' }).click();
  await expect(inspector.getByRole('status').filter({ hasText: 'Claimed' })).toBeVisible({ timeout: 60_000 });
}

/** Stops mining and waits until solutions in flight are mined, before the wallet sends anything else. */
export async function stopMining(mining: Locator, provider: JsonRpcProvider, address: string) {
  await mining.getByRole('button', { name: 'Stop mining' }).click();
  await expect
    .poll(
      async () =>
        (await provider.getTransactionCount(address, 'pending')) -
        (await provider.getTransactionCount(address, 'latest')),
    )
    .toBe(0);
}

/** Fractionalizes the parcel shown in `inspector` with the form's default terms and waits until it is. */
export async function fractionalizeIn(inspector: Locator) {
  await inspector
    .getByRole('region', { name: 'Fractionalize' })
    .getByRole('button', { name: 'Fractionalize' })
    .click();
  await expect(inspector.getByTestId('parcel-status')).toHaveText('Fractionalized', { timeout: 60_000 });
}

/** Claims the parcel shown in `inspector` and fractionalizes it with the form's defaults (1,000 shares, 400 offered). */
export async function claimAndSplit(inspector: Locator) {
  await claimIn(inspector);
  await fractionalizeIn(inspector);
}

/** A provider straight to the test chain, not through the server's /rpc: for its evm_* methods. */
export const testChain = (chainUrl: string) =>
  new JsonRpcProvider(chainUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });

/**
 * Moves time just past `unixSeconds` (an auction's end, a vote's deadline) without waiting for it:
 * the local chain's clock (`chainUrl`, the chain itself: the game's /rpc proxy refuses admin
 * methods) and the clocks of `pages`, which must have been opened with `context.clock.install()`.
 */
export async function passTime(chainUrl: string, unixSeconds: number, ...pages: Page[]) {
  const chain = testChain(chainUrl);
  try {
    const pending = (await chain.getBlock('pending'))?.timestamp as number;
    await chain.send('evm_increaseTime', [unixSeconds - pending + 1]);
  } finally {
    chain.destroy();
  }
  for (const page of pages) {
    const pageNow = await page.evaluate(() => Date.now());
    await page.clock.fastForward(unixSeconds * 1000 - pageNow + 1_000);
  }
}

/**
 * Lands `solutions` solutions on parcel (x, y) one after another in the name of the wallet of `key`,
 * sent from the test to the chain (`chainUrl`) instead of mined by a page: seconds at the e2e
 * deployment's test-low target, and independent of the page's clock; then a minute of chain time.
 */
export async function mineAs(
  chainUrl: string,
  deployment: Deployment,
  key: string,
  at: { x: number; y: number },
  solutions = 1,
) {
  const miner = marketPlayer(chainUrl, deployment, key);
  const chain = testChain(chainUrl);
  try {
    for (let i = 0; i < solutions; i++) await miner.mine(at.x, at.y);
    // rewards stream with the chain's time, and the solutions may all land within one second: a
    // minute passes on the chain (one block), so part of them has streamed when the test reads
    await chain.send('evm_increaseTime', [60]);
    await chain.send('evm_mine', []);
  } finally {
    miner.close();
    chain.destroy();
  }
}
