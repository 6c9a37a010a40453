import type { JsonRpcProvider } from 'ethers';
import type { PublicConfig } from '../../../shared/deployment.ts';
import type { Hex } from '../../../shared/pow.ts';
import type { AppStore } from '../../store.ts';
import { createRefresher } from '../net/chain-refresh.ts';
import type { SolutionOutcome } from '../mining/solution.ts';
import { endSession, openSession, sessionAddress, sessionNonce } from '../net/session.ts';
import type { WalletAccount } from './account.ts';
import { type AnnouncedWallet, discoverWallets } from './eip6963.ts';
import { hasRpcCode, messageOf, UNRECOGNIZED_CHAIN, USER_REJECTED, WalletRefusal } from './wallet-errors.ts';
import type { OpenWallet, WalletChoice } from './wallet-slice.ts';

/** The picker's id of the burner wallet (announced wallets go by their EIP-6963 uuid). */
export const BURNER_CHOICE = 'burner';
export const BURNER_NAME = 'Burner (this browser)';
/** localStorage item: the wallet chosen last, BURNER_CHOICE or a browser wallet's rdns. */
const CHOICE_ITEM = 'fracterra.wallet';

/** Blocks the room reports within this many ms are answered by one read of the bar's balances. */
const BALANCE_GATHER_MS = 250;
/** Faucet attempts and the pause between them: its per-IP limit refills one drip a minute. */
const FUND_ATTEMPTS = 10;
const FUND_RETRY_MS = 15_000;

/** What the wallet service runs on: the page's address, its storage, and the window (EIP-6963 events). */
export interface WalletHost {
  page: URL;
  storage: Storage;
  events: EventTarget;
}

/**
 * The player's wallet as the rest of the client sees it: one account per page (the burner or a
 * browser wallet found through EIP-6963), the network it is on, and the player's choice kept
 * for the next visit. The ethers-based code loads on first use (dynamic import), so it stays out
 * of the initial bundle.
 */
export interface WalletService {
  /** Opens the wallet chosen last (the burner on the local chain when none was); never rejects. */
  restore(): Promise<void>;
  /** The account that signs now; rejects with a WalletRefusal in words when no wallet is open. */
  account(): Promise<WalletAccount>;
  /** Opens the picker's choice `id` (BURNER_CHOICE or an announced wallet's uuid). */
  choose(id: string): Promise<void>;
  /** Asks the browser wallet to switch to the game's chain (adding it first when it does not know it). */
  switchNetwork(): Promise<void>;
  /**
   * Makes the page's session cookie sign in the open account: kept when it already does, else
   * ended and (with a wallet open) a new one signed. False: the room will see a guest.
   */
  signIn(): Promise<boolean>;
  /** Resolves once the first-visit faucet drip is mined (or given up): await it before a transaction. */
  funded(): Promise<void>;
  claim(parcelId: number): Promise<void>;
  mine(parcelId: number, nonce: Hex): Promise<SolutionOutcome>;
  refreshBalance(): Promise<void>;
  /** Called after the player's account changed (another wallet, or another account in it); null: none. */
  onAccountChange(listener: (account: WalletAccount | null) => void): void;
}

export function createWalletService(store: AppStore, config: PublicConfig, host: WalletHost): WalletService {
  const { page, storage } = host;
  let library: Promise<typeof import('./account.ts')> | null = null;
  let provider: JsonRpcProvider | null = null;
  /** The ethers-based half and the page's one read provider, loaded once. */
  const load = async () => {
    library ??= import('./account.ts');
    library.catch(() => {
      library = null; // a failed load is retried next time
    });
    const lib = await library;
    provider ??= lib.gameProvider(config, page);
    return { lib, provider };
  };

  let wallets: AnnouncedWallet[] = [];
  let current: { account: WalletAccount; view: OpenWallet; wallet: AnnouncedWallet | null } | null = null;
  /** Bumped on every wallet change: a slower, older attempt does not overwrite a newer one. */
  let generation = 0;
  /** Removes the listeners of the open browser wallet. */
  let detach: (() => void) | null = null;
  /** The first-visit faucet drip of the burner; transactions wait for it. */
  let funding: Promise<void> = Promise.resolve();
  /** Settles when the wallet being opened (at restore, or the player's choice) is open or given up. */
  let settling: Promise<unknown> = Promise.resolve();
  const settle = <T>(work: Promise<T>): Promise<T> => {
    settling = work.catch(() => undefined);
    return work;
  };
  const listeners: Array<(account: WalletAccount | null) => void> = [];

  const announce = (account: WalletAccount | null) => {
    for (const listener of listeners) listener(account);
  };

  const publishChoices = () => {
    const choices: WalletChoice[] = config.faucet
      ? [{ id: BURNER_CHOICE, name: BURNER_NAME, icon: null }]
      : [];
    for (const { info } of wallets) {
      // EIP-6963 icons are data: URIs; anything else is not loaded
      choices.push({
        id: info.uuid,
        name: info.name,
        icon: info.icon.startsWith('data:image/') ? info.icon : null,
      });
    }
    store.getState().setWalletChoices(choices);
  };
  discoverWallets(host.events, (found) => {
    wallets = found;
    publishChoices();
  });
  publishChoices();

  // ETH and ORE move only in blocks: re-read them as the room indexes new ones, never on a timer
  const balances = createRefresher(() => service.refreshBalance(), BALANCE_GATHER_MS);
  store.subscribe((now, before) => {
    if (now.indexedBlock !== before.indexedBlock && current) balances.signal();
  });

  const open = (account: WalletAccount, view: OpenWallet, wallet: AnnouncedWallet | null) => {
    current = { account, view, wallet };
    store.getState().setWalletReady(view);
    storage.setItem(CHOICE_ITEM, wallet ? wallet.info.rdns : BURNER_CHOICE);
    balances.now();
  };

  /** Back to the wallet that was open before a failed attempt, with `reason` shown. */
  const keepPrevious = (reason: string) => {
    if (current) {
      store.getState().setWalletReady(current.view);
      store.getState().setWalletError(reason);
    } else {
      store.getState().setWalletNone(reason);
    }
  };

  /** Asks the faucet until it pays (it is rate limited per address and per IP), then shows the balance. */
  const fund = async (account: WalletAccount) => {
    const { lib } = await load();
    for (let attempt = 1; ; attempt++) {
      try {
        await lib.fundIfEmpty(account, page);
        if (current?.account === account) store.getState().setWalletError(null);
        break;
      } catch (error) {
        const retrying = attempt < FUND_ATTEMPTS;
        if (current?.account !== account) return; // the player moved on to another wallet
        store.getState().setWalletError(retrying ? `${messageOf(error)} (retrying)` : messageOf(error));
        if (!retrying) break;
        await new Promise((resolve) => setTimeout(resolve, FUND_RETRY_MS));
      }
    }
    await service.refreshBalance();
  };

  const openBurner = async (): Promise<boolean> => {
    if (current?.account.kind === 'burner') return false;
    const attempt = ++generation;
    store.getState().setWalletLoading();
    try {
      const { lib, provider } = await load();
      if (attempt !== generation) return false;
      detach?.();
      detach = null;
      const account = lib.burnerAccount(storage, provider);
      open(
        account,
        { id: BURNER_CHOICE, address: account.address, kind: 'burner', name: BURNER_NAME, chainId: null },
        null,
      );
      funding = fund(account);
      return true;
    } catch (error) {
      if (attempt === generation)
        store.getState().setWalletFailed(`the wallet did not load: ${messageOf(error)}`);
      return false;
    }
  };

  const chainIdOf = async (wallet: AnnouncedWallet) =>
    Number(await wallet.provider.request({ method: 'eth_chainId' }));

  /** Follows the browser wallet's account and network changes while it is the open wallet. */
  const follow = (wallet: AnnouncedWallet) => {
    detach?.();
    const accountsChanged = (accounts: string[]) => {
      if (current?.wallet !== wallet) return;
      const next = accounts[0];
      if (!next) {
        generation++;
        current = null;
        detach?.();
        detach = null;
        store.getState().setWalletNone(`${wallet.info.name} disconnected: choose a wallet to sign in again.`);
        announce(null);
      } else if (next.toLowerCase() !== current.account.address.toLowerCase()) {
        void openInjected(wallet, next).then((account) => account && announce(account));
      }
    };
    const chainChanged = (chainId: string) => {
      if (current?.wallet === wallet) store.getState().setWalletChainId(Number(chainId));
    };
    wallet.provider.on?.('accountsChanged', accountsChanged);
    wallet.provider.on?.('chainChanged', chainChanged);
    detach = () => {
      wallet.provider.removeListener?.('accountsChanged', accountsChanged);
      wallet.provider.removeListener?.('chainChanged', chainChanged);
    };
  };

  /** Opens `address` of browser wallet `wallet`; null (and the reason shown) when it did not open. */
  const openInjected = async (wallet: AnnouncedWallet, address: string): Promise<WalletAccount | null> => {
    const attempt = ++generation;
    store.getState().setWalletLoading();
    try {
      const [{ lib, provider }, chainId] = await Promise.all([load(), chainIdOf(wallet)]);
      if (attempt !== generation) return null;
      const account = lib.injectedAccount(wallet.provider, address, wallet.info.name, config, provider);
      follow(wallet);
      funding = Promise.resolve();
      const view: OpenWallet = {
        id: wallet.info.uuid,
        address: account.address,
        kind: 'injected',
        name: wallet.info.name,
        chainId,
      };
      open(account, view, wallet);
      return account;
    } catch (error) {
      if (attempt === generation) keepPrevious(`${wallet.info.name} did not connect: ${messageOf(error)}`);
      return null;
    }
  };

  /**
   * Connects browser wallet `wallet`: `ask` prompts the player (eth_requestAccounts), otherwise
   * only an account the wallet already shares with this page is used (eth_accounts, on reload).
   */
  const connect = async (wallet: AnnouncedWallet, ask: boolean): Promise<WalletAccount | null> => {
    const name = wallet.info.name;
    let accounts: unknown;
    try {
      accounts = await wallet.provider.request({ method: ask ? 'eth_requestAccounts' : 'eth_accounts' });
    } catch (error) {
      keepPrevious(
        hasRpcCode(error, USER_REJECTED)
          ? `You declined to connect ${name}; nothing changed.`
          : `${name} did not connect: ${messageOf(error)}`,
      );
      return null;
    }
    const address = Array.isArray(accounts) && typeof accounts[0] === 'string' ? accounts[0] : null;
    if (!address) {
      if (ask) keepPrevious(`${name} shared no account.`);
      return null;
    }
    return openInjected(wallet, address);
  };

  const service: WalletService = {
    restore: () =>
      settle(
        (async () => {
          const stored = storage.getItem(CHOICE_ITEM);
          const remembered = wallets.find((wallet) => wallet.info.rdns === stored);
          if (remembered && (await connect(remembered, false))) return;
          if (config.faucet) await openBurner();
        })(),
      ),

    async account() {
      await settling; // an action right after a choice goes to the chosen wallet
      if (current) return current.account;
      throw new WalletRefusal(
        wallets.length === 0 && !config.faucet
          ? 'No browser wallet found: install one to play on this network.'
          : 'No wallet is connected: choose one with the Wallet button.',
      );
    },

    choose: (id) =>
      settle(
        (async () => {
          if (id === BURNER_CHOICE) {
            if (config.faucet && (await openBurner()) && current) announce(current.account);
            return;
          }
          const wallet = wallets.find((candidate) => candidate.info.uuid === id);
          if (!wallet) return;
          // a new sign-in even for the same account (the last one may have been declined)
          const account = await connect(wallet, true);
          if (account) announce(account);
        })(),
      ),

    async switchNetwork() {
      const wallet = current?.wallet;
      if (!wallet) return;
      const name = wallet.info.name;
      const chainId = `0x${config.chainId.toString(16)}`;
      const request = (method: string, params: unknown[]) => wallet.provider.request({ method, params });
      try {
        try {
          await request('wallet_switchEthereumChain', [{ chainId }]);
        } catch (error) {
          if (!hasRpcCode(error, UNRECOGNIZED_CHAIN)) throw error;
          await request('wallet_addEthereumChain', [
            {
              chainId,
              chainName: config.faucet ? 'Fracterra local' : `Fracterra (chain ${config.chainId})`,
              rpcUrls: [new URL(config.rpcUrl, page).href],
              nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
            },
          ]);
        }
        store.getState().setWalletError(null);
      } catch (error) {
        store
          .getState()
          .setWalletError(
            hasRpcCode(error, USER_REJECTED)
              ? `You declined the network switch in ${name}; nothing changed.`
              : `${name} did not switch networks: ${messageOf(error)}`,
          );
      }
      // whatever the wallet said, the prompt follows the network it is on now
      try {
        const now = await chainIdOf(wallet);
        if (current?.wallet === wallet) store.getState().setWalletChainId(now);
      } catch {
        // the wallet went away: its events (or the next choice) say what comes next
      }
    },

    async signIn() {
      const opened = current;
      try {
        const signedIn = await sessionAddress(page);
        if (opened && signedIn === opened.account.address) return true;
        // another account's session (or one of a wallet closed since) never outlives the change
        if (signedIn) await endSession(page);
        if (!opened) return false;
        const nonce = await sessionNonce(page);
        const { lib } = await load();
        await openSession(page, await lib.signIn(opened.account, config, page, nonce));
        return true;
      } catch (error) {
        if (!opened) return false;
        const declined = error instanceof WalletRefusal || hasRpcCode(error, USER_REJECTED);
        store
          .getState()
          .setWalletError(
            declined
              ? `You declined the sign-in in ${opened.view.name}: you play as a guest (choose the wallet again to sign in).`
              : `Signing in failed, you play as a guest: ${messageOf(error)}`,
          );
        return false;
      }
    },

    funded: () => funding,

    async claim(parcelId) {
      const { setClaim } = store.getState();
      setClaim({ parcelId, phase: 'pending', message: 'Claiming… waiting for the chain.' });
      try {
        const account = await service.account();
        await funding;
        const [{ lib }, { describeClaimError }] = await Promise.all([load(), import('./claim-errors.ts')]);
        try {
          await lib.claimParcel(account, config, parcelId);
        } catch (error) {
          setClaim({ parcelId, phase: 'failed', message: describeClaimError(error) });
          return;
        }
        setClaim({ parcelId, phase: 'claimed', message: 'Claimed: the parcel is yours.' });
        void service.refreshBalance();
      } catch (error) {
        const message =
          error instanceof WalletRefusal ? error.message : `The claim failed: ${messageOf(error)}`;
        setClaim({ parcelId, phase: 'failed', message });
      }
    },

    async mine(parcelId, nonce) {
      try {
        const account = await service.account();
        await funding;
        const { lib } = await load();
        return await lib.mine(account, config, parcelId, nonce);
      } catch (error) {
        return { kind: 'failed', message: messageOf(error) };
      }
    },

    async refreshBalance() {
      const opened = current;
      if (!opened) return;
      try {
        const { lib } = await load();
        const { eth, ore } = await lib.balances(opened.account, config);
        if (current === opened) store.getState().setBalance(eth, ore);
      } catch {
        // the chain is away for a moment: the bar keeps the last balance, the next poll retries
      }
    },

    onAccountChange(listener) {
      listeners.push(listener);
    },
  };
  return service;
}
