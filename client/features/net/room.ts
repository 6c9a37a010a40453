import { Client, getStateCallbacks } from 'colyseus.js';
import { WORLD_ROOM } from '../../../shared/defaults.ts';
import type { JoinOptions, ServerMessages } from '../../../shared/protocol.ts';
import { isGuestAddress, type ParcelView, type PlayerView } from '../../../shared/state.ts';
import type { App } from '../../app.ts';
import { applyParcels } from '../map/map-sync.ts';
import { saveGuestName } from './guest-name.ts';
import type { WorldRoom } from './world-room.ts';

/** How long a dropped connection keeps trying to take back its seat (the server holds it 20 s). */
const RECONNECT_WINDOW_MS = 20_000;
const RECONNECT_STEP_MS = 1_000;
/** Pause between fresh joins while the server does not answer. */
const REJOIN_STEP_MS = 3_000;

/** ws(s):// URL of the game server that served this page. */
export function gameSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
}

/** Copies a decoded Schema instance into a plain view (the instance mutates under later patches). */
export function playerOf(player: PlayerView): PlayerView {
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
export function followParcels(room: WorldRoom, apply: (put: ParcelView[], removed: number[]) => void): void {
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

/** Feeds room state and messages into the app: parcels to store + map texture, players to the live set. */
function follow(app: App, room: WorldRoom): void {
  const $ = getStateCallbacks(room);
  const state = $(room.state);
  state.players.onAdd((player, sessionId) => {
    if (sessionId === room.sessionId) {
      // Start walking where the server has us (spawn point, or our seat after a reconnect), and
      // look there.
      app.me.x = player.x;
      app.me.z = player.z;
      app.me.heading = player.heading;
      app.me.name = player.name;
      app.me.color = player.color;
      app.moves.joined(player);
      app.view?.travel(player.x, player.z);
      app.store.getState().setMyName(player.name);
      $(player).onChange(() => {
        app.moves.heard(player);
        if (player.name !== app.me.name) {
          app.me.name = player.name;
          app.store.getState().setMyName(player.name);
          // a rename the room accepted: a guest's is kept by this browser for its next visit
          if (isGuestAddress(player.address)) saveGuestName(localStorage, player.name);
        }
        app.view?.invalidate(); // the frame loop reconciles the local pose
      });
      return;
    }
    app.players.put(sessionId, playerOf(player), performance.now());
    $(player).onChange(() => {
      app.players.put(sessionId, playerOf(player), performance.now());
      // the canvas draws on demand: a remote avatar that moved while it idled must be drawn
      app.view?.invalidate();
    });
    app.view?.invalidate();
  });
  state.players.onRemove((_player, sessionId) => {
    app.players.remove(sessionId);
    app.bubbles.forget(sessionId);
    app.view?.invalidate();
  });
  // Parcel changes are gathered during a patch and applied once after it (see applyParcels).
  followParcels(room, (put, removed) => applyParcels(app.store, app.map, put, removed));
  state.listen('indexedBlock', (block) => app.store.getState().setIndexedBlock(block));

  const { addFeed, setFeedHistory, addChat, setChatError, setNameError } = app.store.getState();
  room.onMessage('feed', (entry: ServerMessages['feed']) => addFeed(entry));
  room.onMessage('feedHistory', ({ events }: ServerMessages['feedHistory']) => setFeedHistory(events));
  room.onMessage('chat', ({ sessionId, ...line }: ServerMessages['chat']) => {
    addChat(line);
    setChatError(null);
    if (sessionId) {
      app.bubbles.say(sessionId, line.text, performance.now());
      app.view?.invalidate();
    }
  });
  room.onMessage('chatHistory', ({ lines }: ServerMessages['chatHistory']) => {
    for (const line of lines) addChat(line);
  });
  room.onMessage('error', (error: ServerMessages['error']) => {
    if (error.type === 'move' || error.type === 'teleport') {
      app.moves.refused();
      app.view?.invalidate();
    }
    if (error.type === 'chat') setChatError(error.message);
    else if (error.type === 'rename') setNameError(`the game server refused the name: ${error.message}`);
    else console.warn(`server refused ${error.type ?? 'a message'}: ${error.message}`);
  });
}

export interface WorldConnection {
  /** The current room (it changes after a reconnect). */
  room(): WorldRoom | null;
  close(): Promise<void>;
}

/** How a connection joins: fresh options per join (a sign-in nonce is single use). */
export interface JoinPlan {
  options(): Promise<JoinOptions>;
  /** Before a fresh join replaces a lost session: drop what belonged to that session. */
  forget(): Promise<void>;
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
  let closing = false;
  const offline = (reason: string) => app.store.getState().setOffline(reason);

  /** Retakes the dropped seat of `room`; false once the window passed or the seat is gone. */
  const retake = async (room: WorldRoom): Promise<boolean> => {
    const deadline = performance.now() + RECONNECT_WINDOW_MS;
    while (!closing && performance.now() < deadline) {
      offline('connection lost, reconnecting…');
      try {
        const again: WorldRoom = await client.reconnect(room.reconnectionToken);
        follow(app, again);
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
        follow(app, again);
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
    current = room;
    app.store.getState().setOnline(room.sessionId);
    room.onLeave(async (code) => {
      current = null;
      if (closing) return;
      // 1000: the server closed the room on purpose (no seat to retake); anything else is a drop
      if (code !== 1000 && (await retake(room))) return;
      if (!closing) offline(`disconnected from the game server (code ${code}); joining again…`);
      await joinAgain(code);
    });
  };

  const room: WorldRoom = await client.joinOrCreate(WORLD_ROOM, await plan.options());
  follow(app, room);
  attach(room);
  return {
    room: () => current,
    close: async () => {
      closing = true;
      await current?.leave(true);
    },
  };
}
