import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../scripts/chain.ts';
import type { ServerMessages } from '../../../shared/protocol.ts';
import type { PlayerView } from '../../../shared/state.ts';
import { zoneOf } from '../../../shared/zones.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { startTestWorld, stopTestWorld, type TestWorld } from '../../../testing/test-chain.ts';
import { signInOptions } from '../../../testing/test-client.ts';
import { hasRedis, NO_REDIS, startTestRedis, type TestRedis } from '../../../testing/test-redis.ts';
import { until } from '../../../testing/wait.ts';
import { ZoneLink } from './zone-link.ts';

/**
 * Two tabs of one address in zone rooms: the newer takes the address's avatar over, the older is
 * told why and its seats close, and nobody sees two avatars of the address (zone links key
 * avatars by address, so two would be drawn as one jumping between them).
 */

if (!hasRedis) console.warn(`zone-tabs.test.ts ${NO_REDIS}`);

let redis: TestRedis;
let world: TestWorld;
const links: ZoneLink[] = [];

/** A zone link that records the avatars it shows, the errors and the refusals it was told. */
async function watch(options: Parameters<typeof ZoneLink.connect>[1]) {
  const seen = {
    players: new Map<string, PlayerView>(),
    errors: [] as ServerMessages['error'][],
    refusals: [] as string[],
  };
  const link = await ZoneLink.connect(world.server.url.replace(/^http/, 'ws'), options, {
    player: (key, view) => seen.players.set(key, { ...view }),
    playerGone: (key) => seen.players.delete(key),
    parcels: () => undefined,
    message: (type, message) => {
      if (type === 'error') seen.errors.push(message as ServerMessages['error']);
    },
    refused: (_zone, reason) => seen.refusals.push(reason),
    dropped: () => undefined,
    indexedBlock: () => undefined,
  });
  links.push(link);
  return { ...seen, link };
}

describe.skipIf(!hasRedis)('two tabs of one address in zone rooms', () => {
  beforeAll(async () => {
    redis = await startTestRedis();
    const port = await freePort();
    world = await startTestWorld({
      server: { port, redisUrl: redis.url, publicAddress: `localhost:${port}`, zones: true },
    });
  }, 120_000);

  afterAll(async () => {
    for (const link of links) await link.close();
    await stopTestWorld(world);
    await redis?.stop();
  });

  it('lets the newer tab take the avatar over and tells the older why', async () => {
    const { url } = world.server;
    const wallet = new Wallet(PLAYER_KEYS[0]);
    const address = wallet.address;
    const chainId = world.chain.deployment.chainId;
    const observer = await watch({ spawn: { x: 0, z: 4 } });
    const older = await watch({ ...(await signInOptions(url, wallet, chainId)), spawn: { x: -6, z: 0 } });
    await until(() => observer.players.get(address)?.x === -6, 'the older tab’s avatar');

    const newer = await watch({ ...(await signInOptions(url, wallet, chainId)), spawn: { x: 6, z: 0 } });
    await until(() => older.errors.some((error) => error.code === 'replaced'), 'the older tab told why');
    // its pass is forgotten: its link's rejoin is refused, it holds no seat anywhere
    await until(
      () => older.refusals.some((reason) => reason.includes('zone pass')),
      'the older rejoin refused',
    );
    expect(older.link.zones()).toEqual([]);
    await until(() => observer.players.get(address)?.x === 6, 'the newer tab’s avatar');

    // the zone's room holds one avatar of the address: the newer tab's
    const room = observer.link.room(zoneOf(0, 0));
    const avatars: PlayerView[] = [];
    room?.state.players?.forEach((player) => {
      if (player.address === address) avatars.push(player);
    });
    expect(avatars.map((player) => player.x)).toEqual([6]);
    expect(newer.link.self()?.address).toBe(address);
    expect(newer.errors).toEqual([]);
  }, 90_000);
});
