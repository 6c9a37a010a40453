import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MapParcels } from '../shared/market-api.ts';
import type { ServerMessages } from '../shared/protocol.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, signedClaim, startTestWorld, type TestWorld } from '../testing/test-chain.ts';
import { joinWorld, type TestPlayer } from '../testing/test-client.ts';
import { rpcCall } from './rpc.ts';

/**
 * A reorg re-sends the feed: a claim whose block anvil_reorg replaced or anvil_rollback removed
 * leaves every player's feed, and the new branch's claim enters it. The minimap's `/api/map`,
 * encoded once per indexed block, is replaced too, though the new branch is as high as the old.
 */

let world: TestWorld;
let player: TestPlayer;

beforeAll(async () => {
  world = await startTestWorld({ server: { pollMs: 20 } });
  player = await joinWorld(world.server.url);
});

afterAll(async () => {
  await player?.room.leave();
  await world?.server.close();
  await world?.chain.stop();
});

/** The claimed parcels of `/api/map`, and the block it is at. */
async function mapNow(): Promise<{ block: number; ids: number[] }> {
  const map = (await (await fetch(`${world.server.url}/api/map`)).json()) as MapParcels;
  return { block: map.block, ids: map.parcels.filter((_, index) => index % 3 === 0) };
}

const claimed = (events: readonly ServerMessages['feed'][]) =>
  events.filter((event) => event.kind === 'claim').map((event) => event.parcelId);

it('takes the claims of dropped blocks out of the feed and puts the new branch’s in', async () => {
  const { rpcUrl, deployment } = world.chain;
  const [kept, replaced, instead] = [parcelId(40, 40), parcelId(41, 41), parcelId(42, 42)];
  await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 40, 40);
  await claimParcel(rpcUrl, deployment, PLAYER_KEYS[1], 41, 41);
  await player.message('feed', (item) => item.kind === 'claim' && item.parcelId === replaced);
  const before = await mapNow();
  expect(before.ids).toContain(replaced);

  // the last block is replaced by one where player 3 claims (42, 42) instead
  const replacement = await signedClaim(rpcUrl, deployment, PLAYER_KEYS[2], 42, 42);
  await rpcCall(rpcUrl, 'anvil_reorg', [1, [[replacement, 0]]]);
  const afterReorg = await player.message('feedHistory', ({ events }) => claimed(events).includes(instead));
  expect(claimed(afterReorg.events)).toContain(kept);
  expect(claimed(afterReorg.events)).not.toContain(replaced);
  const after = await mapNow();
  expect(after.block).toBe(before.block);
  expect(after.ids).toContain(instead);
  expect(after.ids).not.toContain(replaced);

  // the last block rolled back: the new branch's claim goes too
  await rpcCall(rpcUrl, 'anvil_rollback', [1]);
  // (the feed on join had neither claim)
  const afterRollback = await player.message(
    'feedHistory',
    ({ events }) => claimed(events).includes(kept) && !claimed(events).includes(instead),
  );
  expect(claimed(afterRollback.events)).not.toContain(replaced);
});
