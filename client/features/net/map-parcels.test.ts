import { afterAll, beforeAll, expect, it } from 'vitest';
import { ParcelStatus, parcelId } from '../../../shared/world.ts';
import { zoneOf } from '../../../shared/zones.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { claimParcel, startTestWorld, stopTestWorld, type TestWorld } from '../../../testing/test-chain.ts';
import { until } from '../../../testing/wait.ts';
import { createApp } from '../../app.ts';
import { followMapParcels } from './map-parcels.ts';

/**
 * The minimap of a client in zone rooms: the claimed parcels of the zones out of view come from
 * the server's `/api/map` into the map texture; those of the zones in view are left to their rooms.
 */

let world: TestWorld;
beforeAll(async () => {
  world = await startTestWorld();
}, 120_000);
afterAll(async () => {
  await stopTestWorld(world ?? {});
});

it('draws the parcels claimed in zones out of view, and leaves those of the zones in view to their rooms', async () => {
  const { rpcUrl, deployment } = world.chain;
  await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 100, 100);
  await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 2, 2);
  const [far, near] = [parcelId(100, 100), parcelId(2, 2)];
  const app = createApp(
    {
      claim: async () => undefined,
      sendChat: () => undefined,
      chooseWallet: async () => undefined,
      switchNetwork: async () => undefined,
    },
    () => null,
  );
  // the rooms of the plaza's zone are held: its parcels come from there
  const stop = followMapParcels(app, new URL(world.server.url), () => [zoneOf(0, 0)]);
  let block = 1;
  // each block the rooms report is a reason to read the map again
  await until(
    () => {
      app.store.getState().setIndexedBlock(block++);
      return app.map.read(far).status === ParcelStatus.Owned;
    },
    'the far parcel on the map',
    30_000,
  );
  expect(app.map.read(near).status).toBe(ParcelStatus.Unclaimed);
  stop();
}, 60_000);
