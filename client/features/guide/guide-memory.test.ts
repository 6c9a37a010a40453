import { describe, expect, it } from 'vitest';
import { GUIDE_ITEM, loadGuideMemory, saveGuideMemory, withItems } from './guide-memory.ts';

/** A Storage of one map (the Web Storage calls the guide uses). */
function storage(initial?: string) {
  const items = new Map<string, string>(initial === undefined ? [] : [[GUIDE_ITEM, initial]]);
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('guide memory', () => {
  it('reads back what it saved', () => {
    const store = storage();
    saveGuideMemory(store, { done: ['walk', 'claim'], dismissed: true, hintsUsed: ['zoom'] });
    expect(loadGuideMemory(store)).toEqual({ done: ['walk', 'claim'], dismissed: true, hintsUsed: ['zoom'] });
  });

  it('reads anything unreadable as a first visit, keeping what is well formed', () => {
    const first = { done: [], dismissed: false, hintsUsed: [] };
    for (const bad of ['', '{', 'null', '42', '"x"', '[]'])
      expect(loadGuideMemory(storage(bad))).toEqual(first);
    expect(loadGuideMemory(storage('{"done":["walk",3,null],"dismissed":"yes","hintsUsed":{}}'))).toEqual({
      ...first,
      done: ['walk'],
    });
  });

  it('a storage that refuses to write loses nothing but the memory', () => {
    const full = {
      setItem() {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => saveGuideMemory(full, { done: ['walk'], dismissed: false, hintsUsed: [] })).not.toThrow();
  });

  it('adds only new items, and returns the same list when none is new', () => {
    const list = ['walk'];
    expect(withItems(list, ['walk'])).toBe(list);
    expect(withItems(list, ['claim', 'walk', 'claim'])).toEqual(['walk', 'claim']);
  });
});
