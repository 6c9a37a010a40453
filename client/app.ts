import { createContext, useContext } from 'react';
import type { PerspectiveCamera, Scene, Vector3, WebGLRenderer } from 'three';
import { ChatBubbles } from './features/avatars/bubbles.ts';
import type { Pose } from './features/avatars/live-players.ts';
import { LivePlayers } from './features/avatars/live-players.ts';
import { OwnMoves } from './features/avatars/own-moves.ts';
import { syncMapFlags } from './features/map/map-sync.ts';
import { MapTexture } from './features/map/map-texture.ts';
import type { WorldLink } from './features/net/world-link.ts';
import { type AppStore, createAppStore } from './store.ts';

/** The three.js objects of the mounted scene, for picking, travel and the test handle. */
export interface SceneView {
  camera: PerspectiveCamera;
  /** The map controls' orbit centre (world units). */
  target: Vector3;
  gl: WebGLRenderer;
  /** Holds the ground mesh, named 'ground'. */
  scene: Scene;
  /** Moves the camera (keeping its angle and distance) to look at world (x, z). */
  travel(x: number, z: number): void;
  /**
   * Takes this player's avatar to world (x, z), walking or by teleport as the player chose, and
   * selects the parcel there (go-to, minimap clicks, feed links).
   */
  goTo(x: number, z: number): void;
  /** Requests a frame (the canvas renders on demand). */
  invalidate(): void;
}

/** Per-frame figures the scene writes and the test handle / bench read. */
export interface FrameStats {
  /** Frames drawn since the page loaded. */
  frames: number;
  /** Draw calls of the last frame. */
  drawCalls: number;
  /** Milliseconds between the last frames, newest last (ring of FRAME_SAMPLES). */
  frameMs: number[];
  playersInView: number;
  /** Structures drawn as meshes (those within reach of the camera; the rest are folded into the ground). */
  structuresDrawn: number;
  /** Whether the last frame's static layers (ground, city, sky) came from their cache (static-cache.ts). */
  staticsCached: boolean;
  /** Canvas pixels per CSS pixel now (lowered while frames are slow). */
  dpr: number;
  /** Milliseconds from navigation start to the first frame of the world, or null before it. */
  firstFrameMs: number | null;
}

/** Actions with side effects outside the store (room, chain); wired up by main.tsx. */
export interface AppActions {
  claim(parcelId: number): Promise<void>;
  sendChat(text: string): void;
  /** Opens a wallet of the picker (WalletChoice.id). */
  chooseWallet(id: string): Promise<void>;
  /** Asks the browser wallet to switch to the game's chain. */
  switchNetwork(): Promise<void>;
}

export interface LocalPlayer extends Pose {
  name: string;
  /** CSS colour the server gave this player's avatar. */
  color: string;
}

/** Everything the client runs on: one per page. React reaches it through AppContext. */
export interface App {
  store: AppStore;
  map: MapTexture;
  players: LivePlayers;
  /** This browser's avatar, walked with WASD/arrows (world units, radians). */
  me: LocalPlayer;
  /** Its moves sent and the room's position of it, to reconcile with. */
  moves: OwnMoves;
  /** Chat lines over the speakers' heads, by session. */
  bubbles: ChatBubbles;
  /** Label elements (fixed pools), positioned every frame by the avatars and the buyout beacons. */
  labels: Record<LabelPool, HTMLElement[]>;
  /** The link to the world (its room, or its zone rooms) while connected; it changes after a reconnect. */
  link(): WorldLink | null;
  view: SceneView | null;
  stats: FrameStats;
  /** Canvas pixel ratio held fixed instead of adapting to frame times (the render benchmark compares at 1), or null. */
  heldPixelRatio: number | null;
  /** Whether unchanged static layers are drawn from their cache (static-cache.ts); the test handle turns it off to compare. */
  cacheStatics: boolean;
  actions: AppActions;
}

export const FRAME_SAMPLES = 120;

export type LabelPool = 'names' | 'bubbles' | 'beacons';

export function createApp(actions: AppActions, link: () => WorldLink | null): App {
  const store = createAppStore();
  const map = new MapTexture();
  syncMapFlags(store, map);
  return {
    store,
    map,
    players: new LivePlayers(),
    me: { x: 0, z: 0, heading: 0, name: 'you', color: '#f4f1de' },
    moves: new OwnMoves(),
    bubbles: new ChatBubbles(),
    labels: { names: [], bubbles: [], beacons: [] },
    link,
    view: null,
    stats: {
      frames: 0,
      drawCalls: 0,
      frameMs: [],
      playersInView: 0,
      structuresDrawn: 0,
      staticsCached: false,
      dpr: 1,
      firstFrameMs: null,
    },
    heldPixelRatio: null,
    cacheStatics: true,
    actions,
  };
}

export const AppContext = createContext<App | null>(null);

export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
