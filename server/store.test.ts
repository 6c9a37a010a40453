import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fracterra-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const share = (digest: string, at = 1) => ({
  address: '0xabc',
  parcelId: 7,
  challenge: `0x${'1'.repeat(64)}`,
  nonce: `0x${'2'.repeat(64)}`,
  digest,
  difficulty: 65_536,
  at,
});

describe('Store', () => {
  it('keeps players, credits each work share once, and survives reopening', () => {
    const store = new Store(dir);
    expect(store.seePlayer('0xabc', 'alice', 'red', 10)).toMatchObject({
      name: 'alice',
      firstSeen: 10,
      sharesAccepted: 0,
    });
    expect(store.addWorkShare(share('0x01'))).toBe(true);
    expect(store.addWorkShare(share('0x01', 2))).toBe(false);
    expect(store.addWorkShare(share('0x02'))).toBe(true);
    store.renamePlayer('0xabc', 'alice2');
    store.close();

    const reopened = new Store(dir);
    expect(reopened.seePlayer('0xabc', 'ignored', 'blue', 20)).toMatchObject({
      name: 'alice2',
      color: 'red',
      firstSeen: 10,
      lastSeen: 20,
      sharesAccepted: 2,
    });
    expect(reopened.workSharesOf('0xabc').map((s) => s.digest)).toEqual(['0x01', '0x02']);
    reopened.close();
  });

  it('returns the last chat lines oldest first', () => {
    const store = new Store(dir);
    store.seePlayer('0xabc', 'alice', 'red', 1);
    for (let i = 0; i < 5; i++) store.addChat({ from: '0xabc', name: 'alice', text: `line ${i}`, at: i });
    expect(store.recentChat(3).map((line) => line.text)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(store.seePlayer('0xabc', 'alice', 'red', 2).chatLines).toBe(5);
    store.close();
  });
});
