import { Interface, type InterfaceAbi, Wallet } from 'ethers';
import type { ChainLog } from '../server/chain-events.ts';
import type { Deployment } from '../shared/deployment.ts';

/** Test support: logs as a chain returns them, for the log readers' unit tests (no chain). */

/** A random checksummed address. */
export const randomAddress = () => Wallet.createRandom().address;

/** A deployment of random addresses. */
export function fakeDeployment(): Deployment {
  return {
    chainId: 31337,
    deployBlock: 1,
    addresses: {
      LandRegistry: randomAddress(),
      Fractionalizer: randomAddress(),
      ShareVault: randomAddress(),
      OreMiner: randomAddress(),
      OreToken: randomAddress(),
      ParcelStaking: randomAddress(),
      WETH9: randomAddress(),
      UniswapV2Factory: randomAddress(),
      UniswapV2Router02: randomAddress(),
    },
  } as Deployment;
}

let nextLogIndex = 0;
/** Each ABI parsed once: tests that build thousands of logs would spend their time parsing. */
const interfaces = new WeakMap<object, Interface>();

/**
 * A log of `event` from `from`, encoded with the contract's real ABI, in block `block` (each log
 * gets the next log index).
 */
export function logOf(abi: unknown, from: string, event: string, values: unknown[], block = 1): ChainLog {
  const contract = interfaces.get(abi as object) ?? new Interface(abi as InterfaceAbi);
  interfaces.set(abi as object, contract);
  const fragment = contract.getEvent(event);
  if (!fragment) throw new Error(`no event ${event}`);
  const hex = (n: number) => `0x${n.toString(16)}`;
  return {
    address: from,
    ...contract.encodeEventLog(fragment, values),
    blockNumber: hex(block),
    blockHash: `0x${block.toString(16).padStart(64, '0')}`,
    transactionHash: `0x${'ab'.repeat(32)}`,
    logIndex: hex(nextLogIndex++),
  };
}
