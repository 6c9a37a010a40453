import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../testing/test-wallet.ts';
import { GUEST_NAME_ITEM, savedGuestName, saveGuestName } from './guest-name.ts';

describe('guest name', () => {
  it('keeps a chosen name for the next join, trimmed as the room trims it', () => {
    const storage = new MemoryStorage();
    expect(savedGuestName(storage)).toBeUndefined();
    saveGuestName(storage, 'Ada Lovelace');
    expect(savedGuestName(storage)).toBe('Ada Lovelace');
    storage.setItem(GUEST_NAME_ITEM, '  Grace  ');
    expect(savedGuestName(storage)).toBe('Grace');
  });

  it('neither keeps nor offers a name the room would refuse', () => {
    const storage = new MemoryStorage();
    for (const bad of [
      '<b>bold</b>',
      '0x1234567890abcdef1234567890abcdef12345678',
      'vitalik.eth',
      '',
      'x'.repeat(200),
    ]) {
      saveGuestName(storage, bad);
      expect(storage.getItem(GUEST_NAME_ITEM)).toBeNull();
      storage.setItem(GUEST_NAME_ITEM, bad); // written by hand, or by an older version
      expect(savedGuestName(storage)).toBeUndefined();
      storage.clear();
    }
  });

  it('survives a storage that refuses to read or write', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(savedGuestName(refusing)).toBeUndefined();
    expect(() => saveGuestName(refusing, 'Ada')).not.toThrow();
  });
});
