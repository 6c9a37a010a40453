import type { WalletAccount } from './account.ts';
import type { AnnouncedWallet } from './eip6963.ts';
import type { WalletCore } from './wallet-core.ts';
import { hasRpcCode, messageOf, USER_REJECTED } from './wallet-errors.ts';

/** The network browser wallet `wallet` is on now (EIP-1193 eth_chainId). */
export async function chainIdOf(wallet: AnnouncedWallet): Promise<number> {
  return Number(await wallet.provider.request({ method: 'eth_chainId' }));
}

/**
 * Connects browser wallet `wallet`: `ask` prompts the player (eth_requestAccounts), otherwise
 * only an account the wallet already shares with this page is used (eth_accounts, on reload).
 * Null (and the reason shown, when the player asked) when no account opened.
 */
export async function connectInjected(
  core: WalletCore,
  wallet: AnnouncedWallet,
  ask: boolean,
): Promise<WalletAccount | null> {
  const name = wallet.info.name;
  let accounts: unknown;
  try {
    accounts = await wallet.provider.request({ method: ask ? 'eth_requestAccounts' : 'eth_accounts' });
  } catch (error) {
    core.keepPrevious(
      hasRpcCode(error, USER_REJECTED)
        ? `You declined to connect ${name}; nothing changed.`
        : `${name} did not connect: ${messageOf(error)}`,
    );
    return null;
  }
  const address = Array.isArray(accounts) && typeof accounts[0] === 'string' ? accounts[0] : null;
  if (!address) {
    if (ask) core.keepPrevious(`${name} shared no account.`);
    return null;
  }
  return openInjected(core, wallet, address);
}

/** Opens `address` of browser wallet `wallet`; null (and the reason shown) when it did not open. */
async function openInjected(
  core: WalletCore,
  wallet: AnnouncedWallet,
  address: string,
): Promise<WalletAccount | null> {
  const latest = core.begin();
  try {
    const [{ lib, provider }, chainId] = await Promise.all([core.load(), chainIdOf(wallet)]);
    if (!latest()) return null;
    const { name, uuid } = wallet.info;
    const account = lib.injectedAccount(wallet.provider, address, name, core.config, provider);
    const view = { id: uuid, address: account.address, kind: 'injected', name, chainId } as const;
    core.open({ account, view, wallet }, follow(core, wallet));
    return account;
  } catch (error) {
    if (latest()) core.keepPrevious(`${wallet.info.name} did not connect: ${messageOf(error)}`);
    return null;
  }
}

/**
 * Follows the browser wallet's account and network changes while it is the open wallet: another
 * account in it opens (and signs in) that account, none closes the wallet. Returns the detach.
 */
function follow(core: WalletCore, wallet: AnnouncedWallet): () => void {
  const accountsChanged = (accounts: string[]) => {
    const current = core.current;
    if (current?.wallet !== wallet) return;
    const next = accounts[0];
    if (!next) {
      core.close(`${wallet.info.name} disconnected: choose a wallet to sign in again.`);
    } else if (next.toLowerCase() !== current.account.address.toLowerCase()) {
      void openInjected(core, wallet, next).then((account) => account && core.announce(account));
    }
  };
  const chainChanged = (chainId: string) => {
    if (core.current?.wallet === wallet) core.store.getState().setWalletChainId(Number(chainId));
  };
  wallet.provider.on?.('accountsChanged', accountsChanged);
  wallet.provider.on?.('chainChanged', chainChanged);
  return () => {
    wallet.provider.removeListener?.('accountsChanged', accountsChanged);
    wallet.provider.removeListener?.('chainChanged', chainChanged);
  };
}
