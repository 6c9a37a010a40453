import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../store.ts';
import { defaultThreads } from './miner-pool.ts';

describe('mining slice', () => {
  it('starts off and merges patches without touching the rest', () => {
    const store = createAppStore();
    expect(store.getState().mining).toMatchObject({
      parcelId: null,
      status: 'off',
      accepted: 0,
      oreEarned: 0n,
    });
    store.getState().patchMining({ parcelId: 7, status: 'mining', accepted: 2 });
    store.getState().patchMining({ rejected: 1 });
    expect(store.getState().mining).toMatchObject({
      parcelId: 7,
      status: 'mining',
      accepted: 2,
      rejected: 1,
    });
  });

  it('defaults to one thread less than the cores, at least one', () => {
    expect(defaultThreads(8)).toBe(7);
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(0)).toBe(1);
  });
});
