import type { JsonRpcProvider } from 'ethers';
import type { PublicConfig } from '../../../shared/deployment.ts';
import type { AppStore } from '../../store.ts';
import type { Refresher } from '../net/chain-refresh.ts';
import type { WalletAccount } from './account.ts';
import { followBalances } from './balances.ts';
import type { AnnouncedWallet } from './eip6963.ts';
import type { OpenWallet } from './wallet-slice.ts';

/** What the wallet service runs on: the page's address, its storage, and the window (EIP-6963 events). */
export interface WalletHost {
  page: URL;
  storage: Storage;
  events: EventTarget;
}

/** The picker's id of the burner wallet (announced wallets go by their EIP-6963 uuid). */
export const BURNER_CHOICE = 'burner';
export const BURNER_NAME = 'Burner (this browser)';
/** localStorage item: the wallet chosen last, BURNER_CHOICE or a browser wallet's rdns. */
const CHOICE_ITEM = 'fracterra.wallet';

/** The open wallet: its account, how the bar shows it, and the browser wallet behind it (null: the burner). */
export interface OpenedWallet {
  account: WalletAccount;
  view: OpenWallet;
  wallet: AnnouncedWallet | null;
}

/** The ethers-based half of the wallet (account.ts). */
export type AccountLibrary = typeof import('./account.ts');

/**
 * What the parts of the wallet service share: the page's one open wallet, the ethers-based half
 * (loaded on first use, so it stays out of the initial bundle) and the order of wallet changes.
 */
export class WalletCore {
  readonly store: AppStore;
  readonly config: PublicConfig;
  readonly host: WalletHost;
  /** The first-visit faucet drip of the burner; transactions wait for it. */
  funding: Promise<void> = Promise.resolve();
  #current: OpenedWallet | null = null;
  /** Bumped on every wallet change: a slower, older attempt does not overwrite a newer one. */
  #generation = 0;
  /** Removes the listeners of the open browser wallet. */
  #detach: (() => void) | null = null;
  /** Settles when the wallet being opened (at restore, or the player's choice) is open or given up. */
  #settling: Promise<unknown> = Promise.resolve();
  #library: Promise<AccountLibrary> | null = null;
  #provider: JsonRpcProvider | null = null;
  readonly #listeners: Array<(account: WalletAccount | null) => void> = [];
  readonly #balances: Refresher;

  constructor(store: AppStore, config: PublicConfig, host: WalletHost) {
    this.store = store;
    this.config = config;
    this.host = host;
    this.#balances = followBalances(this);
  }

  get current(): OpenedWallet | null {
    return this.#current;
  }

  /** The ethers-based half and the page's one read provider, loaded once. */
  async load(): Promise<{ lib: AccountLibrary; provider: JsonRpcProvider }> {
    this.#library ??= import('./account.ts');
    const library = this.#library;
    library.catch(() => {
      if (this.#library === library) this.#library = null; // a failed load is retried next time
    });
    const lib = await library;
    this.#provider ??= lib.gameProvider(this.config, this.host.page);
    return { lib, provider: this.#provider };
  }

  /** Starts a wallet change; the check it returns says whether that change is still the latest. */
  begin(): () => boolean {
    const attempt = ++this.#generation;
    this.store.getState().setWalletLoading();
    return () => attempt === this.#generation;
  }

  /** Makes `opened` the page's wallet, remembered for the next visit; `detach` stops following it. */
  open(opened: OpenedWallet, detach: (() => void) | null): void {
    this.#detach?.();
    this.#detach = detach;
    this.#current = opened;
    this.funding = Promise.resolve();
    this.store.getState().setWalletReady(opened.view);
    this.host.storage.setItem(CHOICE_ITEM, opened.wallet ? opened.wallet.info.rdns : BURNER_CHOICE);
    this.readBalances();
  }

  /** No wallet is open any more (`reason` says why); an attempt in flight is dropped. */
  close(reason: string): void {
    this.#generation++;
    this.#current = null;
    this.#detach?.();
    this.#detach = null;
    this.store.getState().setWalletNone(reason);
    this.announce(null);
  }

  /** Back to the wallet that was open before a failed attempt, with `reason` shown. */
  keepPrevious(reason: string): void {
    const { setWalletReady, setWalletError, setWalletNone } = this.store.getState();
    if (this.#current) {
      setWalletReady(this.#current.view);
      setWalletError(reason);
    } else {
      setWalletNone(reason);
    }
  }

  /** The wallet chosen last: BURNER_CHOICE, a browser wallet's rdns, or null. */
  remembered(): string | null {
    return this.host.storage.getItem(CHOICE_ITEM);
  }

  /** Runs the opening of a wallet: account() waits for it, so an action goes to the chosen wallet. */
  settle<T>(work: Promise<T>): Promise<T> {
    this.#settling = work.catch(() => undefined);
    return work;
  }

  settled(): Promise<unknown> {
    return this.#settling;
  }

  /** Re-reads the open account's balances now (it opened, was funded, or claimed). */
  readBalances(): void {
    this.#balances.now();
  }

  /** Tells the listeners that the player's account changed (null: no wallet open). */
  announce(account: WalletAccount | null): void {
    for (const listener of this.#listeners) listener(account);
  }

  onAccountChange(listener: (account: WalletAccount | null) => void): void {
    this.#listeners.push(listener);
  }
}
