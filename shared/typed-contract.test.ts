import { id } from 'ethers';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { oreMinerAbi, shareVaultAbi } from './contracts.ts';
import { typedContract } from './typed-contract.ts';

const VAULT = '0x00000000000000000000000000000000000000aa';

describe('typedContract', () => {
  const vault = typedContract(VAULT, shareVaultAbi);

  it('types reads and writes from the ABI', () => {
    expectTypeOf(vault.offerCost).parameters.toEqualTypeOf<[bigint]>();
    expectTypeOf(vault.offerCost).returns.resolves.toEqualTypeOf<bigint>();
    expectTypeOf(vault.curator).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(vault.state).returns.resolves.toEqualTypeOf<bigint>();
    // @ts-expect-error a function the vault does not have
    expect(() => vault.notAFunction).toBeDefined();
    // @ts-expect-error offerCost takes one amount
    expect(() => vault.offerCost.staticCall('10', 1n)).toBeDefined();
    // @ts-expect-error transfer is not payable: ETH sent with it would revert
    expect(() => vault.transfer.populateTransaction(VAULT, 1n, { value: 1n })).toBeDefined();
  });

  it('encodes a payable write with its value as ethers does from the same ABI', async () => {
    const tx = await vault.buyShares.populateTransaction(10n, { value: 7n });
    expect(tx.to).toBe(VAULT);
    expect(tx.value).toBe(7n);
    expect(tx.data.slice(0, 10)).toBe(id('buyShares(uint256)').slice(0, 10));
    expect(BigInt(`0x${tx.data.slice(10)}`)).toBe(10n);
  });

  it("reaches a function shadowed by an ethers member (OreMiner's target) through the typed getFunction", async () => {
    const miner = typedContract(VAULT, oreMinerAbi);
    // ethers answers `.target` with the contract's address, not the function: the type says so
    expect(miner.target).toBe(VAULT);
    expectTypeOf(miner.target).not.toBeFunction();
    expectTypeOf(miner.getFunction('target')).returns.resolves.toEqualTypeOf<bigint>();
    expectTypeOf(miner.getFunction('challenge')).parameters.toEqualTypeOf<[bigint]>();
    // @ts-expect-error a function OreMiner does not have
    expect(() => miner.getFunction('offerCost')).toThrow();
    const tx = await miner.getFunction('mine').populateTransaction(1n, 2n, { gasLimit: 100_000n });
    expect(tx.data.slice(0, 10)).toBe(id('mine(uint256,uint256)').slice(0, 10));
    expect(tx.gasLimit).toBe(100_000n);
  });
});
