import { Vector3 } from 'three';
import type { ParcelView, PlayerView } from '../shared/state.ts';
import { type Structure, structureOf } from '../shared/structures.ts';
import { type ParcelStatus, parcelCoords } from '../shared/world.ts';
import type { App } from './app.ts';
import { parcelIdAtWorld, worldOfParcel } from './features/map/grid.ts';
import { applyParcels } from './features/map/map-sync.ts';
import { pickGround } from './features/map/pick.ts';
import { TexelFlag } from './features/map/texel.ts';

/**
 * `window.__fracterra`: what end-to-end tests and the render benchmark read instead of guessing
 * pixels. Screen positions are CSS pixels in the page (what Playwright's mouse takes).
 */
export interface FracterraHandle {
  /** True once the scene has drawn a frame. */
  ready(): boolean;
  /** 'connecting' | 'online' | 'offline'. */
  connection(): string;
  /** Parcel under page point (x, y), or null (off the map, or the point is on a panel). */
  parcelAtScreen(x: number, y: number): number | null;
  /** Page point of the parcel's centre when it is on screen and not under a panel, else null. */
  screenOfParcel(id: number): { x: number; y: number } | null;
  /** The parcel as the map texture has it (owner from the room state). */
  parcel(id: number): ParcelOnMap;
  /** Where the camera looks (world units), the parcel there, and how far the camera is from it. */
  camera(): { x: number; z: number; parcelId: number | null; distance: number };
  /** This player's avatar as walked here, its name, and where the room state has it (null before joining). */
  me(): { x: number; z: number; name: string; server: { x: number; z: number } | null };
  /**
   * Moves this player's avatar and the camera to world (x, z) at once and sends that move, as a
   * client that jumped would: a move the room refuses as too fast unless (x, z) is a step away.
   */
  teleport(x: number, z: number): void;
  /** Drops the connection to the room without leaving (as a network failure would): the client reconnects. */
  dropConnection(): void;
  /** Remote avatars as drawn this frame (interpolated positions). */
  avatars(): Array<{ sessionId: string; name: string; x: number; z: number }>;
  stats(): {
    drawCalls: number;
    frameMs: number;
    fps: number;
    playersInView: number;
    structuresDrawn: number;
    dpr: number;
    /** Whether the last frame's static layers came from their cache. */
    staticsCached: boolean;
    /** Navigation start to the first frame of the world (ms), null before it. */
    firstFrameMs: number | null;
  };
  /** Holds the canvas at `ratio` device pixels per CSS pixel (from the next frame on), or adapts again (null). */
  holdPixelRatio(ratio: number | null): void;
  /** Draws unchanged static layers from their cache (the default) or every frame anew (false). */
  cacheStatics(on: boolean): void;
  /**
   * Renders `frames` frames back to back and reports their median interval; with `pan`, the
   * camera travels that many world units along x before each frame (back and forth).
   */
  measure(
    frames: number,
    pan?: number,
  ): Promise<{ frameMs: number; fps: number; drawCalls: number; dpr: number }>;
  /**
   * Feeds parcels and players into the scene the way the room connection does, for the render
   * benchmark and tests that need a populated world without a chain.
   */
  world: {
    /** One batch, like one room patch. */
    putParcels(views: ParcelView[]): void;
    removeParcels(ids: number[]): void;
    putPlayer(sessionId: string, view: PlayerView): void;
    removePlayer(sessionId: string): void;
  };
}

export interface ParcelOnMap {
  id: number;
  x: number;
  y: number;
  status: ParcelStatus;
  hue: number;
  mine: boolean;
  selected: boolean;
  hovered: boolean;
  owner: string | null;
  /** The structure the city draws on it (shared/structures.ts, from the room state), null when none. */
  structure: Structure | null;
}

declare global {
  interface Window {
    __fracterra?: FracterraHandle;
  }
  /**
   * True in test builds only (FRACTERRA_TEST_HANDLE=1, vite.config.ts): a production bundle
   * carries no handle that teleports or drops connections.
   */
  const __FRACTERRA_TEST_HANDLE__: boolean;
}

const projected = new Vector3();

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] as number);
}

export function createTestHandle(app: App): FracterraHandle {
  const canvasRect = () => app.view?.gl.domElement.getBoundingClientRect() ?? null;
  const handle: FracterraHandle = {
    ready: () => app.stats.firstFrameMs !== null,
    connection: () => app.store.getState().connection,
    parcelAtScreen(x, y) {
      const view = app.view;
      const rect = canvasRect();
      const ground = view?.scene.getObjectByName('ground');
      if (!view || !rect || !ground) return null;
      if (document.elementFromPoint(x, y) !== view.gl.domElement) return null;
      return pickGround(view.camera, ground, rect, x - rect.left, y - rect.top)?.parcelId ?? null;
    },
    screenOfParcel(id) {
      const view = app.view;
      const rect = canvasRect();
      if (!view || !rect) return null;
      const { x, z } = worldOfParcel(id);
      view.camera.updateMatrixWorld();
      projected.set(x, 0, z).project(view.camera);
      if (Math.abs(projected.x) > 1 || Math.abs(projected.y) > 1 || projected.z > 1) return null;
      const point = {
        x: rect.left + ((projected.x + 1) / 2) * rect.width,
        y: rect.top + ((1 - projected.y) / 2) * rect.height,
      };
      return document.elementFromPoint(point.x, point.y) === view.gl.domElement ? point : null;
    },
    parcel(id) {
      const texel = app.map.read(id);
      const view = app.store.getState().parcels.get(id);
      return {
        id,
        ...parcelCoords(id),
        status: texel.status,
        hue: texel.hue,
        mine: (texel.flags & TexelFlag.Mine) !== 0,
        selected: (texel.flags & TexelFlag.Selected) !== 0,
        hovered: (texel.flags & TexelFlag.Hovered) !== 0,
        owner: view?.owner ?? null,
        structure: view ? structureOf(view) : null,
      };
    },
    camera() {
      const target = app.view?.target;
      const camera = app.view?.camera;
      if (!target || !camera) return { x: 0, z: 0, parcelId: null, distance: 0 };
      return {
        x: target.x,
        z: target.z,
        parcelId: parcelIdAtWorld(target.x, target.z),
        distance: camera.position.distanceTo(target),
      };
    },
    me: () => ({
      x: app.me.x,
      z: app.me.z,
      name: app.me.name,
      server: app.moves.server && { x: app.moves.server.x, z: app.moves.server.z },
    }),
    teleport(x, z) {
      const { me, view } = app;
      view?.travel(view.target.x + x - me.x, view.target.z + z - me.z);
      me.x = x;
      me.z = z;
      if (app.link()?.send('move', { x, z, heading: me.heading })) {
        app.moves.sent(x, z, performance.now());
      }
      view?.invalidate();
    },
    dropConnection() {
      app.link()?.drop();
    },
    avatars: () =>
      [...app.players.players.values()].map((player) => ({
        sessionId: player.sessionId,
        name: player.view.name,
        x: player.pose.x,
        z: player.pose.z,
      })),
    stats() {
      const frameMs = median(app.stats.frameMs);
      return {
        drawCalls: app.stats.drawCalls,
        frameMs,
        fps: frameMs > 0 ? 1000 / frameMs : 0,
        playersInView: app.stats.playersInView,
        structuresDrawn: app.stats.structuresDrawn,
        dpr: app.stats.dpr,
        staticsCached: app.stats.staticsCached,
        firstFrameMs: app.stats.firstFrameMs,
      };
    },
    holdPixelRatio(ratio) {
      app.heldPixelRatio = ratio;
      app.view?.invalidate();
    },
    cacheStatics(on) {
      app.cacheStatics = on;
      app.view?.invalidate();
    },
    async measure(frames, pan = 0) {
      const view = app.view;
      if (!view) throw new Error('the scene is not mounted');
      const intervals: number[] = [];
      let last = performance.now();
      await new Promise<void>((resolve) => {
        const tick = () => {
          const now = performance.now();
          intervals.push(now - last);
          last = now;
          if (intervals.length > frames) resolve();
          else {
            // ten frames one way, ten back
            if (pan !== 0)
              view.travel(view.target.x + (intervals.length % 20 < 10 ? pan : -pan), view.target.z);
            view.invalidate();
            requestAnimationFrame(tick);
          }
        };
        view.invalidate();
        requestAnimationFrame(tick);
      });
      const frameMs = median(intervals.slice(1));
      return { frameMs, fps: 1000 / frameMs, drawCalls: app.stats.drawCalls, dpr: app.stats.dpr };
    },
    world: {
      putParcels: (views) => applyParcels(app.store, app.map, views, []),
      removeParcels: (ids) => applyParcels(app.store, app.map, [], ids),
      putPlayer: (sessionId, view) => {
        app.players.put(sessionId, view, performance.now());
        app.view?.invalidate();
      },
      removePlayer: (sessionId) => {
        app.players.remove(sessionId);
        app.view?.invalidate();
      },
    },
  };
  return handle;
}
