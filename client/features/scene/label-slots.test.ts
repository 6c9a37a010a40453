import { describe, expect, it } from 'vitest';
import { assignSlots } from './label-slots.ts';

describe('assignSlots', () => {
  it('fills empty slots nearest first', () => {
    const slots: (string | null)[] = [null, null, null];
    assignSlots(slots, ['a', 'b']);
    expect(slots).toEqual(['a', 'b', null]);
  });

  it('keeps a label on its thing when the nearest change places', () => {
    const slots: (string | null)[] = ['a', 'b', 'c'];
    assignSlots(slots, ['c', 'a', 'b']);
    expect(slots).toEqual(['a', 'b', 'c']);
  });

  it('gives a newcomer the slot of the one that left, and hides what is no longer wanted', () => {
    const slots: (string | null)[] = ['a', 'b', 'c'];
    assignSlots(slots, ['d', 'c']);
    expect(slots).toEqual(['d', null, 'c']);
  });

  it('never shows more than the slots', () => {
    const slots: (string | null)[] = [null, null];
    assignSlots(slots, ['a', 'b', 'c']);
    expect(slots).toEqual(['a', 'b']);
  });
});
