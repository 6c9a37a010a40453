import { type AuthContext, type Client, Protocol, Room, type Serializer, ServerError } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import type { Hex, MiningJob } from '../shared/pow.ts';
import {
  CHAT_HISTORY_LINES,
  CHAT_PER_IP_LIMIT,
  type ClientMessage,
  type ClientMessageType,
  clientMessages,
  type ErrorCode,
  FEED_HISTORY_EVENTS,
  type JoinOptions,
  joinOptionsSchema,
  looksLikeAddress,
  RATE_LIMITS,
  RECONNECT_SECONDS,
  type ServerMessages,
  SIGNED_IN_ONLY,
} from '../shared/protocol.ts';
import { type Bucket, fullBucket, takeToken } from '../shared/rate-limit.ts';
import { type SpawnPoint, spawnPoint } from '../shared/spawn.ts';
import { GUEST_PREFIX } from '../shared/state.ts';
import { isZone, LOOK_MOVE_MS, zoneJoinOptionsSchema, zoneOf, zoneOfParcel } from '../shared/zones.ts';
import { type SignIn, SignInError } from './auth.ts';
import type { ParcelRecord } from './chain-events.ts';
import { CHAT_CHANNEL, FEED_CHANNEL, FEED_RESET_CHANNEL } from './feed-relay.ts';
import type { ChainIndexer, IndexerEvent } from './indexer.ts';
import { InterestGrid, syncView } from './interest-grid.ts';
import type { Metrics } from './metrics.ts';
import { MiningPool, type PowDigest, type ShareVerdict } from './mining/pool.ts';
import { readChainTarget, readChallenge } from './ore-miner.ts';
import { ChunkedPatchSerializer } from './patch-serializer.ts';
import { cleanText, defaultName, isWalkable, normalizeHeading, playerColor } from './rules.ts';
import { Parcel, Player, WorldState } from './schema.ts';
import type { Store } from './store.ts';
import {
  passRefusal,
  REPLACED_PASS_CHANNEL,
  reachKey,
  ZonePasses,
  type ZonePassRecord,
} from './zone-pass.ts';

/** What the world room needs from its process; handed in through the room's define() options. */
export interface WorldRoomDeps {
  store: Store;
  indexer: ChainIndexer;
  signIn: SignIn;
  metrics: Metrics;
  log: Logger;
  /** The chain the OreMiner of `oreMiner` lives on, for challenges and the target. */
  rpcUrl: string;
  oreMiner: string;
  /** The digest work shares are verified with (server/work-shares.ts createWasmDigest). */
  powDigest: PowDigest;
}

/** Who a session is: bound at join by onAuth. */
export interface SessionAuth {
  address: string;
  guest: boolean;
  /** The network address the session came from, as the transport reports it (chat limits). */
  ip: string;
  /** A zone room's player who came with a zone pass (server/zone-pass.ts): the pass and its record. */
  pass?: { id: string; record: ZonePassRecord };
}

/** Per-session bookkeeping that is not synchronized. */
interface Seat {
  auth: SessionAuth;
  buckets: Record<ClientMessageType | 'any', Bucket>;
  /** Error replies are rate limited too, so a flood of bad messages is not echoed back. */
  errorBucket: Bucket;
  /** Moves of a seat that only looks (a zone room of a neighbouring zone): LOOK_MOVE_LIMIT. */
  lookBucket: Bucket;
  /** Last accepted position and when (ms). */
  lastMove: { x: number; z: number; at: number };
  /** Session ids of the players this client's view holds. */
  visible: Set<string>;
  /** The player's name, for its avatar whenever it enters this zone room's state. */
  name: string;
  /** A zone room's player: its zone pass, and the zones within reach the pass last recorded. */
  zonePass: { id: string; reach: string } | null;
  /** The player walked out of this zone: its avatar goes after HANDOVER_HOLD_MS. */
  handingOver: boolean;
}

type AcceptedShare = Extract<ShareVerdict, { accepted: true }>;

/** All messages of one client together, per second and burst. */
const ANY_MESSAGE_LIMIT = { perSecond: 40, burst: 60 };
/** Error replies per second and burst, per client. */
const ERROR_REPLY_LIMIT = { perSecond: 5, burst: 10 };
/**
 * Moves a second and burst of a seat that only looks (shared/zones.ts moveDue): the burst takes
 * the move a link sends as it joins, and moves that network jitter brings closer together.
 */
const LOOK_MOVE_LIMIT = { perSecond: 1000 / LOOK_MOVE_MS, burst: 3 };
/** How often the room's periodic work runs, in milliseconds. */
const EVERY_MS = {
  /** Recomputing who sees whom: a share of the clients at each patch, each client this often. */
  interest: 200,
  /** Retargets of silent miners and hash-rate updates. */
  miningTick: 1_000,
  /** Patches: 20 Hz. */
  patch: 50,
  /**
   * The server clock (`serverTime`, clients time patches by it): written into a patch that goes
   * out anyway, at most this often, so a seat whose view did not change gets no patch for it.
   */
  clock: 500,
  /**
   * Prunings of old chat lines and long-gone players (store.ts prune): each run deletes a bounded
   * batch, so runs come often enough to outpace any chat the limits allow.
   */
  prune: 60_000,
} as const;
/** Network addresses with a chat bucket at most; past it, full buckets are forgotten at once. */
const MAX_CHAT_BUCKETS = 10_000;
/** What a seat in a neighbouring zone's room may send: where it looks from, and mining there. */
const NEIGHBOUR_MESSAGES: ReadonlySet<ClientMessageType> = new Set([
  'move',
  'teleport',
  'mine',
  'mineStop',
  'workShare',
]);
/**
 * How long a zone room keeps the avatar of a player who walked out of its zone: by then the zone
 * walked into (which took the same move) has put it in its neighbours' views (an interest refresh)
 * and sent it (a patch), with a patch interval to spare.
 */
const HANDOVER_HOLD_MS = EVERY_MS.interest + 2 * EVERY_MS.patch;
/** One patch tick in this many has its CPU measured (broadcastPatch). */
const PATCH_CPU_SAMPLING = 10;
/** A pass that does not admit a join yet is read once more after this many ms (a racing position write). */
const PASS_RETRY_MS = 300;

/**
 * The client's network address: the matchmaking route (server/matchmake-route.ts) passes the
 * socket's peer address, never a forwarding header a client could forge.
 */
function networkAddress(ip: string | string[] | undefined): string {
  const value = Array.isArray(ip) ? ip.at(-1) : ip;
  return value || 'unknown';
}

function summarize(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
}

export class WorldRoom extends Room<WorldState, unknown, unknown, SessionAuth> {
  #deps!: WorldRoomDeps;
  readonly #seats = new Map<string, Seat>();
  readonly #grid = new InterestGrid<string>();
  /** Reused by every view refresh: five refreshes per client and second allocate nothing. */
  readonly #scratchNear = new Set<string>();
  readonly #playerOf = (id: string) => this.state.players.get(id);
  /** Session ids of each signed-in address (one miner, however many sessions). */
  readonly #sessionsOf = new Map<string, Set<string>>();
  /** Chat buckets per network address (CHAT_PER_IP_LIMIT), dropped once full again. */
  readonly #chatPerIp = new Map<string, Bucket>();
  #pool!: MiningPool;
  /** Whether the pool has OreMiner's current target (read once, then followed by events). */
  #chainTargetKnown = false;
  #unsubscribe: (() => void) | null = null;
  /** The last FEED_HISTORY_EVENTS live feed events, oldest first, for players who join later. */
  readonly #recentFeed: ServerMessages['feed'][] = [];
  /** The client whose view #updateViews refreshed last, by its index in this.clients. */
  #viewCursor = 0;
  /** Players placed on the plaza so far: the next one takes spawnPoint(#spawned). */
  #spawned = 0;
  /** The zone of a zone room (shared/zones.ts), null for the one world room. */
  #zone: number | null = null;
  #passes!: ZonePasses;
  #serializer!: ChunkedPatchSerializer<WorldState>;
  /** Patch ticks so far: every PATCH_CPU_SAMPLING-th has its CPU measured. */
  #patchTicks = 0;

  /** `zoned` comes from the room's definition, `zone` from the join options that created it. */
  override onCreate(options: { deps: WorldRoomDeps; zoned?: boolean; zone?: unknown }): void {
    this.#deps = options.deps;
    this.#pool = new MiningPool({ digest: options.deps.powDigest });
    if (options.zoned) {
      if (typeof options.zone !== 'number' || !isZone(options.zone))
        throw new ServerError(400, 'no such zone');
      this.#zone = options.zone;
    }
    this.#passes = new ZonePasses(this.presence);
    // the world room lives on; a zone room nobody is in goes (its parcels come back from the indexer)
    this.autoDispose = this.#zone !== null;
    this.maxClients = 5_000;
    this.setState(new WorldState());
    this.setPatchRate(EVERY_MS.patch);
    this.#deps.metrics.rooms.inc();

    for (const parcel of this.#deps.indexer.parcels()) this.#setParcel(parcel.id, parcel);
    this.state.indexedBlock = Math.max(0, this.#deps.indexer.status().indexedBlock);
    this.#unsubscribe = this.#deps.indexer.subscribe((event) => this.#onChain(event));
    for (const [channel, listener] of this.#channels) {
      Promise.resolve(this.presence.subscribe(channel, listener)).catch((error: unknown) => {
        this.#deps.log.error({ err: (error as Error).message, channel }, 'subscribing failed');
      });
    }

    for (const type of Object.keys(clientMessages) as ClientMessageType[]) {
      this.onMessage(type, (client, payload) => this.#receive(client, type, payload));
    }
    this.onMessage('*', (client, type) => {
      const seat = this.#seats.get(client.sessionId);
      this.#deps.metrics.messages.inc({ type: 'unknown' });
      if (
        seat &&
        !takeToken(seat.buckets.any, Date.now(), ANY_MESSAGE_LIMIT.perSecond, ANY_MESSAGE_LIMIT.burst)
      ) {
        this.#refuse(client, 'rate-limited', 'too many messages', String(type));
        return;
      }
      this.#refuse(
        client,
        'unknown-type',
        `unknown message type ${JSON.stringify(String(type)).slice(0, 60)}; known: ${Object.keys(clientMessages).join(', ')}`,
        String(type).slice(0, 60),
      );
    });
    this.clock.setInterval(() => this.#tickMining(), EVERY_MS.miningTick);
    this.#prune();
    this.clock.setInterval(() => this.#prune(), EVERY_MS.prune);
  }

  /** Old chat lines and long-gone players leave the store, a bounded batch per run. */
  #prune(): void {
    const now = Date.now();
    this.#forgetFullChatBuckets(now);
    this.#deps.store.prune(now).then(
      (pruned) => {
        if (pruned.chatLines + pruned.players + pruned.workShares > 0)
          this.#deps.log.info(pruned, 'pruned the store');
      },
      (error: unknown) => this.#deps.log.warn({ err: (error as Error).message }, 'pruning the store failed'),
    );
  }

  /** A bucket refilled to its burst is the same as none. */
  #forgetFullChatBuckets(now: number): void {
    const refillMs = (CHAT_PER_IP_LIMIT.burst / CHAT_PER_IP_LIMIT.perSecond) * 1000;
    for (const [ip, bucket] of this.#chatPerIp) if (now - bucket.at > refillMs) this.#chatPerIp.delete(ip);
  }

  /** Setting the state picks Colyseus' schema serializer: patches go through the chunked one instead. */
  override setSerializer(serializer: Serializer<WorldState>): void {
    this.#serializer =
      serializer instanceof ChunkedPatchSerializer ? serializer : new ChunkedPatchSerializer(Player);
    super.setSerializer(this.#serializer);
  }

  /**
   * A patch tick (the room clock's timers, then encoding and sending), its CPU counted: measured
   * in one tick of PATCH_CPU_SAMPLING and counted for all of them, since reading the process's
   * CPU is a system call that showed as a seventh of a loaded zone process's profile when every
   * tick made two.
   */
  override broadcastPatch(): boolean {
    this.#deps.metrics.patchTicks.inc();
    if (++this.#patchTicks % PATCH_CPU_SAMPLING !== 0) return super.broadcastPatch();
    const start = process.cpuUsage();
    const sent = super.broadcastPatch();
    const used = process.cpuUsage(start);
    this.#deps.metrics.patchCpu.inc((PATCH_CPU_SAMPLING * (used.user + used.system)) / 1e6);
    return sent;
  }

  override onBeforePatch(state: WorldState): void {
    this.#updateViews();
    const now = Date.now();
    if (now - state.serverTime >= EVERY_MS.clock && this.#serializer.hasChanges) state.serverTime = now;
  }

  override async onAuth(client: Client, options: unknown, context: AuthContext): Promise<SessionAuth> {
    if (this.#zone !== null) return this.#zoneAuth(client, options, context);
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, `bad join options: ${summarize(parsed.error)}`);
    return this.#signIn(client, parsed.data.siwe, context);
  }

  /**
   * A zone room admits a first join (no pass) to the zone of its spawn point, signed in as the
   * world room does; a join with a pass to a zone in view of the pass's position, while the pass
   * holds fewer than MAX_ZONE_ROOMS seats.
   */
  async #zoneAuth(client: Client, options: unknown, context: AuthContext): Promise<SessionAuth> {
    const parsed = zoneJoinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, `bad join options: ${summarize(parsed.error)}`);
    const { pass, spawn, siwe } = parsed.data;
    if (!pass) {
      // without a spot of its own a player appears on Genesis Plaza, in the zone of (0, 0)
      const home = spawn ? zoneOf(spawn.x, spawn.z) : zoneOf(0, 0);
      if (home !== this.#zone) {
        throw new ServerError(400, `a first join goes to the zone of the spawn point, ${home}`);
      }
      return this.#signIn(client, siwe, context);
    }
    const check = async () => {
      const record = await this.#passes.read(pass);
      return { record, refusal: passRefusal(record, this.#zone as number, await this.#passes.rooms(pass)) };
    };
    let checked: Awaited<ReturnType<typeof check>>;
    try {
      checked = await check();
      if (checked.refusal && checked.record) {
        await new Promise((resolve) => setTimeout(resolve, PASS_RETRY_MS));
        checked = await check();
      }
    } catch (error) {
      this.#deps.log.warn({ err: (error as Error).message }, 'reading a zone pass failed');
      throw new ServerError(503, 'the server could not check the zone pass; try again');
    }
    const { record, refusal } = checked;
    if (refusal || !record) throw new ServerError(403, `zone room refused: ${refusal}`);
    return {
      address: record.address,
      guest: record.guest,
      ip: networkAddress(context.ip),
      pass: { id: pass, record },
    };
  }

  async #signIn(client: Client, siwe: JoinOptions['siwe'], context: AuthContext): Promise<SessionAuth> {
    const ip = networkAddress(context.ip);
    try {
      const address = await this.#deps.signIn.authenticate(siwe, context.headers, Date.now());
      return address
        ? { address, guest: false, ip }
        : { address: `${GUEST_PREFIX}${client.sessionId}`, guest: true, ip };
    } catch (error) {
      if (error instanceof SignInError) throw new ServerError(401, `sign-in refused: ${error.message}`);
      // the session store or the presence is away: the reason, not its internals
      this.#deps.log.warn({ err: (error as Error).message }, 'checking a sign-in failed');
      throw new ServerError(503, 'the server could not check the sign-in; try again');
    }
  }

  override async onJoin(
    client: Client<unknown, SessionAuth>,
    options: unknown,
    auth: SessionAuth,
  ): Promise<void> {
    if (auth.pass) {
      await this.#joinWithPass(client, auth, auth.pass);
      return;
    }
    const requested = joinOptionsSchema.safeParse(options ?? {});
    const wantedName = requested.success && requested.data.name ? cleanText(requested.data.name) : '';
    // the store first: nothing of this player is in the room until both reads are back
    const [record, chatLines] = await Promise.all([
      auth.guest
        ? null
        : this.#deps.store.seePlayer(
            auth.address,
            wantedName || defaultName(auth.address),
            playerColor(auth.address),
            Date.now(),
          ),
      this.#deps.store.recentChat(CHAT_HISTORY_LINES),
    ]).catch((error: unknown) => {
      this.#deps.log.warn({ err: (error as Error).message }, 'the store failed at a join');
      throw new ServerError(503, 'the server could not read its records; try again');
    });
    const now = Date.now();
    // a name stored before address-like names were refused must not pass for another address
    const name = !record
      ? wantedName || defaultName(auth.address)
      : looksLikeAddress(record.name) && record.name !== defaultName(auth.address)
        ? defaultName(auth.address)
        : record.name;
    const spot = requested.success ? requested.data.spawn : undefined;
    const spawn = spot ? { ...spot, heading: 0 } : spawnPoint(this.#spawned++);
    let zonePass: Seat['zonePass'] = null;
    if (this.#zone !== null) {
      // the first zone room hands out the pass the player's other zone rooms admit it with
      const pass = await this.#passes
        .issue({ address: auth.address, guest: auth.guest, name, x: spawn.x, z: spawn.z, at: now })
        .then(async (id) => {
          await this.#passes.enter(id, this.roomId);
          // one pass per address: an older tab's seats close, here and in every zone room
          const replaced = auth.guest ? [] : await this.#passes.takeOver(auth.address, id);
          for (const old of replaced) await this.presence.publish(REPLACED_PASS_CHANNEL, old);
          return id;
        })
        .catch((error: unknown) => this.#presenceFailed(error));
      zonePass = { id: pass, reach: reachKey(spawn.x, spawn.z) };
      client.send('zonePass', { pass });
    }
    this.#seat(client, auth, name, { x: spawn.x, z: spawn.z, at: now }, zonePass);
    this.#placePlayer(client.sessionId, auth, name, spawn);
    this.#refreshView(client);
    client.send('chatHistory', { lines: chatLines });
    client.send('feedHistory', { events: this.#recentFeed });
    this.#deps.metrics.clients.inc();
    this.#deps.log.info({ sessionId: client.sessionId, address: auth.address }, 'player joined');
  }

  /**
   * A join with a zone pass: a seat that looks from the pass's position, with the player's avatar
   * only when it stands in this zone (else it comes once a move walks in). Histories came with the
   * first zone room.
   */
  async #joinWithPass(
    client: Client<unknown, SessionAuth>,
    auth: SessionAuth,
    pass: NonNullable<SessionAuth['pass']>,
  ): Promise<void> {
    await this.#passes.enter(pass.id, this.roomId).catch((error: unknown) => this.#presenceFailed(error));
    const { record } = pass;
    this.#seat(
      client,
      auth,
      record.name,
      { x: record.x, z: record.z, at: record.at },
      { id: pass.id, reach: '' },
    );
    if (zoneOf(record.x, record.z) === this.#zone) {
      this.#placePlayer(client.sessionId, auth, record.name, { x: record.x, z: record.z, heading: 0 });
    }
    this.#refreshView(client);
    this.#deps.metrics.clients.inc();
    // a walking player takes and leaves the seats of the zones around it every few seconds: at
    // info level, these lines and their leaves were a thirtieth of a loaded zone process's time
    this.#deps.log.debug(
      { sessionId: client.sessionId, address: auth.address, zone: this.#zone },
      'zone seat',
    );
  }

  #presenceFailed(error: unknown): never {
    this.#deps.log.warn({ err: (error as Error).message }, 'the presence failed at a zone join');
    throw new ServerError(503, 'the server could not record the zone seat; try again');
  }

  /** The seat of a joining client, looking from `at`. */
  #seat(
    client: Client,
    auth: SessionAuth,
    name: string,
    at: Seat['lastMove'],
    zonePass: Seat['zonePass'],
  ): void {
    const now = Date.now();
    if (!auth.guest) {
      const sessions = this.#sessionsOf.get(auth.address) ?? new Set();
      sessions.add(client.sessionId);
      this.#sessionsOf.set(auth.address, sessions);
    }
    this.#seats.set(client.sessionId, {
      auth,
      buckets: {
        any: fullBucket(ANY_MESSAGE_LIMIT.burst, now),
        move: fullBucket(RATE_LIMITS.move.burst, now),
        chat: fullBucket(RATE_LIMITS.chat.burst, now),
        rename: fullBucket(RATE_LIMITS.rename.burst, now),
        teleport: fullBucket(RATE_LIMITS.teleport.burst, now),
        mine: fullBucket(RATE_LIMITS.mine.burst, now),
        mineStop: fullBucket(RATE_LIMITS.mineStop.burst, now),
        workShare: fullBucket(RATE_LIMITS.workShare.burst, now),
      },
      errorBucket: fullBucket(ERROR_REPLY_LIMIT.burst, now),
      lookBucket: fullBucket(LOOK_MOVE_LIMIT.burst, now),
      lastMove: at,
      visible: new Set(),
      name,
      zonePass,
      handingOver: false,
    });
    client.view = new StateView(true); // iterable: ChunkedPatchSerializer reads its items
  }

  /** The avatar of session `sessionId` enters the state at `at`. */
  #placePlayer(sessionId: string, auth: SessionAuth, name: string, at: SpawnPoint): void {
    const player = new Player();
    player.address = auth.address;
    player.color = playerColor(auth.address);
    player.name = name;
    player.x = at.x;
    player.z = at.z;
    player.heading = normalizeHeading(at.heading);
    this.state.players.set(sessionId, player);
    this.#grid.place(sessionId, player);
    // another session of this address may be mining: this one shows it too
    if (!auth.guest) this.#showMiner(auth.address, Date.now());
  }

  /** The avatar of session `sessionId` leaves the state (its seat may stay). */
  #dropPlayer(sessionId: string): void {
    this.state.players.delete(sessionId);
    this.#grid.remove(sessionId);
    for (const seat of this.#seats.values()) seat.visible.delete(sessionId);
  }

  override async onLeave(client: Client<unknown, SessionAuth>, consented: boolean): Promise<void> {
    this.#deps.metrics.clients.dec();
    if (!consented) {
      try {
        await this.allowReconnection(client, RECONNECT_SECONDS);
        this.#deps.metrics.clients.inc();
        this.#deps.log.info({ sessionId: client.sessionId }, 'player reconnected');
        return;
      } catch {
        // the seat expired: the player leaves below
      }
    }
    const seat = this.#seats.get(client.sessionId);
    this.#dropPlayer(client.sessionId);
    this.#seats.delete(client.sessionId);
    if (seat?.zonePass) {
      this.#passes.leave(seat.zonePass.id, this.roomId).catch((error: unknown) => {
        this.#deps.log.warn({ err: (error as Error).message }, 'leaving a zone pass failed');
      });
    }
    const sessions = seat && !seat.auth.guest ? this.#sessionsOf.get(seat.auth.address) : undefined;
    sessions?.delete(client.sessionId);
    if (seat && sessions?.size === 0) {
      // the address's last session is gone: its jobs stop counting at once
      this.#sessionsOf.delete(seat.auth.address);
      this.#pool.forgetMiner(seat.auth.address as Hex);
      this.#updateHashRates(Date.now());
    }
    // a seat taken with a zone pass (see 'zone seat') goes as often as it came
    this.#deps.log[seat?.auth.pass ? 'debug' : 'info'](
      { sessionId: client.sessionId, consented },
      'player left',
    );
  }

  override onDispose(): void {
    this.#unsubscribe?.();
    // Redis' unsubscribe returns a promise, the local presence's does not
    for (const [channel, listener] of this.#channels) {
      Promise.resolve()
        .then(() => this.presence.unsubscribe(channel, listener))
        .catch(() => undefined);
    }
    this.#deps.metrics.rooms.dec();
  }

  override onUncaughtException(error: Error, methodName: string): void {
    if (methodName === 'onAuth' && error.cause instanceof ServerError) {
      // A refused sign-in (bad or replayed message) is the client's problem, not the server's.
      this.#deps.log.info({ reason: error.cause.message }, 'sign-in refused');
      return;
    }
    this.#deps.log.error({ err: error, methodName }, 'uncaught exception in world room');
  }

  /** Validates one message of a known type and applies it, or refuses it with a reason. */
  #receive(client: Client, type: ClientMessageType, payload: unknown): void {
    this.#deps.metrics.messages.inc({ type });
    const refusal = this.#apply(client, type, payload, Date.now());
    if (refusal) this.#refuse(client, refusal[0], refusal[1], type);
  }

  /** Applies a message to the state; returns why not (and changes nothing) when it is refused. */
  #apply(client: Client, type: ClientMessageType, payload: unknown, now: number): [ErrorCode, string] | null {
    const seat = this.#seats.get(client.sessionId);
    if (!seat) return null; // a message racing the leave
    // a zone room's seat without an avatar: the player stands in a neighbouring zone
    const player = this.state.players.get(client.sessionId);
    if (!takeToken(seat.buckets.any, now, ANY_MESSAGE_LIMIT.perSecond, ANY_MESSAGE_LIMIT.burst)) {
      return ['rate-limited', 'too many messages'];
    }
    if (!player && !NEIGHBOUR_MESSAGES.has(type)) {
      return ['read-only', `${type} goes to the room of the zone you stand in; this one shows a neighbour`];
    }
    if (SIGNED_IN_ONLY.has(type) && seat.auth.guest)
      return ['not-signed-in', `sign in with Ethereum to ${type}`];
    const limit = RATE_LIMITS[type];
    if (!takeToken(seat.buckets[type], now, limit.perSecond, limit.burst)) {
      return ['rate-limited', `at most ${limit.perSecond} ${type} messages per second`];
    }
    const parsed = clientMessages[type].safeParse(payload);
    if (!parsed.success) return ['bad-payload', summarize(parsed.error)];

    if (type === 'move') {
      const move = parsed.data as ClientMessage<'move'>;
      // only a zone room's seat that looks from a neighbouring zone has no avatar; the move that
      // walks into this zone comes at once, whenever the last one came
      const { perSecond, burst } = LOOK_MOVE_LIMIT;
      if (
        !player &&
        zoneOf(move.x, move.z) !== this.#zone &&
        !takeToken(seat.lookBucket, now, perSecond, burst)
      ) {
        return [
          'rate-limited',
          `a room of a zone you look into takes at most ${perSecond} moves a second; the zone you stand in takes them all`,
        ];
      }
      if (!isWalkable(seat.lastMove, move, now - seat.lastMove.at)) {
        return ['too-fast', 'that move is faster than walking speed'];
      }
      seat.lastMove = { x: move.x, z: move.z, at: now };
      if (player) {
        player.x = move.x;
        player.z = move.z;
        player.heading = normalizeHeading(move.heading);
        this.#grid.place(client.sessionId, move);
      }
      this.#crossed(client, seat, move.heading);
    } else if (type === 'teleport') {
      const to = parsed.data as ClientMessage<'teleport'>;
      // walking on from here is timed from the jump
      seat.lastMove = { x: to.x, z: to.z, at: now };
      if (player) {
        player.x = to.x;
        player.z = to.z;
        this.#grid.place(client.sessionId, to);
      }
      this.#crossed(client, seat, player?.heading ?? 0);
    } else if (type === 'chat') {
      const text = cleanText((parsed.data as ClientMessage<'chat'>).text);
      if (!text) return ['bad-payload', 'text: empty after removing control characters'];
      const { perSecond, burst } = CHAT_PER_IP_LIMIT;
      let ipBucket = this.#chatPerIp.get(seat.auth.ip);
      if (!ipBucket) {
        if (this.#chatPerIp.size >= MAX_CHAT_BUCKETS) this.#forgetFullChatBuckets(now);
        ipBucket = fullBucket(burst, now);
        this.#chatPerIp.set(seat.auth.ip, ipBucket);
      }
      if (!takeToken(ipBucket, now, perSecond, burst)) {
        return [
          'rate-limited',
          `at most ${perSecond} chat line per second from one network, all players together`,
        ];
      }
      const line: ServerMessages['chat'] = { from: seat.auth.address, name: seat.name, text, at: now };
      // shown once it is kept: a line everyone saw is in the history of whoever joins next; told
      // world-wide, to every room of every process
      this.#deps.store
        .addChat(line)
        .then(
          () => this.presence.publish(CHAT_CHANNEL, { ...line, sessionId: client.sessionId }),
          (error: unknown) => this.#storeFailed(client, 'chat', error),
        )
        .catch((error: unknown) =>
          this.#deps.log.warn({ err: (error as Error).message }, 'publishing chat failed'),
        );
    } else if (type === 'rename') {
      const name = cleanText((parsed.data as ClientMessage<'rename'>).name);
      if (!name) return ['bad-payload', 'name: empty after removing control characters'];
      seat.name = name;
      if (player) player.name = name;
      this.#recordPass(seat, true);
      if (!seat.auth.guest)
        this.#deps.store.renamePlayer(seat.auth.address, name).catch((error: unknown) => {
          this.#storeFailed(client, 'rename', error);
        });
    } else if (type === 'mine') {
      const { parcelId } = parsed.data as ClientMessage<'mine'>;
      if (!this.state.parcels.has(String(parcelId))) {
        return ['parcel-unclaimed', 'only claimed parcels have rigs to mine on'];
      }
      void this.#startMining(client, seat, parcelId);
    } else if (type === 'mineStop') {
      this.#stopMining(seat.auth.address as Hex, now);
    } else if (type === 'workShare') {
      const share = parsed.data as ClientMessage<'workShare'>;
      const verdict = this.#pool.submitShare(seat.auth.address as Hex, share.jobId, share.nonce, now);
      if (!verdict.accepted) return [verdict.reason, verdict.message];
      void this.#creditWorkShare(client, verdict, share.nonce, now);
    }
    return null;
  }

  /** Reads what the pool lacks from the chain, then hands the miner a job on the parcel. */
  async #startMining(client: Client, seat: Seat, parcelId: number): Promise<void> {
    const { rpcUrl, oreMiner } = this.#deps;
    try {
      if (!this.#chainTargetKnown) {
        this.#pool.setChainTarget(await readChainTarget(rpcUrl, oreMiner));
        this.#chainTargetKnown = true;
      }
      if (!this.#pool.challengeOf(parcelId)) {
        this.#pool.setChallenge(parcelId, await readChallenge(rpcUrl, oreMiner, parcelId), Date.now());
      }
    } catch (error) {
      this.#deps.log.warn({ err: (error as Error).message }, 'reading OreMiner failed');
      this.#refuse(client, 'chain-unavailable', 'could not read the parcel challenge from the chain', 'mine');
      return;
    }
    if (!this.#seats.has(client.sessionId)) return; // left meanwhile
    const now = Date.now();
    // one job per address: every session of it mines this one (the earlier job stops counting)
    this.#sendJob(this.#pool.issueJob(seat.auth.address as Hex, parcelId, now));
    this.#updateHashRates(now);
  }

  /**
   * The miner stopped: the pool refuses its jobs from now on, and every session of that address
   * (the pool keys miners by address) stops showing a hash rate, as does the parcel.
   */
  #stopMining(miner: Hex, now: number): void {
    this.#pool.stopMining(miner);
    this.#updateHashRates(now);
  }

  /** Every session of the address shows the address's one parcel and credited rate. */
  #showMiner(address: string, now: number): void {
    const miningParcel = this.#pool.miningParcelOf(address as Hex);
    const hashRate = this.#pool.minerHashRate(address as Hex, now);
    for (const sessionId of this.#sessionsOf.get(address) ?? []) {
      const player = this.state.players.get(sessionId);
      if (!player) continue;
      player.miningParcel = miningParcel;
      player.hashRate = hashRate;
    }
  }

  /** A share the pool accepted is recorded durably in the ledger before it is acknowledged. */
  async #creditWorkShare(client: Client, verdict: AcceptedShare, nonce: string, now: number): Promise<void> {
    const miner = verdict.job.miner;
    let fresh: boolean;
    try {
      fresh = await this.#deps.store.addWorkShare({
        address: miner,
        parcelId: verdict.job.parcelId,
        challenge: verdict.job.challenge,
        nonce,
        digest: verdict.digest,
        difficulty: verdict.difficulty,
        at: now,
      });
    } catch (error) {
      this.#storeFailed(client, 'workShare', error);
      return;
    }
    // The pool forgets credited digests on restart; the ledger does not.
    if (!fresh) {
      this.#refuse(client, 'duplicate-share', 'this work share was credited before', 'workShare');
      return;
    }
    this.#deps.metrics.workShares.inc();
    this.#showMiner(miner, now);
    client.send('workShareAccepted', {
      jobId: verdict.job.jobId,
      digest: verdict.digest,
      difficulty: verdict.difficulty,
      solution: verdict.solution,
    });
    if (verdict.nextJob) this.#sendJob(verdict.nextJob);
  }

  /** The store refused or is away: the sender hears that nothing was kept. */
  #storeFailed(client: Client, type: ClientMessageType, error: unknown): void {
    this.#deps.log.warn({ err: (error as Error).message, type }, 'the store failed');
    this.#refuse(client, 'store-unavailable', 'the server could not record it; try again', type);
  }

  /** Once a second: easier jobs for silent miners, and hash rates that decay when shares stop. */
  #tickMining(): void {
    const now = Date.now();
    for (const job of this.#pool.retargetSilentMiners(now)) this.#sendJob(job);
    this.#updateHashRates(now);
  }

  /**
   * Players' and parcels' hash rates from the pool's credited work now: one rate per address,
   * counted once on the parcel the address mines, however many sessions it has.
   */
  #updateHashRates(now: number): void {
    for (const address of this.#sessionsOf.keys()) this.#showMiner(address, now);
    const rates = this.#pool.parcelHashRates(now);
    for (const parcel of this.state.parcels.values()) {
      const rate = rates.get(parcel.id) ?? 0;
      if (parcel.hashRate !== rate) parcel.hashRate = rate;
    }
  }

  /** Sends a job to every session of its miner. */
  #sendJob(job: MiningJob): void {
    for (const sessionId of this.#sessionsOf.get(job.miner) ?? []) {
      this.clients.getById(sessionId)?.send('job', job);
    }
  }

  #refuse(client: Client, code: ErrorCode, message: string, type?: string): void {
    this.#deps.metrics.rejected.inc({ code });
    const seat = this.#seats.get(client.sessionId);
    if (
      seat &&
      !takeToken(seat.errorBucket, Date.now(), ERROR_REPLY_LIMIT.perSecond, ERROR_REPLY_LIMIT.burst)
    )
      return;
    const reply: ServerMessages['error'] = type === undefined ? { code, message } : { code, message, type };
    client.send('error', reply);
  }

  #onChain(event: IndexerEvent): void {
    switch (event.kind) {
      case 'parcel':
        this.#setParcel(event.id, event.parcel);
        break;
      case 'block':
        this.state.indexedBlock = event.block;
        break;
      case 'mining':
        if (event.update.kind === 'target') {
          this.#pool.setChainTarget(event.update.target);
          this.#chainTargetKnown = true;
        } else if (this.#pool.challengeOf(event.update.parcelId)) {
          const { parcelId, challenge } = event.update;
          for (const miner of this.#pool.setChallenge(parcelId, challenge as Hex, Date.now())) {
            this.#sendJob(this.#pool.issueJob(miner, parcelId, Date.now()));
          }
        }
        break;
    }
  }

  /**
   * A zone room's player moved: its avatar enters this room's state when it walked into the zone
   * and leaves it when it walked out (the zone's room beyond takes it in on the same move, so for
   * at most a patch interval two rooms show it, which clients draw once, keyed by address).
   */
  #crossed(client: Client, seat: Seat, heading: number): void {
    if (this.#zone === null) return;
    const { x, z } = seat.lastMove;
    const home = this.state.players.get(client.sessionId);
    if (zoneOf(x, z) === this.#zone) {
      if (!home) {
        this.#placePlayer(client.sessionId, seat.auth, seat.name, { x, z, heading });
        // its own avatar is in the next patch, not after its view's next turn (up to 200 ms)
        this.#refreshView(client);
      }
    } else if (home && !seat.handingOver) {
      // the avatar stays until the zone walked into has sent it in a patch, then goes
      seat.handingOver = true;
      this.clock.setTimeout(() => {
        seat.handingOver = false;
        const { x, z } = seat.lastMove;
        if (this.#seats.get(client.sessionId) === seat && zoneOf(x, z) !== this.#zone) {
          this.#dropPlayer(client.sessionId);
        }
      }, HANDOVER_HOLD_MS);
    }
    // the room the player stands (or stood) in keeps the pass's position: other zones admit by it
    if (home || this.state.players.has(client.sessionId)) this.#recordPass(seat, false);
  }

  /** Writes the seat's position into its zone pass when the zones within reach changed (or `always`). */
  #recordPass(seat: Seat, always: boolean): void {
    const pass = seat.zonePass;
    if (!pass) return;
    const { x, z, at } = seat.lastMove;
    const reach = reachKey(x, z);
    if (!always && reach === pass.reach) return;
    pass.reach = reach;
    const { address, guest } = seat.auth;
    const record: ZonePassRecord = { address, guest, name: seat.name, x, z, at };
    this.#passes.write(pass.id, record).catch((error: unknown) => {
      this.#deps.log.warn({ err: (error as Error).message }, 'writing a zone pass failed');
    });
  }

  /** A chat line some room of the cluster kept: every room tells its players. */
  readonly #onChat = (line: ServerMessages['chat']): void => {
    this.broadcast('chat', line);
  };

  /** A live feed item the cluster's publisher sent (server/feed-relay.ts): everyone hears it. */
  readonly #onFeed = (feed: ServerMessages['feed']): void => {
    this.#recentFeed.push(feed);
    if (this.#recentFeed.length > FEED_HISTORY_EVENTS) this.#recentFeed.shift();
    this.broadcast('feed', feed);
  };

  /** The feed anew after a reorg (items of dropped blocks gone): every player's feed is replaced. */
  readonly #onFeedReset = ({ events }: ServerMessages['feedHistory']): void => {
    this.#recentFeed.splice(0, this.#recentFeed.length, ...events.slice(-FEED_HISTORY_EVENTS));
    this.broadcast('feedHistory', { events: this.#recentFeed });
  };

  /** A newer tab of the address took its pass over: the older tab's seats here close, telling it why. */
  readonly #onPassReplaced = (pass: string): void => {
    for (const client of this.clients) {
      if (this.#seats.get(client.sessionId)?.zonePass?.id !== pass) continue;
      const reply: ServerMessages['error'] = {
        code: 'replaced',
        message: 'this address joined the world from another tab or device: this one left it',
      };
      client.send('error', reply);
      // consented: the seat is not kept for a reconnection
      client.leave(Protocol.WS_CLOSE_CONSENTED);
    }
  };

  /** The presence channels every room listens to. */
  readonly #channels: [string, (message: never) => void][] = [
    [FEED_CHANNEL, this.#onFeed],
    [FEED_RESET_CHANNEL, this.#onFeedReset],
    [CHAT_CHANNEL, this.#onChat],
    [REPLACED_PASS_CHANNEL, this.#onPassReplaced],
  ];

  /** Mirrors the chain's record of parcel `id` into the state (null: unclaimed, not in state). */
  #setParcel(id: number, record: ParcelRecord | null): void {
    if (this.#zone !== null && zoneOfParcel(id) !== this.#zone) return; // another zone's room holds it
    const key = String(id);
    if (record === null) {
      this.state.parcels.delete(key);
      return;
    }
    const parcel = this.state.parcels.get(key) ?? new Parcel();
    parcel.id = id;
    parcel.status = record.status;
    parcel.owner = record.owner;
    parcel.vault = record.vault;
    parcel.rigLevel = record.rigLevel;
    parcel.auctionEnd = record.auctionEnd;
    parcel.staked = record.staked.toString();
    parcel.style = record.style;
    parcel.palette = record.palette;
    parcel.styleVoteEnd = record.styleVoteEnd;
    parcel.topHolders = record.topHolders;
    if (!this.state.parcels.has(key)) this.state.parcels.set(key, parcel);
  }

  /**
   * Refreshes the next share of the views, round the clients: each view once per
   * EVERY_MS.interest, and no patch pays for all of them.
   */
  #updateViews(): void {
    const clients = this.clients;
    const share = Math.ceil((clients.length * EVERY_MS.patch) / EVERY_MS.interest);
    for (let i = 0; i < share; i++) {
      this.#viewCursor = (this.#viewCursor + 1) % clients.length;
      this.#refreshView(clients[this.#viewCursor] as Client);
    }
  }

  /**
   * Makes the client's view hold exactly the players within VIEW_RADIUS of where it stands (its
   * last move: its avatar, or in a zone room of a neighbouring zone the spot it looks from).
   */
  #refreshView(client: Client): void {
    const seat = this.#seats.get(client.sessionId);
    if (!seat || !client.view) return;
    const near = this.#grid.near(seat.lastMove, this.#scratchNear);
    syncView(client.view, seat.visible, near, this.#playerOf);
  }
}
