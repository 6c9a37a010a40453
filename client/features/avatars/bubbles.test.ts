import { describe, expect, it } from 'vitest';
import { BUBBLE_MS, ChatBubbles } from './bubbles.ts';

describe('ChatBubbles', () => {
  it('shows a line over its speaker for BUBBLE_MS, the newest line replacing the last', () => {
    const bubbles = new ChatBubbles();
    bubbles.say('a', 'hello', 1_000);
    expect(bubbles.of('a', 1_000)).toBe('hello');
    expect(bubbles.of('b', 1_000)).toBeNull();
    bubbles.say('a', 'again', 2_000);
    expect(bubbles.of('a', 1_000 + BUBBLE_MS)).toBe('again');
    expect(bubbles.of('a', 2_000 + BUBBLE_MS)).toBeNull();
  });

  it('tells when the next shown bubble goes, and forgets a speaker who left', () => {
    const bubbles = new ChatBubbles();
    expect(bubbles.nextExpiry(0)).toBeNull();
    bubbles.say('a', 'one', 0);
    bubbles.say('b', 'two', 500);
    expect(bubbles.nextExpiry(100)).toBe(BUBBLE_MS);
    expect(bubbles.nextExpiry(BUBBLE_MS)).toBe(500 + BUBBLE_MS);
    bubbles.forget('b');
    expect(bubbles.nextExpiry(BUBBLE_MS)).toBeNull();
    expect(bubbles.of('b', 600)).toBeNull();
  });
});
