import { hasRedis, NO_REDIS } from '../testing/test-redis.ts';
import { expect, test } from './fixtures.ts';
import { closePlayersAfterEach, openPlayer, watchCsp } from './players.ts';

/**
 * Two tabs of one address in zone rooms (one avatar per address, server/zone-pass.ts): the newer
 * tab takes the avatar over, the older says why and stays out rather than take it back.
 */

closePlayersAfterEach();
test.skip(!hasRedis, NO_REDIS);
test.use({ cluster: true });

test('a second tab of the address takes the avatar over; the first says why and stays out', async ({
  browser,
}) => {
  const older = await openPlayer(browser);
  // the same browser: the same burner wallet and session, so the same address
  const newer = await older.context().newPage();
  watchCsp(newer);
  await newer.goto('/');
  const connection = (page: typeof older) => page.getByRole('status', { name: 'Connection' });
  await expect(connection(older)).toHaveText(/another tab or device/, { timeout: 60_000 });
  await expect(connection(newer)).toHaveText(/online/, { timeout: 60_000 });
  // the older tab did not take the avatar back: the newer is still in
  await expect(connection(older)).toHaveText(/another tab or device/);
  await expect(connection(newer)).toHaveText(/online/);
});
