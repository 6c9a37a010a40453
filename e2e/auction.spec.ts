import { type ContractTransactionResponse, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { defaultTerms } from '../client/features/chain/chain-actions.ts';
import { BURNER_KEY_ITEM } from '../client/features/wallet/burner-key.ts';
import { fractionalizerAbi, landRegistryAbi, shareVaultAbi } from '../shared/contracts.ts';
import type { PublicConfig } from '../shared/deployment.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { claimPriceWei, parcelCoords, parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { expect, test } from './fixtures.ts';
import { closePlayersAfterEach, selectParcel as inspect, openPlayer, snap } from './players.ts';

closePlayersAfterEach();

/** Sends a contract call and waits for it to be mined. */
async function mined(call: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await call).wait();
  expect(receipt?.status).toBe(1);
}

test('an auction that ended on an idle chain (its latest block from before the end) is ended and cashed out from the UI', async ({
  browser,
  baseURL,
  world,
}, testInfo) => {
  const config = (await (await fetch(`${baseURL}/config`)).json()) as PublicConfig;
  const { addresses } = config.deployment;
  const provider = new JsonRpcProvider(`${baseURL}/rpc`, config.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  // the local chain itself, for its clock (the /rpc proxy refuses admin methods)
  const anvil = new JsonRpcProvider(world.chainUrl, config.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
  try {
    // The page's clock is Playwright's: it runs as the real one until the test moves it on.
    const page = await openPlayer(browser, (context) => context.clock.install());
    const key = (await page.evaluate((item) => localStorage.getItem(item), BURNER_KEY_ITEM)) as string;
    const holder = new NonceManager(new Wallet(key, provider));
    await expect.poll(() => provider.getBalance(holder)).toBeGreaterThan(0n);
    const bidder = new NonceManager(new Wallet(PLAYER_KEYS[2], provider));

    // A parcel near the player's camera (the world is this spec's own: nobody has claimed it).
    const centre = parcelCoords((await page.evaluate(() => window.__fracterra?.camera().parcelId)) as number);
    const [x, y] = [centre.x + 4, centre.y + 3];
    const id = parcelId(x, y);

    // The player claims and fractionalizes it; another account starts a buyout at the reserve.
    const land = typedContract(addresses.LandRegistry, landRegistryAbi, holder);
    await mined(land.claim(BigInt(x), BigInt(y), { value: claimPriceWei(x, y) }));
    await mined(land.approve(addresses.Fractionalizer, BigInt(id)));
    const terms = defaultTerms(claimPriceWei(x, y));
    const fractionalizer = typedContract(addresses.Fractionalizer, fractionalizerAbi, holder);
    await mined(
      fractionalizer.fractionalize(
        BigInt(id),
        terms.supply,
        terms.reservePrice,
        terms.offerPrice,
        terms.offerAmount,
      ),
    );
    const vault = typedContract(await fractionalizer.vaultOf(BigInt(id)), shareVaultAbi, bidder);
    await mined(vault.start({ value: await vault.reservePrice() }));
    const auctionEnd = Number(await vault.auctionEnd());

    // While the auction runs, End auction and Cash out wait and say why; a bid's extension is told.
    const buyout = (await inspect(page, id)).getByRole('region', { name: 'Buyout' });
    for (const name of ['End auction', 'Cash out']) {
      await expect(buyout.getByRole('button', { name })).toBeDisabled();
      await expect(buyout.getByRole('button', { name })).toHaveAttribute(
        'title',
        /^The auction runs until \d\d:\d\d/,
      );
    }
    await expect(buyout.getByTestId('auction-rules')).toContainText(
      'it can be ended, and shares cashed, after that',
    );
    await expect(buyout.getByTestId('bid-extends')).toContainText(
      /pushes its end back|extends the auction to/,
    );

    // Time passes the end and nothing happens on chain: no block after the buyout's.
    const pending = (await anvil.getBlock('pending'))?.timestamp as number;
    await anvil.send('evm_increaseTime', [auctionEnd - pending + 1]);
    const pageNow = (await page.evaluate(() => Date.now())) as number;
    await page.clock.fastForward(auctionEnd * 1000 - pageNow + 1_000);
    const idleHead = await provider.getBlock('latest');
    expect(idleHead?.timestamp).toBeLessThan(auctionEnd);

    await expect(buyout.getByTestId('auction-countdown')).toHaveText('ended');
    await snap(testInfo, '1-auction-ended-idle-chain', page);
    expect((await provider.getBlock('latest'))?.number).toBe(idleHead?.number);

    await buyout.getByRole('button', { name: 'End auction' }).click();
    await expect.poll(() => land.ownerOf(BigInt(id))).toBe(await bidder.getAddress());
    const holderAddress = await holder.getAddress();
    expect(await vault.balanceOf(holderAddress)).toBeGreaterThan(0n);
    await buyout.getByRole('button', { name: 'Cash out' }).click();
    // The holder's last share: the vault the parcel left now holds nothing of theirs, and its panel
    // stays with the confirmation until the player closes the inspector or picks another parcel.
    await expect(buyout.getByRole('status')).toHaveText('Cashing out: confirmed.', { timeout: 60_000 });
    expect(await vault.balanceOf(holderAddress)).toBe(0n);
    expect(await vault.cashPool()).toBeLessThan(await vault.livePrice());
    await snap(testInfo, '2-cashed-out', page);
  } finally {
    provider.destroy();
    anvil.destroy();
  }
});
