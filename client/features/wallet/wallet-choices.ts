import type { PublicConfig } from '../../../shared/deployment.ts';
import type { AppStore } from '../../store.ts';
import { type AnnouncedWallet, discoverWallets } from './eip6963.ts';
import { BURNER_CHOICE, BURNER_NAME } from './wallet-core.ts';
import type { WalletChoice } from './wallet-slice.ts';

/** The browser wallets announced so far (EIP-6963), as the picker lists them. */
export interface WalletChoices {
  /** The announced wallet of picker id `uuid`. */
  byUuid(uuid: string): AnnouncedWallet | undefined;
  /** The announced wallet of reverse-DNS name `rdns` (what a reload reconnects by). */
  byRdns(rdns: string | null): AnnouncedWallet | undefined;
  /** Whether any browser wallet announced itself. */
  any(): boolean;
}

/**
 * Follows the wallets announcing themselves on `events` (the window) and keeps the picker's list
 * in the store: the burner first (only where the game has a faucet: the local chain), then
 * every announced browser wallet.
 */
export function followWalletChoices(
  store: AppStore,
  config: PublicConfig,
  events: EventTarget,
): WalletChoices {
  let wallets: AnnouncedWallet[] = [];
  const publish = () => {
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
  discoverWallets(events, (found) => {
    wallets = found;
    publish();
  });
  publish();
  return {
    byUuid: (uuid) => wallets.find((wallet) => wallet.info.uuid === uuid),
    byRdns: (rdns) => wallets.find((wallet) => wallet.info.rdns === rdns),
    any: () => wallets.length > 0,
  };
}
