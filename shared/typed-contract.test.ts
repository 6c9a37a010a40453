import { id } from 'ethers';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { landRegistryAbi, oreMinerAbi, shareVaultAbi } from './contracts.ts';
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

  it('types each of an overloaded function by its signature, which ethers needs to tell them apart', async () => {
    const land = typedContract(VAULT, landRegistryAbi);
    const [from, to] = [VAULT, '0x00000000000000000000000000000000000000bb'];
    // @ts-expect-error by the bare name, four arguments are ambiguous to ethers (data, or overrides?)
    await expect(land.safeTransferFrom.populateTransaction(from, to, 1n, '0x')).rejects.toThrow(/ambiguous/);
    const three = await land['safeTransferFrom(address,address,uint256)'].populateTransaction(from, to, 1n);
    const four = await land
      .getFunction('safeTransferFrom(address,address,uint256,bytes)')
      .populateTransaction(from, to, 1n, '0x');
    expect(three.data.slice(0, 10)).toBe(id('safeTransferFrom(address,address,uint256)').slice(0, 10));
    expect(four.data.slice(0, 10)).toBe(id('safeTransferFrom(address,address,uint256,bytes)').slice(0, 10));
    expectTypeOf(land['safeTransferFrom(address,address,uint256,bytes)']).toBeCallableWith(
      from,
      to,
      1n,
      '0x',
    );
    const withoutData = land['safeTransferFrom(address,address,uint256)'];
    // @ts-expect-error the three-argument one takes no data
    expect(() => withoutData.populateTransaction(from, to, 1n, '0x')).toBeDefined();
  });
});
