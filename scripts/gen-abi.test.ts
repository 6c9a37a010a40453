import { describe, expect, it } from 'vitest';
import * as contracts from '../shared/contracts.ts';
import { abiExportName, collectAbis } from './gen-abi.ts';

describe('shared/contracts.ts', () => {
  it('holds exactly the ABIs of the current artifacts (run `npx tsx scripts/gen-abi.ts` when this fails)', () => {
    const abis = collectAbis();
    const expected = Object.fromEntries(
      Object.entries(abis).map(([name, abi]) => [abiExportName(name), abi]),
    );
    expect({ ...contracts }).toEqual(expected);
  });

  it('names each ABI after its contract', () => {
    expect(abiExportName('LandRegistry')).toBe('landRegistryAbi');
    expect(abiExportName('WETH9')).toBe('weth9Abi');
    expect(abiExportName('UniswapV2Router02')).toBe('uniswapV2Router02Abi');
  });
});
