import { BaseContract, id } from 'ethers';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as abis from './contracts.ts';
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

  it("leaves no contract function shadowed by a member of ethers' contract objects", async () => {
    // ethers answers `contract.target` with the address, never the ABI's function of that name:
    // OreMiner's target is read as EIP-918's getMiningTarget for that reason
    const members = new BaseContract(VAULT, []);
    const shadowed = Object.values(abis).flatMap((abi) =>
      abi.flatMap((item) => (item.type === 'function' && item.name in members ? [item.name] : [])),
    );
    expect(shadowed).toEqual([]);
    const miner = typedContract(VAULT, oreMinerAbi);
    expect(miner.target).toBe(VAULT);
    expectTypeOf(miner.getMiningTarget).returns.resolves.toEqualTypeOf<bigint>();
    const tx = await miner.mine.populateTransaction(1n, 2n, { gasLimit: 100_000n });
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
