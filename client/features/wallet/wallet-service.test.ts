import { getAddress, JsonRpcProvider, toUtf8String } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landRegistryAbi } from '../../../shared/contracts.ts';
import { LOCAL_DEPLOYER_KEY } from '../../../shared/defaults.ts';
import type { PublicConfig } from '../../../shared/deployment.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { parcelId } from '../../../shared/world.ts';
import { startTestWorld, stopTestWorld, type TestWorld } from '../../../testing/test-chain.ts';
import { InjectedProvider, MemoryStorage, TestWallet } from '../../../testing/test-wallet.ts';
import { type AppState, type AppStore, createAppStore } from '../../store.ts';
import { fetchConfig } from '../net/config.ts';
import type { WalletAccount } from './account.ts';
import { BURNER_CHOICE } from './wallet-core.ts';
import { networkProblem, WalletRefusal } from './wallet-errors.ts';
import { createWalletService } from './wallet-service.ts';

/** One page: its store, storage and window, and the browser wallets installed in it. */
interface TestPage {
  store: AppStore;
  storage: MemoryStorage;
  events: EventTarget;
}

function newPage(storage = new MemoryStorage()): TestPage {
  return { store: createAppStore(), storage, events: new EventTarget() };
}

/** The test browser wallet's EIP-6963 name and reverse-DNS id. */
const WALLET = { name: 'Test Wallet', rdns: 'org.fracterra.test' };

/** Resolves once the store satisfies `check` (at once when it already does). */
function until(store: AppStore, check: (state: AppState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check(store.getState())) return resolve();
    const stop = store.subscribe((state) => {
      if (!check(state)) return;
      stop();
      resolve();
    });
  });
}

describe('the wallet service on a real chain and game server', () => {
  let world: TestWorld;
  let config: PublicConfig;
  let url: URL;
  let chain: JsonRpcProvider;
  /** anvil's unlocked development accounts (the test wallets hold accounts 4 and up). */
  let accounts: string[];

  beforeAll(async () => {
    world = await startTestWorld({ server: { faucetKey: LOCAL_DEPLOYER_KEY } });
    url = new URL(world.server.url);
    config = await fetchConfig(url);
    chain = new JsonRpcProvider(world.chain.rpcUrl, config.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    accounts = (await chain.send('eth_accounts', [])) as string[];
  });
  afterAll(async () => {
    chain?.destroy();
    await stopTestWorld(world ?? {});
  });

  /** The wallet service of `page`, and the accounts it announced (null: none open any more). */
  function open(page: TestPage, pageConfig = config) {
    const service = createWalletService(page.store, pageConfig, {
      page: url,
      storage: page.storage,
      events: page.events,
    });
    const announced: Array<WalletAccount | null> = [];
    service.onAccountChange((account) => announced.push(account));
    return { service, announced };
  }

  /** A page with a test browser wallet holding anvil's account `index`, and its wallet service. */
  function pageWithWallet(index: number) {
    const wallet = new TestWallet(world.chain.rpcUrl, accounts[index] as string);
    const provider = new InjectedProvider(wallet);
    const page = newPage();
    const uuid = provider.announceTo(page.events, WALLET);
    return { wallet, provider, page, uuid, ...open(page) };
  }

  const ownerOf = (x: number, y: number) =>
    typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, chain).ownerOf(
      BigInt(parcelId(x, y)),
    );

  it('opens the burner on choice, funds it from the faucet, claims with it, and restores it after a reload', async () => {
    const page = newPage();
    const { service, announced } = open(page);
    expect(page.store.getState().walletChoices.map((choice) => choice.id)).toEqual([BURNER_CHOICE]);

    await service.choose(BURNER_CHOICE);
    const { address, walletKind, walletChainId } = page.store.getState();
    expect(walletKind).toBe('burner');
    expect(walletChainId).toBeNull(); // the burner is always on the game's chain: no network prompt
    expect(announced.map((account) => account?.address)).toEqual([address]);

    await service.funded();
    const funded = await chain.getBalance(address as string);
    expect(funded).toBeGreaterThan(0n);
    await until(page.store, (state) => state.balanceWei === funded);

    await service.claim(parcelId(11, -11));
    expect(page.store.getState().claim).toMatchObject({ phase: 'claimed' });
    expect(await ownerOf(11, -11)).toBe(address);

    // a reload: the same browser storage opens the same burner, without asking anything
    const reloaded = newPage(page.storage);
    await open(reloaded).service.restore();
    expect(reloaded.store.getState()).toMatchObject({ walletStatus: 'ready', walletKind: 'burner', address });
  });

  it('holds a browser wallet on another network back, switches it (4902, then added), then claims', async () => {
    const { wallet, provider, page, uuid, service } = pageWithWallet(4);
    expect(page.store.getState().walletChoices.map((choice) => choice.name)).toEqual([
      'Burner (this browser)',
      'Test Wallet',
    ]);

    await service.choose(uuid);
    const address = getAddress(wallet.account);
    expect(page.store.getState()).toMatchObject({ walletKind: 'injected', address, walletChainId: 1 });
    expect(networkProblem(page.store.getState().walletChainId, config.chainId)).toBe(
      `Wrong network: Ethereum (chain 1); switch to chain ${config.chainId}.`,
    );

    const nonce = await chain.getTransactionCount(address);
    await service.claim(parcelId(12, -12));
    expect(page.store.getState().claim).toMatchObject({
      phase: 'failed',
      message: `Wrong network: Ethereum (chain 1); switch to chain ${config.chainId}. Nothing was sent.`,
    });
    expect(provider.methods()).not.toContain('eth_sendTransaction');
    expect(await chain.getTransactionCount(address)).toBe(nonce);

    await service.switchNetwork();
    expect(provider.methods().filter((method) => method.startsWith('wallet_'))).toEqual([
      'wallet_switchEthereumChain', // refused with 4902: the wallet does not know the game's chain
      'wallet_addEthereumChain',
    ]);
    expect(wallet.added).toEqual([
      expect.objectContaining({
        chainId: `0x${config.chainId.toString(16)}`,
        rpcUrls: [new URL('/rpc', url).href],
      }),
    ]);
    expect(page.store.getState()).toMatchObject({ walletChainId: config.chainId, walletError: null });

    await service.claim(parcelId(12, -12));
    expect(page.store.getState().claim).toMatchObject({ phase: 'claimed' });
    expect(await ownerOf(12, -12)).toBe(address);
  });

  it('reports rejections (4001) in words and sends nothing: connect, sign-in, transaction', async () => {
    const { wallet, provider, page, uuid, service } = pageWithWallet(5);
    wallet.chainId = config.chainId;
    wallet.known.add(config.chainId);
    await service.choose(BURNER_CHOICE);
    await service.funded();
    const burner = page.store.getState().address;

    // the player declines the connection: the burner stays open, and the bar says why
    const undo = provider.intercept('eth_requestAccounts', async () => {
      throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
    });
    await service.choose(uuid);
    expect(page.store.getState()).toMatchObject({
      walletKind: 'burner',
      address: burner,
      walletError: 'You declined to connect Test Wallet; nothing changed.',
    });
    undo();

    await service.choose(uuid);
    const address = getAddress(wallet.account);
    expect(page.store.getState()).toMatchObject({ walletKind: 'injected', address, walletError: null });

    wallet.rejectNext = true;
    expect(await service.signIn()).toBe(false);
    expect(page.store.getState().walletError).toBe(
      'You declined the sign-in in Test Wallet: you play as a guest (choose the wallet again to sign in).',
    );
    expect(await service.signIn()).toBe(true); // the server checked the signature this time

    const nonce = await chain.getTransactionCount(address);
    wallet.rejectNext = true;
    await service.claim(parcelId(13, -13));
    expect(page.store.getState().claim).toMatchObject({
      phase: 'failed',
      message: 'You rejected the transaction in Test Wallet; nothing was sent.',
    });
    expect(await chain.getTransactionCount(address)).toBe(nonce);
  });

  it('follows the browser wallet: another account re-signs as that one, a disconnect leaves a guest', async () => {
    const { wallet, provider, page, uuid, service, announced } = pageWithWallet(6);
    wallet.chainId = config.chainId;
    await service.choose(uuid);
    expect(await service.signIn()).toBe(true);

    // the player picks another account in the wallet
    wallet.account = accounts[7] as string;
    const second = getAddress(wallet.account);
    const changed = new Promise((resolve) => service.onAccountChange(resolve));
    provider.emit('accountsChanged', [wallet.account.toLowerCase()]);
    await changed;
    expect(page.store.getState()).toMatchObject({ walletStatus: 'ready', address: second });
    expect(announced.map((account) => account?.address)).toEqual([getAddress(accounts[6] as string), second]);
    expect((await service.account()).address).toBe(second);

    const signed = provider.requests.filter((request) => request.method === 'personal_sign').length;
    expect(await service.signIn()).toBe(true);
    const signIns = provider.requests.filter((request) => request.method === 'personal_sign');
    expect(signIns).toHaveLength(signed + 1);
    const [message, signer] = (signIns.at(-1)?.params ?? []) as [string, string];
    expect(signer).toBe(second.toLowerCase());
    expect(toUtf8String(message)).toContain(`\n${second}\n`);

    // the wallet no longer shares any account: a guest, told why, and nothing signs
    provider.emit('accountsChanged', []);
    expect(page.store.getState()).toMatchObject({
      walletStatus: 'none',
      address: null,
      walletError: 'Test Wallet disconnected: choose a wallet to sign in again.',
    });
    expect(announced.at(-1)).toBeNull();
    await expect(service.account()).rejects.toThrow(
      new WalletRefusal('No wallet is connected: choose one with the Wallet button.'),
    );
    expect(provider.listenerCount('accountsChanged')).toBe(0);

    // a reload: the remembered wallet shares no account now, so the local chain's burner opens
    wallet.connected = false;
    const reloaded = newPage(page.storage);
    provider.announceTo(reloaded.events, WALLET);
    const fresh = open(reloaded).service;
    await fresh.restore();
    expect(reloaded.store.getState()).toMatchObject({ walletStatus: 'ready', walletKind: 'burner' });
    await fresh.funded();
  });

  it('keeps the newer choice when an older, slower one finishes after it', async () => {
    const { provider, page, uuid, service, announced } = pageWithWallet(9);
    // the wallet takes its time to say which network it is on, until the test lets it answer
    let answer = () => {};
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    provider.intercept('eth_chainId', () => held);

    const slow = service.choose(uuid);
    await until(page.store, (state) => state.walletStatus === 'loading');
    await service.choose(BURNER_CHOICE);
    const burner = page.store.getState().address;
    answer();
    await slow;
    expect(page.store.getState()).toMatchObject({
      walletStatus: 'ready',
      walletKind: 'burner',
      address: burner,
    });
    expect(announced.map((account) => account?.address)).toEqual([burner]);
    expect(provider.listenerCount('accountsChanged')).toBe(0);
    await service.funded();
  });

  it('reconnects the remembered browser wallet after a reload without a prompt', async () => {
    const { wallet, page, uuid, service } = pageWithWallet(8);
    await service.choose(uuid);

    const reloaded = newPage(page.storage);
    const again = new InjectedProvider(wallet);
    again.announceTo(reloaded.events, WALLET);
    await open(reloaded).service.restore();
    expect(reloaded.store.getState()).toMatchObject({
      walletKind: 'injected',
      address: getAddress(wallet.account),
    });
    expect(again.methods()).toContain('eth_accounts');
    expect(again.methods()).not.toContain('eth_requestAccounts');
  });

  it('on a network without a faucet, offers no burner and says a browser wallet is needed', async () => {
    const page = newPage();
    const { service } = open(page, { ...config, faucet: false });
    await service.restore();
    expect(page.store.getState()).toMatchObject({ walletChoices: [], walletStatus: 'none' });
    await expect(service.account()).rejects.toThrow(
      new WalletRefusal('No browser wallet found: install one to play on this network.'),
    );
  });
});
