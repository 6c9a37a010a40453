import { type AuthContext, type Client, Room, type Serializer, ServerError } from '@colyseus/core';
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
  joinOptionsSchema,
  looksLikeAddress,
  RATE_LIMITS,
  RECONNECT_SECONDS,
  type ServerMessages,
  SIGNED_IN_ONLY,
} from '../shared/protocol.ts';
import { type Bucket, fullBucket, takeToken } from '../shared/rate-limit.ts';
import { spawnPoint } from '../shared/spawn.ts';
import { GUEST_PREFIX } from '../shared/state.ts';
import { type SignIn, SignInError } from './auth.ts';
import type { ParcelRecord } from './chain-events.ts';
import { FEED_CHANNEL } from './feed-relay.ts';
import type { ChainIndexer, IndexerEvent } from './indexer.ts';
import { InterestGrid, syncView } from './interest-grid.ts';
import type { Metrics } from './metrics.ts';
import { MiningPool, type PowDigest, type ShareVerdict } from './mining/pool.ts';
import { readChainTarget, readChallenge } from './ore-miner.ts';
import { ChunkedPatchSerializer } from './patch-serializer.ts';
import { cleanText, defaultName, isWalkable, normalizeHeading, playerColor } from './rules.ts';
import { Parcel, Player, WorldState } from './schema.ts';
import type { Store } from './store.ts';

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
}

type AcceptedShare = Extract<ShareVerdict, { accepted: true }>;

/** All messages of one client together, per second and burst. */
const ANY_MESSAGE_LIMIT = { perSecond: 40, burst: 60 };
/** Error replies per second and burst, per client. */
const ERROR_REPLY_LIMIT = { perSecond: 5, burst: 10 };
/** How often the room's periodic work runs, in milliseconds. */
const EVERY_MS = {
  /** Recomputing who sees whom: a share of the clients at each patch, each client this often. */
  interest: 200,
  /** Retargets of silent miners and hash-rate updates. */
  miningTick: 1_000,
  /** Patches: 20 Hz. */
  patch: 50,
  /**
   * Prunings of old chat lines and long-gone players (store.ts prune): each run deletes a bounded
   * batch, so runs come often enough to outpace any chat the limits allow.
   */
  prune: 60_000,
} as const;
/** Network addresses with a chat bucket at most; past it, full buckets are forgotten at once. */
const MAX_CHAT_BUCKETS = 10_000;

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

  override onCreate(options: { deps: WorldRoomDeps }): void {
    this.#deps = options.deps;
    this.#pool = new MiningPool({ digest: options.deps.powDigest });
    this.autoDispose = false;
    this.maxClients = 5_000;
    this.setState(new WorldState());
    this.setPatchRate(EVERY_MS.patch);
    this.#deps.metrics.rooms.inc();

    for (const parcel of this.#deps.indexer.parcels()) this.#setParcel(parcel.id, parcel);
    this.state.indexedBlock = Math.max(0, this.#deps.indexer.status().indexedBlock);
    this.#unsubscribe = this.#deps.indexer.subscribe((event) => this.#onChain(event));
    this.presence.subscribe(FEED_CHANNEL, this.#onFeed).catch((error: unknown) => {
      this.#deps.log.error({ err: (error as Error).message }, 'subscribing to the feed failed');
    });

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
    super.setSerializer(
      serializer instanceof ChunkedPatchSerializer ? serializer : new ChunkedPatchSerializer(Player),
    );
  }

  /** A patch tick (the room clock's timers, then encoding and sending), its CPU counted. */
  override broadcastPatch(): boolean {
    const start = process.cpuUsage();
    const sent = super.broadcastPatch();
    const used = process.cpuUsage(start);
    this.#deps.metrics.patchTicks.inc();
    this.#deps.metrics.patchCpu.inc((used.user + used.system) / 1e6);
    return sent;
  }

  override onBeforePatch(state: WorldState): void {
    this.#updateViews();
    state.serverTime = Date.now();
  }

  override async onAuth(client: Client, options: unknown, context: AuthContext): Promise<SessionAuth> {
    const parsed = joinOptionsSchema.safeParse(options ?? {});
    if (!parsed.success) throw new ServerError(400, `bad join options: ${summarize(parsed.error)}`);
    const ip = networkAddress(context.ip);
    try {
      const address = await this.#deps.signIn.authenticate(parsed.data.siwe, context.headers, Date.now());
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
    const requested = joinOptionsSchema.safeParse(options ?? {});
    const wantedName = requested.success && requested.data.name ? cleanText(requested.data.name) : '';
    const color = playerColor(auth.address);
    // the store first: nothing of this player is in the room until both reads are back
    const [record, chatLines] = await Promise.all([
      auth.guest
        ? null
        : this.#deps.store.seePlayer(
            auth.address,
            wantedName || defaultName(auth.address),
            color,
            Date.now(),
          ),
      this.#deps.store.recentChat(CHAT_HISTORY_LINES),
    ]).catch((error: unknown) => {
      this.#deps.log.warn({ err: (error as Error).message }, 'the store failed at a join');
      throw new ServerError(503, 'the server could not read its records; try again');
    });
    const now = Date.now();
    const player = new Player();
    player.address = auth.address;
    player.color = color;
    // a name stored before address-like names were refused must not pass for another address
    player.name = !record
      ? wantedName || defaultName(auth.address)
      : looksLikeAddress(record.name) && record.name !== defaultName(auth.address)
        ? defaultName(auth.address)
        : record.name;
    const spot = requested.success ? requested.data.spawn : undefined;
    const spawn = spot ? { ...spot, heading: 0 } : spawnPoint(this.#spawned++);
    player.x = spawn.x;
    player.z = spawn.z;
    player.heading = normalizeHeading(spawn.heading);
    this.state.players.set(client.sessionId, player);
    if (!auth.guest) {
      const sessions = this.#sessionsOf.get(auth.address) ?? new Set();
      sessions.add(client.sessionId);
      this.#sessionsOf.set(auth.address, sessions);
      // another session of this address may be mining: this one shows it too
      this.#showMiner(auth.address, now);
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
      lastMove: { x: player.x, z: player.z, at: now },
      visible: new Set(),
    });
    this.#grid.place(client.sessionId, player);
    client.view = new StateView(true); // iterable: ChunkedPatchSerializer reads its items
    this.#refreshView(client);
    client.send('chatHistory', { lines: chatLines });
    client.send('feedHistory', { events: this.#recentFeed });
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
    const seat = this.#seats.get(client.sessionId);
    this.state.players.delete(client.sessionId);
    this.#seats.delete(client.sessionId);
    const sessions = seat && !seat.auth.guest ? this.#sessionsOf.get(seat.auth.address) : undefined;
    sessions?.delete(client.sessionId);
    if (seat && sessions?.size === 0) {
      // the address's last session is gone: its jobs stop counting at once
      this.#sessionsOf.delete(seat.auth.address);
      this.#pool.forgetMiner(seat.auth.address as Hex);
      this.#updateHashRates(Date.now());
    }
    this.#grid.remove(client.sessionId);
    for (const seat of this.#seats.values()) seat.visible.delete(client.sessionId);
    this.#deps.log.info({ sessionId: client.sessionId, consented }, 'player left');
  }

  override onDispose(): void {
    this.#unsubscribe?.();
    // Redis' unsubscribe returns a promise, the local presence's does not
    Promise.resolve()
      .then(() => this.presence.unsubscribe(FEED_CHANNEL, this.#onFeed))
      .catch(() => undefined);
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
      player.heading = normalizeHeading(move.heading);
      this.#grid.place(client.sessionId, move);
    } else if (type === 'teleport') {
      const to = parsed.data as ClientMessage<'teleport'>;
      // walking on from here is timed from the jump
      seat.lastMove = { x: to.x, z: to.z, at: now };
      player.x = to.x;
      player.z = to.z;
      this.#grid.place(client.sessionId, to);
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
      const line: ServerMessages['chat'] = { from: seat.auth.address, name: player.name, text, at: now };
      // shown once it is kept: a line everyone saw is in the history of whoever joins next
      this.#deps.store.addChat(line).then(
        () => this.broadcast('chat', { ...line, sessionId: client.sessionId }),
        (error: unknown) => this.#storeFailed(client, 'chat', error),
      );
    } else if (type === 'rename') {
      const name = cleanText((parsed.data as ClientMessage<'rename'>).name);
      if (!name) return ['bad-payload', 'name: empty after removing control characters'];
      player.name = name;
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

  /** A live feed item the cluster's publisher sent (server/feed-relay.ts): everyone hears it. */
  readonly #onFeed = (feed: ServerMessages['feed']): void => {
    this.#recentFeed.push(feed);
    if (this.#recentFeed.length > FEED_HISTORY_EVENTS) this.#recentFeed.shift();
    this.broadcast('feed', feed);
  };

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

  /** Makes the client's view hold exactly the players within VIEW_RADIUS of its own avatar. */
  #refreshView(client: Client): void {
    const seat = this.#seats.get(client.sessionId);
    const me = this.state.players.get(client.sessionId);
    if (!seat || !me || !client.view) return;
    const near = this.#grid.near(me, this.#scratchNear);
    near.add(client.sessionId);
    syncView(client.view, seat.visible, near, this.#playerOf);
  }
}
