import { Client, getStateCallbacks, type Room } from 'colyseus.js';
import { WORLD_ROOM } from '../../../shared/defaults.ts';
import type { ServerMessageType } from '../../../shared/protocol.ts';
import type { ParcelView, PlayerView, WorldStateView } from '../../../shared/state.ts';
import type { App } from '../../app.ts';
import {
  appEvents,
  type JoinPlan,
  type WorldConnection,
  type WorldEvents,
  type WorldLink,
} from './world-link.ts';

/** How long a dropped connection keeps trying to take back its seat (the server holds it 20 s). */
const RECONNECT_WINDOW_MS = 20_000;
const RECONNECT_STEP_MS = 1_000;
/** Pause between fresh joins while the server does not answer. */
export const REJOIN_STEP_MS = 3_000;

/** The world room, decoded by reflection (the client has no copy of the server's Schema classes). */
export type WorldRoom = Room<WorldStateView>;

/** ws(s):// URL of the game server that served this page. */
export function gameSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

/** Copies a decoded Schema instance into a plain view (the instance mutates under later patches). */
function playerOf(player: PlayerView): PlayerView {
  const { address, name, color, x, z, heading, miningParcel, hashRate } = player;
  return { address, name, color, x, z, heading, miningParcel, hashRate };
}

function parcelOf(parcel: ParcelView): ParcelView {
  const { id, status, owner, vault, rigLevel, hashRate, auctionEnd, staked } = parcel;
  const { style, palette, styleVoteEnd, topHolders } = parcel;
  return {
    id,
    status,
    owner,
    vault,
    rigLevel,
    hashRate,
    auctionEnd,
    staked,
    style,
    palette,
    styleVoteEnd,
    topHolders,
  };
}

/** Calls `apply` once after each patch that changed parcels, with the parcels put and removed. */
function followParcels(room: WorldRoom, apply: (put: ParcelView[], removed: number[]) => void): void {
  const $ = getStateCallbacks(room);
  const pending = new Map<number, ParcelView | null>();
  $(room.state).parcels.onAdd((parcel) => {
    pending.set(parcel.id, parcelOf(parcel));
    $(parcel).onChange(() => pending.set(parcel.id, parcelOf(parcel)));
  });
  $(room.state).parcels.onRemove((_parcel, key) => pending.set(Number(key), null));
  room.onStateChange(() => {
    if (pending.size === 0) return;
    const put: ParcelView[] = [];
    const removed: number[] = [];
    for (const [id, view] of pending) {
      if (view) put.push(view);
      else removed.push(id);
    }
    pending.clear();
    apply(put, removed);
  });
}

/** What one room tells, by session: what WorldEvents tells, with the avatar a room dropped. */
export interface RoomSink extends Omit<WorldEvents, 'playerGone'> {
  playerGone(sessionId: string, view: PlayerView): void;
}

/** The server messages a room passes on (a zone room's pass is read where it is asked for). */
const ROOM_MESSAGES = [
  'error',
  'chat',
  'chatHistory',
  'job',
  'workShareAccepted',
  'feed',
  'feedHistory',
] as const satisfies readonly ServerMessageType[];

/** Follows a room's state and messages into `sink`: avatars (copied at each add and change), parcels by patch. */
export function followRoom(room: WorldRoom, sink: RoomSink): void {
  const $ = getStateCallbacks(room);
  const state = $(room.state);
  state.players.onAdd((player, sessionId) => {
    const own = sessionId === room.sessionId;
    sink.player(sessionId, playerOf(player), own);
    $(player).onChange(() => sink.player(sessionId, playerOf(player), own));
  });
  state.players.onRemove((player, sessionId) => sink.playerGone(sessionId, playerOf(player)));
  // Parcel changes are gathered during a patch and applied once after it (see applyParcels).
  followParcels(room, (put, removed) => sink.parcels(put, removed));
  state.listen('indexedBlock', (block) => sink.indexedBlock(block));
  for (const type of ROOM_MESSAGES) room.onMessage(type, (message) => sink.message(type, message));
}

/** This player as `room` has it (copied), or null when the room shows no avatar of it. */
export function ownPlayer(room: WorldRoom): PlayerView | null {
  const player = room.state.players?.get(room.sessionId);
  return player ? playerOf(player) : null;
}

/** The world room as the features' link. */
function roomLink(room: WorldRoom): WorldLink {
  return {
    send(type, message) {
      room.send(type, message);
      return true;
    },
    self: () => ownPlayer(room),
    drop: () => void room.leave(false),
  };
}

/** Colyseus' answer once the server no longer holds the seat: retrying the token is pointless. */
const SEAT_GONE = /invalid or expired/i;

/**
 * Joins the world room and keeps following it: after a drop it retakes its seat within the
 * server's reconnection window; when the seat is gone (or the server restarted) it joins afresh,
 * retrying until the server answers, and says so meanwhile.
 */
export async function connectWorld(app: App, url: string, plan: JoinPlan): Promise<WorldConnection> {
  const client = new Client(url);
  let current: WorldRoom | null = null;
  let currentLink: WorldLink | null = null;
  let closing = false;
  const offline = (reason: string) => app.store.getState().setOffline(reason);

  /** Retakes the dropped seat of `room`; false once the window passed or the seat is gone. */
  const retake = async (room: WorldRoom): Promise<boolean> => {
    const deadline = performance.now() + RECONNECT_WINDOW_MS;
    while (!closing && performance.now() < deadline) {
      offline('connection lost, reconnecting…');
      try {
        const again: WorldRoom = await client.reconnect(room.reconnectionToken);
        attach(again);
        return true;
      } catch (error) {
        if (SEAT_GONE.test(String((error as Error).message))) return false;
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_STEP_MS));
      }
    }
    return false;
  };

  const joinAgain = async (code: number) => {
    await plan.forget();
    while (!closing) {
      try {
        const again: WorldRoom = await client.joinOrCreate(WORLD_ROOM, await plan.options());
        if (closing) {
          await again.leave(true);
          return;
        }
        attach(again);
        return;
      } catch (error) {
        // a refused socket rejects with an event, not an Error: say what the player can act on
        const reason = error instanceof Error && error.message ? error.message : 'it does not answer';
        offline(`disconnected from the game server (code ${code}): ${reason}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, REJOIN_STEP_MS));
      }
    }
  };

  const attach = (room: WorldRoom) => {
    // a new session: its avatar is placed where the room has it
    followRoom(room, appEvents(app, plan.heard));
    current = room;
    currentLink = roomLink(room);
    room.onLeave(async (code) => {
      current = null;
      currentLink = null;
      if (closing) return;
      // 1000: the server closed the room on purpose (no seat to retake); anything else is a drop
      if (code !== 1000 && (await retake(room))) return;
      if (!closing) offline(`disconnected from the game server (code ${code}); joining again…`);
      await joinAgain(code);
    });
  };

  const room: WorldRoom = await client.joinOrCreate(WORLD_ROOM, await plan.options());
  attach(room);
  return {
    link: () => currentLink,
    close: async () => {
      closing = true;
      await current?.leave(true);
    },
  };
}
