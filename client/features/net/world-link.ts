import type {
  ClientMessage,
  ClientMessageType,
  JoinOptions,
  ServerMessages,
} from '../../../shared/protocol.ts';
import { isGuestAddress, type ParcelView, type PlayerView } from '../../../shared/state.ts';
import type { App } from '../../app.ts';
import { applyParcels } from '../map/map-sync.ts';
import { saveGuestName } from './guest-name.ts';

/**
 * The player's link to the world, whichever way the server splits it: one world room (room.ts)
 * or the zone rooms around the player (zone-link.ts). The game's features talk through it and
 * hear the world through WorldEvents; appEvents() is the one mapping of those events into the app.
 */
export interface WorldLink {
  /** Sends a client message to the room it belongs in; false when no such room is held. */
  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): boolean;
  /** This player as the room it stands in has it (its credited hash rate), or null. */
  self(): PlayerView | null;
  /** Drops the connection without leaving, as a network failure would (the test handle's). */
  drop(): void;
}

/** A server message handler for every type (the mining controller's, say). */
export type Heard = <K extends keyof ServerMessages>(type: K, message: ServerMessages[K]) => void;

/**
 * What a link tells: avatars keyed by session (one world room) or by address (zone rooms, which
 * show one avatar in two rooms during a border crossing), parcels in view, the indexer's block,
 * and server messages, each chat line and feed item once. A chat line's `sessionId` is the key
 * of the avatar that spoke.
 */
export interface WorldEvents {
  /** An avatar appeared or changed (`own`: this player's own). */
  player(key: string, view: PlayerView, own: boolean): void;
  playerGone(key: string): void;
  /** Parcels that changed in one patch; removed ones went unclaimed. */
  parcels(put: ParcelView[], removed: number[]): void;
  indexedBlock(block: number): void;
  message: Heard;
}

export interface WorldConnection {
  /** The link while connected (a reconnect may bring a new one), else null. */
  link(): WorldLink | null;
  close(): Promise<void>;
}

/** How a connection joins: fresh options per join (a sign-in nonce is single use). */
export interface JoinPlan {
  options(): Promise<JoinOptions>;
  /** Before a fresh join replaces a lost session: drop what belonged to that session. */
  forget(): Promise<void>;
  /** Every server message, after the app took what it shows. */
  heard: Heard;
}

/**
 * Feeds one session's events into the app: avatars to the live set, this player's own to its
 * walked pose (placed where the room has it at first, reconciled after), parcels to the store
 * and the map texture, chat, feed and refusals to their slices; every message then to `heard`.
 */
export function appEvents(app: App, heard: Heard): WorldEvents {
  const state = () => app.store.getState();
  let placed = false;
  const messages: { [K in keyof ServerMessages]?: (message: ServerMessages[K]) => void } = {
    feed: (entry) => state().addFeed(entry),
    feedHistory: ({ events }) => state().setFeedHistory(events),
    chat: ({ sessionId, ...line }) => {
      state().addChat(line);
      state().setChatError(null);
      if (sessionId) {
        app.bubbles.say(sessionId, line.text, performance.now());
        app.view?.invalidate();
      }
    },
    chatHistory: ({ lines }) => {
      for (const line of lines) state().addChat(line);
    },
    error: (error) => {
      if (error.type === 'move' || error.type === 'teleport') {
        app.moves.refused();
        app.view?.invalidate();
      }
      if (error.type === 'chat') state().setChatError(error.message);
      else if (error.type === 'rename')
        state().setNameError(`the game server refused the name: ${error.message}`);
      else console.warn(`server refused ${error.type ?? 'a message'}: ${error.message}`);
    },
  };
  return {
    player(key, view, own) {
      if (!own) {
        app.players.put(key, view, performance.now());
        // the canvas draws on demand: a remote avatar that moved while it idled must be drawn
        app.view?.invalidate();
        return;
      }
      if (state().sessionId !== key) state().setOnline(key);
      if (!placed) {
        // start walking where the room has us (spawn point, or our seat after a reconnect), and look there
        placed = true;
        Object.assign(app.me, {
          x: view.x,
          z: view.z,
          heading: view.heading,
          name: view.name,
          color: view.color,
        });
        app.moves.joined(view);
        app.view?.travel(view.x, view.z);
        state().setMyName(view.name);
      } else {
        app.moves.heard(view);
        if (view.name !== app.me.name) {
          app.me.name = view.name;
          state().setMyName(view.name);
          // a rename the room accepted: a guest's is kept by this browser for its next visit
          if (isGuestAddress(view.address)) saveGuestName(localStorage, view.name);
        }
      }
      app.view?.invalidate(); // the frame loop reconciles the local pose
    },
    playerGone(key) {
      app.players.remove(key);
      app.bubbles.forget(key);
      app.view?.invalidate();
    },
    parcels: (put, removed) => applyParcels(app.store, app.map, put, removed),
    indexedBlock: (block) => state().setIndexedBlock(block),
    message(type, message) {
      messages[type]?.(message);
      heard(type, message);
    },
  };
}
