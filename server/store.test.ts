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

  it('prunes chat to the newest lines and players unseen too long, a bounded batch per run', () => {
    const store = new Store(dir);
    for (let i = 0; i < 10; i++) store.addChat({ from: '0xabc', name: 'alice', text: `line ${i}`, at: i });
    store.seePlayer('0xold', 'old', 'red', 1_000);
    store.seePlayer('0xolder', 'older', 'red', 500);
    store.seePlayer('0xnew', 'new', 'red', 9_000);
    const retention = { chatLines: 4, playerIdleMs: 5_000, batch: 3 };
    // the oldest rows go first, no more than the batch per run
    expect(store.prune(10_000, retention)).toEqual({ chatLines: 3, players: 2 });
    expect(store.recentChat(100).map((line) => line.text)).toEqual(
      [3, 4, 5, 6, 7, 8, 9].map((i) => `line ${i}`),
    );
    expect(store.prune(10_000, retention)).toEqual({ chatLines: 3, players: 0 });
    expect(store.prune(10_000, retention)).toEqual({ chatLines: 0, players: 0 });
    expect(store.recentChat(100).map((line) => line.text)).toEqual(['line 6', 'line 7', 'line 8', 'line 9']);
    // a pruned player comes back as new; the one seen recently kept its record
    expect(store.seePlayer('0xold', 'again', 'blue', 10_000)).toMatchObject({
      name: 'again',
      firstSeen: 10_000,
    });
    expect(store.seePlayer('0xnew', 'ignored', 'blue', 10_000)).toMatchObject({
      name: 'new',
      firstSeen: 9_000,
    });
    // new lines after pruning still count from the newest
    store.addChat({ from: '0xabc', name: 'alice', text: 'line 10', at: 10 });
    store.prune(10_000, retention);
    expect(store.recentChat(100).map((line) => line.text)).toEqual(['line 7', 'line 8', 'line 9', 'line 10']);
    store.close();
  });
});
