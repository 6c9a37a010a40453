import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefresher } from './chain-refresh.ts';

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
