import { Client } from 'colyseus.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerMessages, VIEW_RADIUS } from '../../../shared/protocol.ts';
import type { PlayerView, WorldStateView } from '../../../shared/state.ts';
import { parcelId } from '../../../shared/world.ts';
import { LOOK_MOVE_MS, MAX_ZONE_ROOMS, ZONE, ZONE_ROOM, zoneOf } from '../../../shared/zones.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { startTestBackends, type TestBackends } from '../../../testing/test-backends.ts';
import { claimParcel, startTestWorld, type TestChain, type TestWorld } from '../../../testing/test-chain.ts';
import { signInOptions, type TestPlayer, wrapRoom } from '../../../testing/test-client.ts';
import { hasPostgres, NO_POSTGRES } from '../../../testing/test-postgres.ts';
import { type ServerProcess, spawnClusterProcess } from '../../../testing/test-process.ts';
import { hasRedis, NO_REDIS, type TestRedis, zoneProcesses } from '../../../testing/test-redis.ts';
import { until } from '../../../testing/wait.ts';
import { ZoneLink } from './zone-link.ts';

/**
 * Zone rooms over two server processes sharing Redis (and Postgres when installed): a player
 * walks from a zone one process holds into a zone the other holds and is seen all along; a
 * parcel claimed on chain shows in every zone room that holds it; zone rooms refuse with a reason.
 */

if (!hasRedis) console.warn(`zone-link.test.ts ${NO_REDIS}`);
if (hasRedis && !hasPostgres) console.warn(`zone-link.test.ts runs on SQLite: ${NO_POSTGRES}`);

const PUBLIC_ORIGIN = 'https://play.example';
/** The border between the plaza's zone and the one east of it. */
const BORDER = ZONE / 2;

let backends: TestBackends;
let chain: TestChain;
let redis: TestRedis;
const servers: ServerProcess[] = [];

/** A zone link that records what it was told. */
interface Watcher {
  link: ZoneLink;
  players: Map<string, PlayerView>;
  /** Addresses of avatars that went, in order. */
  gone: string[];
  parcels: Set<number>;
  chat: ServerMessages['chat'][];
  refusals: string[];
}

async function watch(url: string, options: Parameters<typeof ZoneLink.connect>[1]): Promise<Watcher> {
  const watcher: Omit<Watcher, 'link'> = {
    players: new Map(),
    gone: [],
    parcels: new Set(),
    chat: [],
    refusals: [],
  };
  const link = await ZoneLink.connect(url.replace(/^http/, 'ws'), options, {
    player: (key, view) => watcher.players.set(key, view),
    playerGone: (key) => {
      watcher.players.delete(key);
      watcher.gone.push(key);
    },
    parcels: (put) => {
      for (const parcel of put) watcher.parcels.add(parcel.id);
    },
    message: (type, message) => {
      if (type === 'chat') watcher.chat.push(message as ServerMessages['chat']);
    },
    refused: (_zone, reason) => watcher.refusals.push(reason),
    dropped: () => undefined,
    indexedBlock: () => undefined,
  });
  return { ...watcher, link };
}

/** Joins a zone room directly (no link), as a client that does not follow the rules might. */
async function joinZone(url: string, options: Record<string, unknown>): Promise<TestPlayer> {
  const client = new Client(url.replace(/^http/, 'ws'));
  for (let attempt = 1; ; attempt++) {
    try {
      return wrapRoom(await client.joinOrCreate<WorldStateView>(ZONE_ROOM, options));
    } catch (error) {
      // a kept-alive socket the loaded server closed as the request went out: the answer is the same
      if (attempt === 3 || !/socket hang up/.test(String((error as Error).message))) throw error;
    }
  }
}

/**
 * Walks `walker` east across the border from BORDER - 10 at 10 units a second (walking speed is
 * 12) until the east zone's room holds it and the west one's no longer.
 */
async function walkAcross(walker: Watcher, stander: Watcher, walkerAddress: string): Promise<void> {
  const west = zoneOf(0, 0);
  const east = zoneOf(BORDER, 0);
  for (let x = BORDER - 10; x <= BORDER + 5; x += 1) {
    walker.link.send('move', { x, z: 0, heading: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await until(() => (stander.players.get(walkerAddress)?.x ?? 0) >= BORDER + 5, 'the walker across');
  await until(
    () =>
      walker.link.home() === walker.link.room(east) &&
      !walker.link.room(west)?.state.players.has(walker.link.room(west)?.sessionId ?? ''),
    'the east zone holding the walker, the west one no longer',
  );
}

describe('zone rooms in one process, without Redis', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await startTestWorld({ server: { zones: true } });
  });
  afterAll(async () => {
    await world?.server.close();
    await world?.chain.stop();
  });

  it('hands a walker across a border without the other player losing sight of it', async () => {
    const walker = await watch(world.server.url, { name: 'walker', spawn: { x: BORDER - 10, z: 0 } });
    const stander = await watch(world.server.url, { name: 'stander', spawn: { x: BORDER + 10, z: 0 } });
    const named = (name: string) =>
      [...stander.players.keys()].find((key) => stander.players.get(key)?.name === name);
    await until(() => named('walker') !== undefined, 'the walker seen');
    const walkerAddress = named('walker') as string;
    await walkAcross(walker, stander, walkerAddress);
    expect(stander.gone).not.toContain(walkerAddress);
    for (const watcher of [walker, stander]) await watcher.link.close();
  });

  it('tells a zone it only looks into a few moves a second, and where the walk ended', async () => {
    const west = zoneOf(0, 0);
    const east = zoneOf(BORDER, 0);
    // the stander is just out of the looker's view, in the zone east of the border
    const stander = await watch(world.server.url, { name: 'east', spawn: { x: BORDER + 1, z: 0 } });
    const x = BORDER - VIEW_RADIUS + 0.4;
    const looker = await watch(world.server.url, { name: 'looker', spawn: { x, z: 0 } });
    await until(() => looker.link.room(east) !== undefined, 'the east zone in view');
    const moves = new Map<number, number>();
    const errors: string[] = [];
    for (const zone of [west, east]) {
      const room = looker.link.room(zone) as NonNullable<ReturnType<ZoneLink['room']>>;
      const send = room.send.bind(room);
      room.send = (type: string | number, message?: unknown) => {
        if (type === 'move') moves.set(zone, (moves.get(zone) ?? 0) + 1);
        send(type, message);
      };
      room.onMessage('error', (error: ServerMessages['error']) => errors.push(error.message));
    }
    const start = Date.now();
    for (let i = 1; i <= 15; i++) {
      looker.link.send('move', { x, z: i % 2, heading: 0 });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const walkedMs = Date.now() - start;
    expect(moves.get(west)).toBe(15);
    expect(moves.get(east) ?? 0).toBeLessThanOrEqual(Math.floor(walkedMs / LOOK_MOVE_MS) + 1);
    // a step into view right after a move: held back, the east room hears it once its time is up
    looker.link.send('move', { x, z: 0, heading: 0 });
    looker.link.send('move', { x: x + 1, z: 0, heading: 0 });
    const named = () => [...looker.players.values()].some((player) => player.name === 'east');
    expect(named()).toBe(false);
    await until(named, 'the stander in view once the east room heard the last step');
    expect(errors).toEqual([]);
    for (const watcher of [looker, stander]) await watcher.link.close();
  });

  it('refuses a seat that only looks moves faster than LOOK_MOVE_MS apart, and takes the move walking in at once', async () => {
    const west = zoneOf(0, 0);
    const east = zoneOf(BORDER, 0);
    const spot = { x: BORDER - 1, z: 0 };
    const home = await joinZone(world.server.url, { zone: west, spawn: spot });
    const { pass } = await home.message('zonePass');
    const look = await joinZone(world.server.url, { zone: east, pass });
    for (let i = 0; i < 10; i++) look.room.send('move', { ...spot, heading: 0 });
    const refusal = await look.message('error', (error) => error.code === 'rate-limited');
    expect(refusal).toMatchObject({ type: 'move' });
    expect(refusal.message).toMatch(/zone you look into takes at most 2 moves a second/);
    // the move that walks into the zone is no look: the avatar comes at once
    look.room.send('move', { x: BORDER + 0.2, z: 0, heading: 0 });
    await look.until((state) => state.players.has(look.room.sessionId), 'the avatar in the east zone');
    for (const seat of [home, look]) await seat.room.leave(true);
  });
});

describe.skipIf(!hasRedis)('zone rooms over two processes', () => {
  beforeAll(async () => {
    backends = await startTestBackends();
    ({ chain, redis } = backends);
    const shared = {
      rpcUrl: chain.rpcUrl,
      dataDir: chain.dataDir,
      redisUrl: redis.url,
      databaseUrl: backends.databaseUrl,
    };
    // no ZONES: a process with Redis runs zone rooms by default
    for (let i = 0; i < 2; i++) servers.push(await spawnClusterProcess(shared, { PUBLIC_ORIGIN }));
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await backends?.stop();
  });

  it('hands a player walking across a border from one process’s zone to the other’s, seen all along', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    // browsers read it from the config, and their pages may open sockets to the other processes
    const answer = await fetch(`${first.url}/config`);
    expect(((await answer.json()) as { zones?: boolean }).zones).toBe(true);
    expect(answer.headers.get('content-security-policy')).toContain("connect-src 'self' ws://localhost:*");
    const west = zoneOf(0, 0);
    const east = zoneOf(BORDER, 0);
    // a zone room is made by the process the first join of the zone reached: the west one here,
    // the east one there
    const westSeat = await joinZone(first.url, { zone: west, spawn: { x: BORDER - 20, z: 0 } });
    const eastSeat = await joinZone(second.url, { zone: east, spawn: { x: BORDER + 20, z: 0 } });
    const walker = await watch(first.url, { name: 'walker', spawn: { x: BORDER - 10, z: 0 } });
    const wallet = new Wallet(PLAYER_KEYS[0]);
    const signedIn = await signInOptions(second.url, wallet, chain.deployment.chainId, {
      domain: new URL(PUBLIC_ORIGIN).host,
      uri: PUBLIC_ORIGIN,
    });
    const stander = await watch(second.url, {
      ...signedIn,
      name: 'stander',
      spawn: { x: BORDER + 10, z: 0 },
    });
    // each holds the rooms of both zones (and of those its view reaches north and south)
    const holdsBoth = (watcher: Watcher) => [west, east].every((zone) => watcher.link.zones().includes(zone));
    await until(() => holdsBoth(walker) && holdsBoth(stander), 'both in both zones');
    const held = await zoneProcesses(redis.url);
    expect(held.get(west)).toBeDefined();
    expect(held.get(east)).not.toBe(held.get(west));

    const walkerKey = [...stander.players.keys()].find((key) => stander.players.get(key)?.name === 'walker');
    await until(() => stander.players.get(walkerKey ?? '')?.name === 'walker', 'the walker seen');
    await until(() => walker.players.get(wallet.address)?.name === 'stander', 'the stander seen');
    const walkerAddress = walkerKey as string;

    await walkAcross(walker, stander, walkerAddress);
    // nobody lost sight of anybody on the way, and each saw the other once all along
    expect(stander.gone).not.toContain(walkerAddress);
    expect(walker.gone).not.toContain(wallet.address);
    expect(walker.players.get(wallet.address)?.name).toBe('stander');

    // chat is world-wide: said in one zone, heard once by a player in two rooms
    stander.link.send('chat', { text: 'hello across the border' });
    await until(() => walker.chat.some((line) => line.text === 'hello across the border'), 'the line');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(walker.chat.filter((line) => line.text === 'hello across the border')).toHaveLength(1);
    expect(stander.chat.filter((line) => line.text === 'hello across the border')).toHaveLength(1);

    // a parcel claimed on chain, one on each side of the border: both players see both, whatever
    // process holds their zone; a player far away sees neither
    const far = await watch(first.url, { name: 'far', spawn: { x: -1.5 * ZONE, z: -1.5 * ZONE } });
    const westParcel = parcelId(BORDER - 1, 0);
    const eastParcel = parcelId(BORDER, 0);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], BORDER - 1, 0);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], BORDER, 0);
    for (const watcher of [walker, stander]) {
      await until(
        () => watcher.parcels.has(westParcel) && watcher.parcels.has(eastParcel),
        'both claims',
        20_000,
      );
    }
    expect(far.parcels.has(westParcel) || far.parcels.has(eastParcel)).toBe(false);
    expect(far.players.has(walkerAddress)).toBe(false);
    for (const seat of [westSeat, eastSeat]) await seat.room.leave(true);
    for (const watcher of [walker, stander, far]) {
      // no zone room refused them (a connection a loaded machine dropped is asked again)
      expect(watcher.refusals.filter((reason) => /refused/.test(reason))).toEqual([]);
      await watcher.link.close();
    }
  }, 90_000);

  it('refuses a zone out of view, a fifth room, a first join away from its spawn, and neighbour chatter', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const corner = { x: BORDER - 1, z: BORDER - 1 };
    await expect(joinZone(first.url, { zone: zoneOf(0, 0) + 1, spawn: corner })).rejects.toThrow(
      /first join goes to the zone of the spawn point/,
    );
    const home = await joinZone(first.url, { zone: zoneOf(corner.x, corner.z), spawn: corner });
    const { pass } = await home.message('zonePass');
    await expect(joinZone(second.url, { zone: zoneOf(-2 * ZONE, -2 * ZONE), pass })).rejects.toThrow(
      /zone \d+ is out of view/,
    );
    const neighbours = [zoneOf(BORDER, 0), zoneOf(0, BORDER), zoneOf(BORDER, BORDER)];
    const seats = [home];
    for (const zone of neighbours) seats.push(await joinZone(second.url, { zone, pass }));
    expect(seats).toHaveLength(MAX_ZONE_ROOMS);
    await expect(joinZone(first.url, { zone: neighbours[0], pass })).rejects.toThrow(/at most 4 zone rooms/);
    await expect(joinZone(first.url, { zone: neighbours[0], pass: 'f'.repeat(32) })).rejects.toThrow(
      /unknown or expired zone pass/,
    );
    // a seat in a neighbouring zone only looks: a name change goes to the zone the player is in
    const neighbour = seats[1] as TestPlayer;
    neighbour.room.send('rename', { name: 'sneaky' });
    const refusal = await neighbour.message('error');
    expect(refusal.code).toBe('read-only');
    // leaving frees a seat of the four
    await neighbour.room.leave(true);
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        seats[1] = await joinZone(first.url, { zone: neighbours[0], pass });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    for (const seat of seats) await seat.room.leave(true);
  });
});
