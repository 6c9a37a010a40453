import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGatedRead, createRefresher } from './chain-refresh.ts';

const GATHER_MS = 300;

/** A read whose every call waits until the test ends it. */
function controlledRead() {
  const ends: Array<() => void> = [];
  const read = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        ends.push(resolve);
      }),
  );
  /** Ends the oldest read in flight and lets its follow-up start. */
  const finish = async () => {
    ends.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { read, finish };
}

describe('chain refresher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a burst of signals with one read after the gathering wait', async () => {
    const { read, finish } = controlledRead();
    const refresher = createRefresher(read, GATHER_MS);
    refresher.signal();
    refresher.signal();
    await vi.advanceTimersByTimeAsync(GATHER_MS - 1);
    refresher.signal();
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(1);
    await finish();
    await vi.advanceTimersByTimeAsync(GATHER_MS * 10);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('reads at least once per wait under a steady stream of signals (later signals join the wait)', async () => {
    const read = vi.fn(async () => undefined);
    const refresher = createRefresher(read, GATHER_MS);
    for (let step = 0; step < 10; step++) {
      refresher.signal();
      await vi.advanceTimersByTimeAsync(GATHER_MS / 3);
    }
    // 10 signals over 3⅓ waits: a read at the end of each wait that a signal started
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('keeps one read in flight; signals meanwhile make exactly one more read after it', async () => {
    const { read, finish } = controlledRead();
    const refresher = createRefresher(read, GATHER_MS);
    refresher.now();
    expect(read).toHaveBeenCalledTimes(1);
    refresher.signal();
    refresher.now();
    refresher.signal();
    await vi.advanceTimersByTimeAsync(GATHER_MS * 5);
    expect(read).toHaveBeenCalledTimes(1);
    await finish();
    expect(read).toHaveBeenCalledTimes(2);
    await finish();
    await vi.advanceTimersByTimeAsync(GATHER_MS * 5);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads at once on now(), dropping the gathering wait', async () => {
    const read = vi.fn(async () => undefined);
    const refresher = createRefresher(read, GATHER_MS);
    refresher.signal();
    refresher.now();
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(GATHER_MS * 5);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('goes on after a failed read', async () => {
    const read = vi.fn(async () => {
      throw new Error('the chain does not answer');
    });
    const refresher = createRefresher(read, GATHER_MS);
    refresher.now();
    await vi.advanceTimersByTimeAsync(0);
    refresher.signal();
    await vi.advanceTimersByTimeAsync(GATHER_MS);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads nothing after stop, not even the follow-up of the read in flight', async () => {
    const { read, finish } = controlledRead();
    const refresher = createRefresher(read, GATHER_MS);
    refresher.now();
    refresher.signal();
    refresher.stop();
    await finish();
    refresher.signal();
    refresher.now();
    await vi.advanceTimersByTimeAsync(GATHER_MS * 5);
    expect(read).toHaveBeenCalledTimes(1);
  });
});

describe('gated chain read', () => {
  /** A gated read over counters: `block` is the room's block, `touched` the blocks with relevant logs. */
  function setup() {
    const world = { block: 10, touched: new Set<number>(), reads: 0, checks: [] as string[] };
    const gated = createGatedRead({
      read: async () => {
        world.reads++;
        return world.reads;
      },
      changed: async (_last: number, from: number, to: number) => {
        world.checks.push(`${from}-${to}`);
        for (let b = from; b <= to; b++) if (world.touched.has(b)) return true;
        return false;
      },
      block: () => world.block,
    });
    return { world, gated };
  }

  it('reads in full first, then only when a block since the last read touched the figures', async () => {
    const { world, gated } = setup();
    expect(await gated.next()).toBe(1);
    expect(await gated.next()).toBeNull(); // no new block: not even a check
    expect(world.checks).toEqual([]);
    world.block = 12;
    expect(await gated.next()).toBeNull();
    world.block = 14;
    world.touched.add(14);
    expect(await gated.next()).toBe(2);
    // each check covers only the blocks after the last one checked or read
    expect(world.checks).toEqual(['11-12', '13-14']);
  });

  it('reads in full when forced, after the chain restarted (the room block went back) and before the room named a block', async () => {
    const { world, gated } = setup();
    await gated.next();
    gated.force();
    expect(await gated.next()).toBe(2);
    world.block = 3;
    expect(await gated.next()).toBe(3);
    world.block = 0;
    expect(await gated.next()).toBe(4);
    world.block = 9;
    expect(await gated.next()).toBe(5);
    expect(world.checks).toEqual([]);
  });

  it('owes a forced read that failed; repeats a failed check over the same blocks', async () => {
    const world = { fail: true, reads: 0, checks: [] as string[], block: 5 };
    const gated = createGatedRead({
      read: async () => {
        if (world.fail) throw new Error('the chain does not answer');
        return ++world.reads;
      },
      changed: async (_last: number, from: number, to: number) => {
        world.checks.push(`${from}-${to}`);
        if (world.fail) throw new Error('the chain does not answer');
        return false;
      },
      block: () => world.block,
    });
    await expect(gated.next()).rejects.toThrow('does not answer');
    world.fail = false;
    expect(await gated.next()).toBe(1);
    world.fail = true;
    world.block = 7;
    await expect(gated.next()).rejects.toThrow('does not answer');
    world.fail = false;
    world.block = 8;
    expect(await gated.next()).toBeNull();
    expect(world.checks).toEqual(['6-7', '6-8']);
  });
});
