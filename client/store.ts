import { useStore } from 'zustand';
import { createStore, type StateCreator } from 'zustand/vanilla';
import { type AvatarSlice, createAvatarSlice } from './features/avatars/avatar-slice.ts';
import { type CameraSlice, createCameraSlice } from './features/camera/camera-slice.ts';
import { type ChainSlice, createChainSlice } from './features/chain/chain-slice.ts';
import { type ChatSlice, createChatSlice } from './features/chat/chat-slice.ts';
import { createFeedSlice, type FeedSlice } from './features/feed/feed-slice.ts';
import { createOverlaySlice, type OverlaySlice } from './features/map/overlay-slice.ts';
import { createMiningSlice, type MiningSlice } from './features/mining/mining-slice.ts';
import { type ConnectionSlice, createConnectionSlice } from './features/net/connection-slice.ts';
import { createParcelSlice, type ParcelSlice } from './features/parcel/parcel-slice.ts';
import { createWalletSlice, type WalletSlice } from './features/wallet/wallet-slice.ts';

/** The one client store (DOM panels, networking and the scene read it); per-frame data stays out. */
export type AppState = ConnectionSlice &
  ParcelSlice &
  WalletSlice &
  FeedSlice &
  ChatSlice &
  MiningSlice &
  ChainSlice &
  OverlaySlice &
  AvatarSlice &
  CameraSlice;

/** A slice creator of the app store: each feature folder contributes one. */
export type AppSlice<T> = StateCreator<AppState, [], [], T>;

export function createAppStore() {
  return createStore<AppState>()((...args) => ({
    ...createConnectionSlice(...args),
    ...createParcelSlice(...args),
    ...createWalletSlice(...args),
    ...createFeedSlice(...args),
    ...createChatSlice(...args),
    ...createMiningSlice(...args),
    ...createChainSlice(...args),
    ...createOverlaySlice(...args),
    ...createAvatarSlice(...args),
    ...createCameraSlice(...args),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** React hook over one store; pass `useShallow(...)` for tuple or object selectors. */
export function useAppStore<T>(store: AppStore, selector: (state: AppState) => T): T {
  return useStore(store, selector);
}
