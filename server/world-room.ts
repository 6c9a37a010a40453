import { type AuthContext, type Client, Room, ServerError } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import type { Hex } from '../shared/pow.ts';
import {
  CHAT_HISTORY_LINES,
  type ClientMessage,
  type ClientMessageType,
  clientMessages,
  type ErrorCode,
  joinOptionsSchema,
  RATE_LIMITS,
  RECONNECT_SECONDS,
  type ServerMessages,
  SIGNED_IN_ONLY,
} from '../shared/protocol.ts';
import { type SignIn, SignInError } from './auth.ts';
import type { ParcelRecord } from './chain-events.ts';
import type { ChainIndexer, IndexerEvent } from './indexer.ts';
import type { Metrics } from './metrics.ts';
import {
  type Bucket,
  cleanText,
  defaultName,
  fullBucket,
  InterestGrid,
  isWalkable,
  playerColor,
  takeToken,
} from './rules.ts';
import { Parcel, Player, WorldState } from './schema.ts';
import type { Store } from './store.ts';
import { HASH_RATE_WINDOW_MS, hashRate, JobBook, type WorkShareVerifier } from './work-shares.ts';

/** What the world room needs from its process; handed in through the room's define() options. */
export interface WorldRoomDeps {
  store: Store;
  indexer: ChainIndexer;
  signIn: SignIn;
  metrics: Metrics;
  log: Logger;
  verifier: WorkShareVerifier;
}

/** Who a session is: bound at join by onAuth. */
export interface SessionAuth {
  address: string;
  guest: boolean;
}

/** Per-session bookkeeping that is not synchronized. */
interface Seat {
  auth: SessionAuth;
  buckets: Record<ClientMessageType | 'any', Bucket>;
  /** Error replies are rate limited too, so a flood of bad messages is not echoed back. */
  errorBucket: Bucket;
  /** Last accepted position and when (ms). */
  lastMove: { x: number; z: number; at: number };
  /** Session ids of the players this client's view holds. */
  visible: Set<string>;
  /** Accepted work shares within the hash-rate window. */
  recentShares: { at: number; difficulty: number }[];
}

/** All messages of one client together, per second and burst. */
const ANY_MESSAGE_LIMIT = { perSecond: 40, burst: 60 };
/** Error replies per second and burst, per client. */
const ERROR_REPLY_LIMIT = { perSecond: 5, burst: 10 };
/** Milliseconds between recomputations of who sees whom. */
const INTEREST_INTERVAL_MS = 200;
/** Milliseconds between patches: 20 Hz. */
const PATCH_INTERVAL_MS = 50;

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
  readonly #jobs = new JobBook();
  #unsubscribe: (() => void) | null = null;

  override onCreate(options: { deps: WorldRoomDeps }): void {
    this.#deps = options.deps;
    this.autoDispose = false;
    this.maxClients = 5_000;
    this.setState(new WorldState());
    this.setPatchRate(PATCH_INTERVAL_MS);
    this.#deps.metrics.rooms.inc();

    for (const parcel of this.#deps.indexer.parcels()) this.#setParcel(parcel.id, parcel);
    this.state.indexedBlock = Math.max(0, this.#deps.indexer.status().indexedBlock);
    this.#unsubscribe = this.#deps.indexer.subscribe((event) => this.#onChain(event));

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
    this.clock.setInterval(() => this.#updateViews(), INTEREST_INTERVAL_MS);
  }

  override onBeforePatch(state: WorldState): void {
    state.serverTime = Date.now();
  }

  override async onAuth(client: Client, options: unknown, context: AuthContext): Promise<SessionAuth> {
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, `bad join options: ${summarize(parsed.error)}`);
    if (!parsed.data.siwe) return { address: `guest-${client.sessionId}`, guest: true };
    const host = String(context.headers?.host ?? '');
    try {
      const { message, signature } = parsed.data.siwe;
      const address = await this.#deps.signIn.verify(message, signature, host, Date.now());
      return { address, guest: false };
    } catch (error) {
      if (error instanceof SignInError) throw new ServerError(401, `sign-in refused: ${error.message}`);
      throw error;
    }
  }

  override onJoin(client: Client<unknown, SessionAuth>, options: unknown, auth: SessionAuth): void {
    const now = Date.now();
    const requested = joinOptionsSchema.safeParse(options ?? {});
    const wantedName = requested.success && requested.data.name ? cleanText(requested.data.name) : '';
    const player = new Player();
    player.address = auth.address;
    player.color = playerColor(auth.address);
    if (auth.guest) {
      player.name = wantedName || defaultName(auth.address);
    } else {
      const record = this.#deps.store.seePlayer(
        auth.address,
        wantedName || defaultName(auth.address),
        player.color,
        now,
      );
      player.name = record.name;
    }
    this.state.players.set(client.sessionId, player);
    this.#seats.set(client.sessionId, {
      auth,
      buckets: {
        any: fullBucket(ANY_MESSAGE_LIMIT.burst, now),
        move: fullBucket(RATE_LIMITS.move.burst, now),
        chat: fullBucket(RATE_LIMITS.chat.burst, now),
        rename: fullBucket(RATE_LIMITS.rename.burst, now),
        mine: fullBucket(RATE_LIMITS.mine.burst, now),
        workShare: fullBucket(RATE_LIMITS.workShare.burst, now),
      },
      errorBucket: fullBucket(ERROR_REPLY_LIMIT.burst, now),
      lastMove: { x: 0, z: 0, at: now },
      visible: new Set(),
      recentShares: [],
    });
    this.#grid.place(client.sessionId, player);
    client.view = new StateView();
    this.#refreshView(client);
    client.send('chatHistory', { lines: this.#deps.store.recentChat(CHAT_HISTORY_LINES) });
    this.#deps.metrics.clients.inc();
    this.#deps.log.info({ sessionId: client.sessionId, address: auth.address }, 'player joined');
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
    this.state.players.delete(client.sessionId);
    this.#seats.delete(client.sessionId);
    this.#grid.remove(client.sessionId);
    for (const seat of this.#seats.values()) seat.visible.delete(client.sessionId);
    this.#deps.log.info({ sessionId: client.sessionId, consented }, 'player left');
  }

  override onDispose(): void {
    this.#unsubscribe?.();
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
    const player = this.state.players.get(client.sessionId);
    if (!seat || !player) return null; // a message racing the leave
    if (!takeToken(seat.buckets.any, now, ANY_MESSAGE_LIMIT.perSecond, ANY_MESSAGE_LIMIT.burst)) {
      return ['rate-limited', 'too many messages'];
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
      if (!isWalkable(seat.lastMove, move, now - seat.lastMove.at)) {
        return ['too-fast', 'that move is faster than walking speed'];
      }
      seat.lastMove = { x: move.x, z: move.z, at: now };
      player.x = move.x;
      player.z = move.z;
      player.heading = move.heading;
      this.#grid.place(client.sessionId, move);
    } else if (type === 'chat') {
      const text = cleanText((parsed.data as ClientMessage<'chat'>).text);
      if (!text) return ['bad-payload', 'text: empty after removing control characters'];
      const line: ServerMessages['chat'] = { from: seat.auth.address, name: player.name, text, at: now };
      this.#deps.store.addChat(line);
      this.broadcast('chat', line);
    } else if (type === 'rename') {
      const name = cleanText((parsed.data as ClientMessage<'rename'>).name);
      if (!name) return ['bad-payload', 'name: empty after removing control characters'];
      player.name = name;
      if (!seat.auth.guest) this.#deps.store.renamePlayer(seat.auth.address, name);
    } else if (type === 'mine') {
      const { parcelId } = parsed.data as ClientMessage<'mine'>;
      const job = this.#jobs.issue(seat.auth.address as Hex, parcelId, now);
      player.miningParcel = parcelId;
      const { issuedAt: _issuedAt, difficulty: _difficulty, prepared: _prepared, ...wire } = job;
      client.send('job', wire);
    } else if (type === 'workShare') {
      return this.#acceptWorkShare(client, seat, player, parsed.data as ClientMessage<'workShare'>, now);
    }
    return null;
  }

  /** Verifies a work share, records it durably, then acknowledges it. */
  #acceptWorkShare(
    client: Client,
    seat: Seat,
    player: Player,
    share: ClientMessage<'workShare'>,
    now: number,
  ): [ErrorCode, string] | null {
    const job = this.#jobs.current(share.jobId, now);
    if (!job || job.miner !== seat.auth.address)
      return ['stale-job', 'unknown or expired job: ask for a new one'];
    const digest = this.#deps.verifier.verify(job.prepared, share.nonce);
    if (digest === null) return ['above-target', 'the digest does not meet the share target'];
    const digestHex = `0x${Buffer.from(digest).toString('hex')}`;
    const fresh = this.#deps.store.addWorkShare({
      address: seat.auth.address,
      parcelId: job.parcelId,
      challenge: job.challenge,
      nonce: share.nonce,
      digest: digestHex,
      difficulty: job.difficulty,
      at: now,
    });
    if (!fresh) return ['duplicate-share', 'this work share was credited before'];
    this.#deps.metrics.workShares.inc();
    seat.recentShares = seat.recentShares.filter((s) => now - s.at <= HASH_RATE_WINDOW_MS);
    seat.recentShares.push({ at: now, difficulty: job.difficulty });
    player.hashRate = hashRate(seat.recentShares, now, HASH_RATE_WINDOW_MS);
    client.send('workShareAccepted', { jobId: job.jobId, digest: digestHex, difficulty: job.difficulty });
    return null;
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
      case 'reset':
        this.state.parcels.clear();
        this.state.indexedBlock = 0;
        break;
      case 'parcel':
        this.#setParcel(event.id, event.parcel);
        break;
      case 'block':
        this.state.indexedBlock = event.block;
        break;
      case 'feed':
        if (event.live) {
          const { kind, text, parcelId } = event.item;
          const feed: ServerMessages['feed'] = { kind, text, parcelId, at: Date.now() };
          this.broadcast('feed', feed);
        }
        break;
    }
  }

  /** Mirrors the chain's record of parcel `id` into the state (null: unclaimed, not in state). */
  #setParcel(id: number, record: ParcelRecord | null): void {
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
    if (!this.state.parcels.has(key)) this.state.parcels.set(key, parcel);
  }

  #updateViews(): void {
    for (const client of this.clients) this.#refreshView(client);
  }

  /** Makes the client's view hold exactly the players within VIEW_RADIUS of its own avatar. */
  #refreshView(client: Client): void {
    const seat = this.#seats.get(client.sessionId);
    const me = this.state.players.get(client.sessionId);
    if (!seat || !me || !client.view) return;
    const near = new Set(this.#grid.near(me, (id) => this.state.players.get(id)));
    near.add(client.sessionId);
    for (const id of seat.visible) {
      if (near.has(id)) continue;
      const other = this.state.players.get(id);
      if (other) client.view.remove(other);
      seat.visible.delete(id);
    }
    for (const id of near) {
      if (seat.visible.has(id)) continue;
      const other = this.state.players.get(id);
      if (!other) continue;
      client.view.add(other);
      seat.visible.add(id);
    }
  }
}
