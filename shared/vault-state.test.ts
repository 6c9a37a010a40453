import { describe, expect, it } from 'vitest';
import { VaultState, vaultClosed, vaultStateOf } from './vault-state.ts';

describe('vault states', () => {
  it("reads a vault's state() and refuses a number the contract does not have", () => {
    expect(vaultStateOf(2n)).toBe(VaultState.Ended);
    expect(vaultClosed(vaultStateOf(3n))).toBe(true);
    expect(vaultClosed(vaultStateOf(1))).toBe(false);
    expect(() => vaultStateOf(5n)).toThrow('unknown vault state 5');
  });
});
