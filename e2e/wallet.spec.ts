import type { Browser, BrowserContext, Page } from '@playwright/test';
import { getAddress, JsonRpcProvider, toQuantity } from 'ethers';
import { landRegistryAbi } from '../shared/contracts.ts';
import type { PublicConfig } from '../shared/deployment.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { parcelCoords, parcelId } from '../shared/world.ts';
import { TestWallet, type WalletAnswer } from '../testing/test-wallet.ts';
import { expect, test } from './fixtures.ts';
import { expectNoCspViolations, selectParcel, snap, watchCsp } from './players.ts';

/** What the test puts on the page's window. */
interface TestWalletWindow {
  /** Node's TestWallet.handle of the wallet named by `rdns` (page.exposeFunction). */
  __testWallet(rdns: string, method: string, params: unknown[]): Promise<WalletAnswer>;
  /** Emits an EIP-1193 event of the wallet named by `rdns`, as a wallet does on its own. */
  __testWalletEmit(rdns: string, event: string, value: unknown): void;
}

/** Runs in the page before the game: announces each wallet through EIP-6963, requests go to Node. */
function installWallets(wallets: Array<{ name: string; rdns: string }>) {
  const page = window as unknown as TestWalletWindow;
  const call = page.__testWallet;
  const emitters = new Map<string, (event: string, value: unknown) => void>();
  page.__testWalletEmit = (rdns, event, value) => emitters.get(rdns)?.(event, value);
  for (const { name, rdns } of wallets) {
    const listeners = new Map<string, Set<(value: unknown) => void>>();
    const emit = (event: string, value: unknown) => {
      for (const listener of listeners.get(event) ?? []) listener(value);
    };
    emitters.set(rdns, emit);
    const provider = {
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const answer = await call(rdns, method, params ?? []);
        for (const [event, value] of answer.events ?? []) emit(event, value);
        if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
        return answer.result;
      },
      on(event: string, listener: (value: unknown) => void) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)?.add(listener);
      },
      removeListener(event: string, listener: (value: unknown) => void) {
        listeners.get(event)?.delete(listener);
      },
    };
    const icon = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="teal"/></svg>')}`;
    const detail = Object.freeze({
      info: Object.freeze({ uuid: crypto.randomUUID(), name, icon, rdns }),
      provider,
    });
    const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
    window.addEventListener('eip6963:requestProvider', announce);
    announce();
  }
}

const TEST_WALLET = { name: 'Fracterra Test Wallet', rdns: 'org.fracterra.test-wallet' };
const OTHER_WALLET = { name: 'Other Test Wallet', rdns: 'org.fracterra.other-wallet' };

/** Browser contexts of the running test, closed after it (an open page keeps rendering). */
const opened: BrowserContext[] = [];
test.afterEach(async () => {
  for (const context of opened.splice(0)) await context.close();
  expectNoCspViolations();
});

/** A player whose browser has the two test wallets installed; the game loaded and online. */
async function openWithWallets(browser: Browser, wallets: Record<string, TestWallet>): Promise<Page> {
  const context = await browser.newContext();
  opened.push(context);
  await context.exposeFunction('__testWallet', (rdns: string, method: string, params: unknown[]) => {
    const wallet = wallets[rdns];
    return wallet ? wallet.handle(method, params) : { error: { code: 4100, message: 'no such wallet' } };
  });
  await context.addInitScript(installWallets, [TEST_WALLET, OTHER_WALLET]);
  const page = await context.newPage();
  watchCsp(page);
  await page.goto('/');
  await waitOnline(page);
  return page;
}

async function waitOnline(page: Page) {
  await expect
    .poll(() => page.evaluate(() => window.__fracterra?.ready() ?? false), { timeout: 120_000 })
    .toBe(true);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/online/);
}

/**
 * Sends a chat line and checks the room says it came from `address` (chat is for signed-in players
 * only). After a wallet change the page leaves the room and joins again as the new account; a line
 * sent in that gap is refused on the page ("Not connected to the world.", nothing sent), so it is
 * sent again until the room takes it.
 */
async function expectSignedInAs(page: Page, address: string, text: string) {
  const chat = page.getByRole('region', { name: 'Chat' });
  const line = chat
    .getByRole('log', { name: 'Chat messages' })
    .getByRole('listitem')
    .filter({ hasText: text });
  await expect(async () => {
    await chat.getByRole('textbox', { name: 'Message' }).fill(text);
    await chat.getByRole('button', { name: 'Send' }).click();
    await expect(line.getByTitle(address).first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
}

test('a browser wallet found through EIP-6963: picker, wrong network held back, switch, claim, rejection, remembered', async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  const config = (await (await fetch(`${baseURL}/config`)).json()) as PublicConfig;
  const chain = new JsonRpcProvider(world.chainUrl, config.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  const registry = typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, chain);
  // anvil's development accounts 8 and 7 (the deployer and the faucet use account 0)
  const accounts = (await chain.send('eth_accounts', [])) as string[];
  const wallet = new TestWallet(world.chainUrl, accounts[8] as string);
  const other = new TestWallet(world.chainUrl, accounts[7] as string);
  const address = getAddress(wallet.account);
  const page = await openWithWallets(browser, {
    [TEST_WALLET.rdns]: wallet,
    [OTHER_WALLET.rdns]: other,
  });
  const bar = page.getByRole('region', { name: 'Wallet' });

  await test.step('the picker lists the burner and both announced wallets; the test wallet is chosen', async () => {
    await bar.getByRole('button', { name: 'Wallet: Burner (this browser)' }).click();
    const menu = page.getByRole('menu', { name: 'Wallets' });
    await expect(menu.getByRole('menuitemradio')).toHaveText([
      'Burner (this browser)',
      TEST_WALLET.name,
      OTHER_WALLET.name,
    ]);
    await expect(menu.getByRole('menuitemradio', { name: 'Burner (this browser)' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await snap(testInfo, '1-picker', page);
    await menu.getByRole('menuitemradio', { name: TEST_WALLET.name }).click();
    await expect(bar.getByRole('button', { name: `Wallet: ${TEST_WALLET.name}` })).toBeVisible();
    await expect(bar.getByTitle(address)).toBeVisible();
  });

  const centre = await page.evaluate(() => window.__fracterra?.camera().parcelId ?? null);
  expect(centre).not.toBeNull();
  const c = parcelCoords(centre as number);
  const id = parcelId(c.x + 4, c.y - 4);
  const refused = parcelId(c.x - 5, c.y - 1);

  await test.step('on the wrong network the prompt shows and a claim is refused with nothing sent', async () => {
    const prompt = bar.getByRole('alert').filter({ hasText: 'Wrong network' });
    await expect(prompt).toContainText(
      `Wrong network: Ethereum (chain 1); switch to chain ${config.chainId}.`,
    );
    const sent = await chain.getTransactionCount(address);
    const inspector = await selectParcel(page, id);
    await inspector.getByRole('button', { name: 'Claim' }).click();
    await expect(inspector.getByRole('alert')).toHaveText(
      `Wrong network: Ethereum (chain 1); switch to chain ${config.chainId}. Nothing was sent.`,
    );
    expect(await chain.getTransactionCount(address)).toBe(sent);
    expect(await registry.exists(BigInt(id))).toBe(false);
    await snap(testInfo, '2-wrong-network', page);
  });

  await test.step('Switch network (the wallet learns the game chain first); the claim goes through from the wallet account', async () => {
    await bar.getByRole('button', { name: 'Switch network' }).click();
    await expect(bar.getByRole('alert').filter({ hasText: 'Wrong network' })).toHaveCount(0);
    expect(wallet.chainId).toBe(config.chainId);
    // the wallet did not know the game's chain: the game described it (code 4902, then add)
    expect(wallet.added).toEqual([
      {
        chainId: toQuantity(config.chainId),
        chainName: 'Fracterra local',
        rpcUrls: [`${baseURL}/rpc`],
        nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      },
    ]);
    const inspector = await selectParcel(page, id);
    await inspector.getByRole('button', { name: 'Claim' }).click();
    await expect(inspector.getByRole('status').filter({ hasText: 'Claimed' })).toBeVisible({
      timeout: 60_000,
    });
    expect(await registry.ownerOf(BigInt(id))).toBe(address);
    // the room's owner is the wallet account, and the page knows it is its own
    await expect(inspector.getByTitle(address)).toHaveText('you');
    await snap(testInfo, '3-claimed', page);
  });

  await test.step('the world session is signed in as the wallet account (its chat line says so)', async () => {
    await expectSignedInAs(page, address, 'hello from a browser wallet');
  });

  await test.step('a transaction rejected in the wallet says so and nothing is sent', async () => {
    wallet.rejectNext = true;
    const sent = await chain.getTransactionCount(address);
    const inspector = await selectParcel(page, refused);
    await inspector.getByRole('button', { name: 'Claim' }).click();
    await expect(inspector.getByRole('alert')).toHaveText(
      `You rejected the transaction in ${TEST_WALLET.name}; nothing was sent.`,
    );
    expect(await chain.getTransactionCount(address)).toBe(sent);
    expect(await registry.exists(BigInt(refused))).toBe(false);
    await snap(testInfo, '4-rejected', page);
  });

  await test.step('the portfolio offers no key export for a browser wallet', async () => {
    await bar.getByRole('button', { name: 'Portfolio' }).click();
    const portfolio = page.getByRole('region', { name: 'Portfolio' });
    await expect(portfolio.getByRole('list', { name: 'Parcels owned' })).toContainText(
      `${c.x + 4},${c.y - 4}`,
    );
    await expect(portfolio.getByRole('button', { name: 'Export key' })).toHaveCount(0);
    await portfolio.getByRole('button', { name: 'Close portfolio' }).click();
  });

  const switched = getAddress(accounts[7] as string);
  await test.step('another account chosen in the wallet (accountsChanged): the game signs in again as it', async () => {
    wallet.account = switched;
    await page.evaluate(
      ([rdns, account]) =>
        (window as unknown as TestWalletWindow).__testWalletEmit(rdns, 'accountsChanged', [account]),
      [TEST_WALLET.rdns, switched.toLowerCase()] as const,
    );
    await expect(bar.getByTitle(switched)).toBeVisible();
    await expectSignedInAs(page, switched, 'hello from the second account');
    await snap(testInfo, '5-account-changed', page);
  });

  await test.step('a reload reconnects to the same wallet and account, signed in without a second signature', async () => {
    const signed = wallet.signatures;
    await page.reload();
    await waitOnline(page);
    await expect(bar.getByRole('button', { name: `Wallet: ${TEST_WALLET.name}` })).toBeVisible();
    await expect(bar.getByTitle(switched)).toBeVisible();
    await expectSignedInAs(page, switched, 'hello after a reload');
    expect(wallet.signatures).toBe(signed);
    // the session is an HttpOnly cookie: the page's scripts cannot read (or leak) it
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await snap(testInfo, '6-reloaded', page);
  });

  await test.step('a forged session cookie is refused: the page signs in anew', async () => {
    const context = page.context();
    const [session] = (await context.cookies()).filter((cookie) => cookie.name === 'fracterra_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await context.addCookies([{ ...(session as NonNullable<typeof session>), value: 'A'.repeat(43) }]);
    const signed = wallet.signatures;
    await page.reload();
    await waitOnline(page);
    await expectSignedInAs(page, switched, 'hello after a forged cookie');
    expect(wallet.signatures).toBe(signed + 1);
  });

  chain.destroy();
});
