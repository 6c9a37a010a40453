import type { PublicConfig } from '../../../shared/deployment.ts';
import type { AppStore } from '../../store.ts';
import type { WalletAccount } from './account.ts';
import { openBurner } from './burner-wallet.ts';
import { claim } from './claim.ts';
import { connectInjected } from './injected-wallet.ts';
import { switchNetwork } from './network-switch.ts';
import { signIn } from './sign-in.ts';
import { followWalletChoices } from './wallet-choices.ts';
import { BURNER_CHOICE, WalletCore, type WalletHost } from './wallet-core.ts';
import { WalletRefusal } from './wallet-errors.ts';

export type { WalletHost } from './wallet-core.ts';

/**
 * The player's wallet as the rest of the client sees it: one account per page (the burner or a
 * browser wallet found through EIP-6963), the network it is on, and the player's choice kept
 * for the next visit. The ethers-based code loads on first use (dynamic import), so it stays out
 * of the initial bundle. Its parts: wallet-core (the open wallet), wallet-choices (the picker),
 * burner-wallet, injected-wallet (connect, account events), network-switch, sign-in, balances, claim.
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
  /** Called after the player's account changed (another wallet, or another account in it); null: none. */
  onAccountChange(listener: (account: WalletAccount | null) => void): void;
}

export function createWalletService(store: AppStore, config: PublicConfig, host: WalletHost): WalletService {
  const core = new WalletCore(store, config, host);
  const choices = followWalletChoices(store, config, host.events);

  const service: WalletService = {
    restore: () =>
      core.settle(
        (async () => {
          const remembered = choices.byRdns(core.remembered());
          if (remembered && (await connectInjected(core, remembered, false))) return;
          if (config.faucet) await openBurner(core);
        })(),
      ),

    async account() {
      await core.settled(); // an action right after a choice goes to the chosen wallet
      if (core.current) return core.current.account;
      throw new WalletRefusal(
        !choices.any() && !config.faucet
          ? 'No browser wallet found: install one to play on this network.'
          : 'No wallet is connected: choose one with the Wallet button.',
      );
    },

    choose: (id) =>
      core.settle(
        (async () => {
          if (id === BURNER_CHOICE) {
            if (config.faucet && (await openBurner(core)) && core.current)
              core.announce(core.current.account);
            return;
          }
          const wallet = choices.byUuid(id);
          if (!wallet) return;
          // a new sign-in even for the same account (the last one may have been declined)
          const account = await connectInjected(core, wallet, true);
          if (account) core.announce(account);
        })(),
      ),

    switchNetwork: () => switchNetwork(core),
    signIn: () => signIn(core),
    funded: () => core.funding,
    claim: (parcelId) => claim(core, service.account, parcelId),
    onAccountChange: (listener) => core.onAccountChange(listener),
  };
  return service;
}
