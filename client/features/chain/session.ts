import type { PublicConfig } from '../../../shared/deployment.ts';
import type { WalletAccount } from '../wallet/account.ts';
import type { WalletService } from '../wallet/wallet-service.ts';
import type { ChainActions } from './chain-actions.ts';

let wallet: WalletService | null = null;
/** The actions over each account the page has had (a wallet change brings a new account). */
const sessions = new WeakMap<WalletAccount, Promise<ChainActions>>();

/** Binds the player actions to the page's wallet (main.tsx, once the config is known). */
export function bindWallet(service: WalletService): void {
  wallet = service;
}

/**
 * The player actions over the page's one wallet account (the same signer as sign-in, claims and
 * mining solutions), loaded on first use: ethers and the ABIs stay out of the initial bundle.
 * Rejects in words while no wallet is open.
 */
export async function chainActions(config: PublicConfig): Promise<ChainActions> {
  if (!wallet) throw new Error('the wallet is not open yet');
  const account = await wallet.account();
  let session = sessions.get(account);
  if (!session) {
    session = import('./chain-actions.ts').then(({ createChainActions }) =>
      createChainActions(account.signer, config.deployment),
    );
    sessions.set(account, session);
    session.catch(() => sessions.delete(account)); // a failed load is retried on the next action
  }
  return session;
}
