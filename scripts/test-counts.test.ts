import { describe, expect, it } from 'vitest';
import { countFromText } from './test-counts.ts';

describe('countFromText', () => {
  it('sums mocha-style and node:test summaries, colour codes and all, skipped ones apart', () => {
    const output = [
      '\u001b[32m  12 passing\u001b[0m (3s)',
      '  1 failing',
      '  2 pending',
      '# tests 7',
      '# pass 4',
      '# fail 1',
      '# skipped 1',
      '# todo 1',
    ].join('\n');
    expect(countFromText(output)).toEqual({ passed: 16, failed: 2, skipped: 4 });
  });

  it('returns null when the output carries no counts', () => {
    expect(countFromText('Compiled 3 Solidity files')).toBeNull();
  });
});
