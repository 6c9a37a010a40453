import type { AppSlice } from '../../store.ts';

/** 'none': no wallet open (a guest); 'loading': opening or connecting one. */
export type WalletStatus = 'none' | 'loading' | 'ready' | 'failed';

/** One entry of the wallet picker. */
export interface WalletChoice {
  /** BURNER_CHOICE, or an announced wallet's EIP-6963 uuid. */
  id: string;
  name: string;
  /** A data: URI image, or null. */
  icon: string | null;
}

/** The open wallet: its account and, for a browser wallet, the network it is on. */
export interface OpenWallet {
  /** Its id in the picker (WalletChoice.id). */
  id: string;
  /** Checksummed. */
  address: string;
  kind: 'burner' | 'injected';
  name: string;
  /** The chain a browser wallet is on; null for the burner (always on the game's chain). */
  chainId: number | null;
}

export interface WalletSlice {
  walletStatus: WalletStatus;
  /** Checksummed address of the open wallet's account; null for a guest. */
  address: string | null;
  /** The open wallet's WalletChoice.id. */
  walletId: string | null;
  walletKind: OpenWallet['kind'] | null;
  walletName: string | null;
  walletChainId: number | null;
  /** What the picker lists: the burner (local chain only), then every announced browser wallet. */
  walletChoices: WalletChoice[];
  /** ETH and ORE of the account, wei; null until read from the chain. */
  balanceWei: bigint | null;
  oreWei: bigint | null;
  walletError: string | null;
  setWalletLoading(): void;
  setWalletReady(wallet: OpenWallet): void;
  /** No wallet open (any more); `reason` says why, or null. */
  setWalletNone(reason: string | null): void;
  setWalletFailed(reason: string): void;
  /** A problem of a ready wallet (e.g. the faucet refused, retrying), or null when it is gone. */
  setWalletError(reason: string | null): void;
  setWalletChainId(chainId: number): void;
  setWalletChoices(choices: WalletChoice[]): void;
  setBalance(balanceWei: bigint, oreWei: bigint): void;
}

const noWallet = {
  address: null,
  walletId: null,
  walletKind: null,
  walletName: null,
  walletChainId: null,
  balanceWei: null,
  oreWei: null,
};

export const createWalletSlice: AppSlice<WalletSlice> = (set, get) => ({
  walletStatus: 'none',
  ...noWallet,
  walletChoices: [],
  walletError: null,
  setWalletLoading: () => set({ walletStatus: 'loading', walletError: null }),
  setWalletReady: ({ id, address, kind, name, chainId }) =>
    set({
      walletStatus: 'ready',
      walletId: id,
      address,
      walletKind: kind,
      walletName: name,
      walletChainId: chainId,
      // another account's balances are not this one's
      ...(address === get().address ? {} : { balanceWei: null, oreWei: null }),
      walletError: null,
    }),
  setWalletNone: (reason) => set({ walletStatus: 'none', ...noWallet, walletError: reason }),
  setWalletFailed: (reason) => set({ walletStatus: 'failed', walletError: reason }),
  setWalletError: (walletError) => set({ walletError }),
  setWalletChainId: (walletChainId) => set({ walletChainId }),
  setWalletChoices: (walletChoices) => set({ walletChoices }),
  setBalance: (balanceWei, oreWei) => set({ balanceWei, oreWei }),
});
