import type { AppSlice } from '../../store.ts';

export type WalletStatus = 'none' | 'loading' | 'ready' | 'failed';

export interface WalletSlice {
  walletStatus: WalletStatus;
  /** Checksummed address of this browser's wallet. */
  address: string | null;
  /** Wei; null until read from the chain. */
  balanceWei: bigint | null;
  walletError: string | null;
  setWalletLoading(): void;
  setWalletReady(address: string): void;
  setWalletFailed(reason: string): void;
  /** A problem of a ready wallet (e.g. the faucet refused, retrying), or null when it is gone. */
  setWalletError(reason: string | null): void;
  setBalance(balanceWei: bigint): void;
}

export const createWalletSlice: AppSlice<WalletSlice> = (set) => ({
  walletStatus: 'none',
  address: null,
  balanceWei: null,
  walletError: null,
  setWalletLoading: () => set({ walletStatus: 'loading', walletError: null }),
  setWalletReady: (address) => set({ walletStatus: 'ready', address, walletError: null }),
  setWalletFailed: (reason) => set({ walletStatus: 'failed', walletError: reason }),
  setWalletError: (walletError) => set({ walletError }),
  setBalance: (balanceWei) => set({ balanceWei }),
});
