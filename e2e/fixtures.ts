import { test as base } from '@playwright/test';
import { startWorld, type World, type WorldOptions } from './world.ts';

export { expect } from '@playwright/test';
export type { World } from './world.ts';

/** A worker's worlds: one per spec file, the one of the file it runs now. */
interface Worlds {
  of(file: string, options: WorldOptions): Promise<World>;
}

/**
 * `test` with a world per spec file: the specs share no chain, room or data, so each may claim any
 * parcel and they run in any order or alone. A worker keeps one world at a time: the first test of
 * a file starts that file's world and stops the one before it; the last goes with the worker. Pages
 * load it through `baseURL`, which every browser context of the test gets.
 */
export const test = base.extend<{ world: World; cluster: boolean }, { worlds: Worlds }>({
  /** `test.use({ cluster: true })`: the spec file's world is a cluster of two processes (WorldOptions). */
  cluster: [false, { option: true }],
  worlds: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      let current: { file: string; world: Promise<World> } | undefined;
      const stopCurrent = async () => (await current?.world.catch(() => undefined))?.stop();
      await use({
        of(file, options) {
          if (current?.file !== file) {
            const previous = stopCurrent();
            current = { file, world: previous.then(() => startWorld(options)) };
          }
          return current.world;
        },
      });
      await stopCurrent();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  world: async ({ worlds, cluster }, use, testInfo) => use(await worlds.of(testInfo.file, { cluster })),
  baseURL: async ({ world }, use) => use(world.url),
});
