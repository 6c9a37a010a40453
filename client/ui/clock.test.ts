import { describe, expect, it } from 'vitest';
import { countdown } from './clock.ts';

describe('countdown', () => {
  const end = 1_700_000_000; // unix s
  it('shows m:ss under an hour and h:mm:ss above, from the time in ms', () => {
    expect(countdown(end, (end - 65) * 1000)).toBe('1:05');
    expect(countdown(end, (end - 3_600 - 61) * 1000)).toBe('1:01:01');
    // whole seconds, rounded down: 1.5 s left shows as one
    expect(countdown(end, (end - 1) * 1000 - 500)).toBe('0:01');
  });

  it('says "ended" at the end and after it', () => {
    expect(countdown(end, end * 1000)).toBe('ended');
    expect(countdown(end, (end + 10) * 1000)).toBe('ended');
  });
});
