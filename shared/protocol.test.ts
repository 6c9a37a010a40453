import { describe, expect, it } from 'vitest';
import {
  clientMessages,
  joinOptionsSchema,
  looksLikeAddress,
  MAX_HEADING,
  NAME_MAX_LENGTH,
  playerNameSchema,
} from './protocol.ts';

describe('names that pass for an address', () => {
  it('refuses addresses in full, shortened, spaced, in lookalike letters, and ENS names', () => {
    for (const name of [
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      '0xf39F…2266',
      '0xf39f...2266',
      '0xf39f',
      '0x f39f…2266',
      'Ox39F…2266',
      '0×f39F…2266',
      '０ｘｆ３９Ｆ…2266',
      '0x\u200bf39F…2266',
      'me 0xabc',
      'vitalik.eth',
      'VITALIK.ETH',
      'alice.eth fan',
    ]) {
      expect(looksLikeAddress(name), name).toBe(true);
      expect(clientMessages.rename.safeParse({ name }).success, name).toBe(false);
    }
    const refused = joinOptionsSchema.safeParse({ name: '0xf39F…2266' });
    expect(refused.error?.issues[0]?.message).toMatch(/may not look like an address/);
  });

  it('lets ordinary names through', () => {
    for (const name of ['alice', 'Bob the miner', 'ox', 'box 42', 'ethan', '0x', 'xeth', 'Zoë']) {
      expect(looksLikeAddress(name), name).toBe(false);
      expect(clientMessages.rename.safeParse({ name }).success, name).toBe(true);
    }
  });
});

describe('chosen names', () => {
  it('take letters and digits of any script, spaces and a few joiners, trimmed, up to the length', () => {
    for (const [name, stored] of [
      ['  Ada  ', 'Ada'],
      ["Zoë O'Hara-Smith", "Zoë O'Hara-Smith"],
      ['miner_42.b', 'miner_42.b'],
      ['Вася', 'Вася'],
      ['さくら', 'さくら'],
      ['x'.repeat(NAME_MAX_LENGTH), 'x'.repeat(NAME_MAX_LENGTH)],
    ]) {
      expect(playerNameSchema.parse(name), name).toBe(stored);
    }
  });

  it('refuse markup, symbols, emoji, control and format characters, blank and long names', () => {
    for (const name of [
      '<b>bold</b>',
      'a&b',
      'evil\u202eman',
      'zero\u200bwidth',
      'bell\u0007',
      'new\nline',
      'tab\there',
      'star ★',
      'smile 🙂',
      'quote"',
      '',
      '   ',
      'x'.repeat(NAME_MAX_LENGTH + 1),
      'y'.repeat(1_000_000),
    ]) {
      expect(playerNameSchema.safeParse(name).success, JSON.stringify(name.slice(0, 30))).toBe(false);
    }
    expect(playerNameSchema.safeParse('star ★').error?.issues[0]?.message).toMatch(/letters, digits/);
  });
});

describe('teleport messages', () => {
  it('take a spot on the walkable map and nothing else', () => {
    expect(clientMessages.teleport.safeParse({ x: -150, z: 150 }).success).toBe(true);
    for (const bad of [{ x: 1e9, z: 0 }, { x: 0, z: Number.NaN }, { x: 0 }, { x: 0, z: 0, heading: 1 }]) {
      expect(clientMessages.teleport.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('move messages', () => {
  it('take only finite numbers in range, heading included', () => {
    const move = (heading: number) => clientMessages.move.safeParse({ x: 1, z: 2, heading }).success;
    expect(move(3)).toBe(true);
    expect(move(-MAX_HEADING)).toBe(true);
    for (const bad of [1e308, -1e308, Number.POSITIVE_INFINITY, Number.NaN, MAX_HEADING * 2]) {
      expect(move(bad), String(bad)).toBe(false);
    }
    expect(clientMessages.move.safeParse({ x: 1e308, z: 0, heading: 0 }).success).toBe(false);
  });
});
