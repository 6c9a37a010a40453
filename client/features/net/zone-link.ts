import { Client } from 'colyseus.js';
import type {
  ClientMessage,
  ClientMessageType,
  JoinOptions,
  ServerMessages,
  ServerMessageType,
} from '../../../shared/protocol.ts';
import type { PlayerView, WorldStateView } from '../../../shared/state.ts';
import {
  LOOK_MOVE_MS,
  moveDue,
  ZONE_ROOM,
  zoneOf,
  zoneOfParcel,
  zonesInView,
} from '../../../shared/zones.ts';
import { followRoom, ownPlayer, type WorldRoom } from './room.ts';
import type { WorldEvents, WorldLink } from './world-link.ts';

/**
 * The world as zone rooms (shared/zones.ts), seen from one player: the room of the zone it stands
 * in and, read-only, the rooms of the zones its view reaches (at most four). It joins and leaves
 * them as the player walks, tells each the moves it needs (shared/zones.ts moveDue: every one to
 * the zone stood in and the one walked into, two a second to those it only looks into), and
 * merges what they show: avatars keyed by address (during a border crossing two rooms show the
 * same avatar for a patch interval, and it is drawn once), an avatar a room drops lingers
 * HANDOVER_GRACE_MS for the next room to show it, and the world-wide chat and feed, which every
 * room passes on, are told once.
 */

/** Patches come every 50 ms: an avatar one room dropped waits this long for another to show it. */
const HANDOVER_GRACE_MS = 100;
/** A zone room that refused or dropped is asked again after this pause. */
const REJOIN_PAUSE_MS = 1_000;
/** Chat and feed items remembered for telling each once. */
const SEEN_ITEMS = 500;

/** What the link tells its owner (the app, a test, the bench): avatars keyed by address. */
export interface ZoneEvents extends WorldEvents {
  /** A zone room refused the player or could not be reached (asked again after a pause). */
  refused(zone: number, reason: string): void;
  /** A zone room's connection dropped (asked again after a pause). */
  dropped(zone: number, code: number): void;
}

export class ZoneLink implements WorldLink {
  readonly #client: Client;
  readonly #events: ZoneEvents;
  readonly #rooms = new Map<number, WorldRoom>();
  readonly #joining = new Set<number>();
  readonly #retryAt = new Map<number, number>();
  /** The seats (`zone:session`) showing each avatar. */
  readonly #shownBy = new Map<string, Set<string>>();
  readonly #gone = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #seen = new Set<string>();
  /** The zone whose room issued each mining job: its shares go there. */
  readonly #jobZone = new Map<string, number>();
  #pass: string | null = null;
  /** The highest block the zone rooms' indexers applied (each process indexes on its own). */
  #indexedBlock = 0;
  #at = { x: 0, z: 0, heading: 0 };
  /** When each room last heard a move (ms). */
  readonly #toldAt = new Map<number, number>();
  /** Look-only rooms that have not heard where the player is now: they do LOOK_MOVE_MS after their last move. */
  readonly #owed = new Set<number>();
  #owedTimer: ReturnType<typeof setTimeout> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #closed = false;

  private constructor(url: string, events: ZoneEvents) {
    this.#client = new Client(url);
    this.#events = events;
  }

  /**
   * Joins the room of the zone of `options.spawn` (Genesis Plaza's without one) signed in as the
   * options say, then the rooms of the zones in view with the pass it hands out.
   */
  static async connect(url: string, options: JoinOptions, events: ZoneEvents): Promise<ZoneLink> {
    const link = new ZoneLink(url, events);
    const spawn = options.spawn ?? { x: 0, z: 0 };
    link.#at = { ...spawn, heading: 0 };
    const zone = zoneOf(spawn.x, spawn.z);
    const room = await link.#client.joinOrCreate<WorldStateView>(ZONE_ROOM, { ...options, zone });
    const passed = new Promise<void>((resolve) => {
      room.onMessage('zonePass', ({ pass }: ServerMessages['zonePass']) => {
        link.#pass = pass;
        resolve();
      });
    });
    link.#follow(zone, room);
    await passed;
    link.#timer = setInterval(() => link.#sync(), REJOIN_PAUSE_MS);
    link.#sync();
    return link;
  }

  /** Zones whose rooms this link holds now. */
  zones(): number[] {
    return [...this.#rooms.keys()].sort((a, b) => a - b);
  }

  room(zone: number): WorldRoom | undefined {
    return this.#rooms.get(zone);
  }

  /** The room showing this player's avatar: the zone it stands in. */
  home(): WorldRoom | undefined {
    for (const room of this.#rooms.values()) if (room.state.players?.has(room.sessionId)) return room;
    return this.#rooms.get(zoneOf(this.#at.x, this.#at.z));
  }

  self(): PlayerView | null {
    const home = this.home();
    return home ? ownPlayer(home) : null;
  }

  drop(): void {
    for (const room of this.#rooms.values()) void room.leave(false).catch(() => undefined);
  }

  /**
   * Sends a client message where it belongs: a move to the rooms it is due in (each looks from
   * it, and the zone walked into takes the avatar in), a jump to every room; mining to the room
   * of the parcel's zone; chat and names to the home room. False when no room for it is held.
   */
  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): boolean {
    if (type === 'move' || type === 'teleport') {
      const to = message as ClientMessage<'move'>;
      const from = this.#at;
      this.#at = { x: to.x, z: to.z, heading: to.heading ?? this.#at.heading };
      this.#tell(type, to, from, false);
      this.#sync();
      return this.#rooms.size > 0;
    }
    if (type === 'mineStop') {
      for (const room of this.#rooms.values()) room.send(type, message);
      return this.#rooms.size > 0;
    }
    let room: WorldRoom | undefined;
    if (type === 'mine') room = this.#rooms.get(zoneOfParcel((message as ClientMessage<'mine'>).parcelId));
    else if (type === 'workShare') {
      const zone = this.#jobZone.get((message as ClientMessage<'workShare'>).jobId);
      room = zone === undefined ? undefined : this.#rooms.get(zone);
    } else room = this.home();
    room?.send(type, message);
    return room !== undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#owedTimer) clearTimeout(this.#owedTimer);
    for (const timer of this.#gone.values()) clearTimeout(timer);
    await Promise.all([...this.#rooms.values()].map((room) => room.leave(true).catch(() => undefined)));
    this.#rooms.clear();
  }

  /**
   * Tells the held rooms (only those owed one, when `owedOnly`) a move from `from` to where the
   * player is now if it is due there, a jump always; a room not told is owed the player's spot,
   * and hears it once its LOOK_MOVE_MS are up.
   */
  #tell(
    type: 'move' | 'teleport',
    message: ClientMessage<'move'>,
    from: { x: number; z: number },
    owedOnly: boolean,
  ): void {
    const now = Date.now();
    for (const [zone, room] of this.#rooms) {
      if (owedOnly && !this.#owed.has(zone)) continue;
      if (type === 'move' && !moveDue(zone, from, this.#at, this.#toldAt.get(zone) ?? null, now)) {
        this.#owed.add(zone);
        continue;
      }
      room.send(type, message);
      this.#toldAt.set(zone, now);
      this.#owed.delete(zone);
    }
    if (this.#owedTimer || this.#owed.size === 0) return;
    let next = Infinity;
    for (const zone of this.#owed) next = Math.min(next, (this.#toldAt.get(zone) ?? now) + LOOK_MOVE_MS);
    this.#owedTimer = setTimeout(() => {
      this.#owedTimer = null;
      const here = { ...this.#at };
      this.#tell('move', here, here, true);
    }, next - now);
  }

  /** Leaves the rooms of zones out of view, then joins those come into view. */
  #sync(): void {
    if (this.#closed || !this.#pass) return;
    const wanted = zonesInView(this.#at.x, this.#at.z);
    for (const [zone, room] of this.#rooms) {
      if (wanted.includes(zone)) continue;
      this.#rooms.delete(zone);
      this.#forgetRoom(zone, room);
      void room.leave(true).catch(() => undefined);
    }
    const now = Date.now();
    for (const zone of wanted) {
      if (this.#rooms.has(zone) || this.#joining.has(zone) || (this.#retryAt.get(zone) ?? 0) > now) continue;
      void this.#join(zone, this.#pass);
    }
  }

  async #join(zone: number, pass: string): Promise<void> {
    this.#joining.add(zone);
    try {
      const room = await this.#client.joinOrCreate<WorldStateView>(ZONE_ROOM, { zone, pass });
      if (this.#closed || !zonesInView(this.#at.x, this.#at.z).includes(zone)) {
        await room.leave(true);
        return;
      }
      this.#follow(zone, room);
      // the room looks from where the pass last put the player: from here on, from where it is
      room.send('move', { ...this.#at });
      this.#toldAt.set(zone, Date.now());
    } catch (error) {
      this.#retryAt.set(zone, Date.now() + REJOIN_PAUSE_MS);
      this.#events.refused(zone, (error as Error).message ?? String(error));
    } finally {
      this.#joining.delete(zone);
    }
  }

  #follow(zone: number, room: WorldRoom): void {
    this.#rooms.set(zone, room);
    followRoom(room, {
      player: (sessionId, view, own) => this.#show(`${zone}:${sessionId}`, view, own),
      playerGone: (sessionId, view) => this.#hide(`${zone}:${sessionId}`, view.address),
      parcels: (put, removed) => this.#events.parcels(put, removed),
      indexedBlock: (block) => {
        if (block <= this.#indexedBlock) return;
        this.#indexedBlock = block;
        this.#events.indexedBlock(block);
      },
      message: (type, message) => this.#heard(zone, type, message),
    });
    room.onLeave((code) => {
      if (this.#rooms.get(zone) !== room) return;
      // dropped: asked again with the pass after a pause (the server holds no seat to retake in
      // another process's room for long, and a fresh seat is as good)
      this.#rooms.delete(zone);
      this.#forgetRoom(zone, room);
      this.#retryAt.set(zone, Date.now() + REJOIN_PAUSE_MS);
      this.#events.dropped(zone, code);
    });
  }

  /**
   * A zone room's message: the world-wide chat and feed once (every room passes them on), a chat
   * line's speaker by the address its avatar is keyed by, the zone of each mining job, and refused
   * moves of the home room only.
   */
  #heard<K extends ServerMessageType>(zone: number, type: K, message: ServerMessages[K]): void {
    if (type === 'chat') {
      const line = message as ServerMessages['chat'];
      if (!this.#first(`chat|${line.from}|${line.at}|${line.text}`)) return;
      this.#events.message('chat', line.sessionId === undefined ? line : { ...line, sessionId: line.from });
      return;
    }
    if (type === 'feed') {
      const item = message as ServerMessages['feed'];
      if (!this.#first(`feed|${item.kind}|${item.at}|${item.text}`)) return;
    }
    if (type === 'job') this.#jobZone.set((message as ServerMessages['job']).jobId, zone);
    // where the player is, the room it stands in says: a neighbour's refused move (its seat looked
    // from an older spot) corrects nothing
    const refused = type === 'error' ? (message as ServerMessages['error']).type : undefined;
    if ((refused === 'move' || refused === 'teleport') && this.#rooms.get(zone) !== this.home()) return;
    this.#events.message(type, message);
  }

  /** The avatars a left room showed go, unless another room shows them. */
  #forgetRoom(zone: number, room: WorldRoom): void {
    this.#toldAt.delete(zone);
    this.#owed.delete(zone);
    room.state.players?.forEach((player, sessionId) => {
      this.#hide(`${zone}:${sessionId}`, player.address);
    });
  }

  #show(seat: string, view: PlayerView, own: boolean): void {
    const key = view.address;
    let seats = this.#shownBy.get(key);
    if (!seats) {
      seats = new Set();
      this.#shownBy.set(key, seats);
    }
    seats.add(seat);
    const timer = this.#gone.get(key);
    if (timer) clearTimeout(timer);
    this.#gone.delete(key);
    this.#events.player(key, view, own);
  }

  #hide(seat: string, key: string): void {
    const seats = this.#shownBy.get(key);
    if (!seats?.delete(seat) || seats.size > 0 || this.#gone.has(key)) return;
    this.#gone.set(
      key,
      setTimeout(() => {
        this.#gone.delete(key);
        if (this.#shownBy.get(key)?.size) return;
        this.#shownBy.delete(key);
        this.#events.playerGone(key);
      }, HANDOVER_GRACE_MS),
    );
  }

  /** True the first time `id` is seen (of the last SEEN_ITEMS). */
  #first(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > SEEN_ITEMS) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
