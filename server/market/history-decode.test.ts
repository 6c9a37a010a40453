import { ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  fractionalizerAbi,
  oreMinerAbi,
  shareVaultAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
} from '../../shared/contracts.ts';
import { difficultyOfTarget } from '../../shared/pow.ts';
import { parcelId } from '../../shared/world.ts';
import { fakeDeployment, logOf, randomAddress } from '../../testing/test-logs.ts';
import type { ChainLog } from '../chain-events.ts';
import { decodeHistoryLog, emptyContext, learnVaults } from './history-decode.ts';

const deployment = fakeDeployment();
const { WETH9: weth, OreToken: ore, UniswapV2Factory: factory, OreMiner: miner } = deployment.addresses;
const id = parcelId(4, -4);
const alice = randomAddress();

/** A fresh context that knows `vault` (of parcel `id`), and a decoder over it. */
function decoder(vault: string) {
  const context = emptyContext();
  const split = logOf(fractionalizerAbi, deployment.addresses.Fractionalizer, 'ParcelFractionalized', [
    id,
    vault,
    alice,
    1000n,
    5n,
    7n,
    400n,
  ]);
  learnVaults(context, deployment, [split]);
  const decode = (log: ChainLog) => decodeHistoryLog(context, deployment, log, 1_800_000_000);
  return { context, decode, split };
}

describe('decodeHistoryLog', () => {
  it('reads a vault mint that comes before the log naming the vault, once the page taught it', () => {
    const vault = randomAddress();
    const { decode, split } = decoder(vault);
    const mint = decode(logOf(shareVaultAbi, vault, 'Transfer', [ZeroAddress, vault, 400n]));
    expect(mint).toMatchObject({ kind: 'transfer', parcelId: id, vault, counterparty: vault, amount: 400n });
    expect(decode(split)).toMatchObject({
      kind: 'fractionalize',
      parcelId: id,
      amount: 1000n,
      value: 7n,
      actor: alice,
    });
    expect(decode(split)?.args).toMatchObject({ reservePrice: '5', offerAmount: '400' });
  });

  it.each([
    ['the shares are token0', true],
    ['WETH is token0', false],
  ])(
    'follows a shares/WETH pair when %s: swaps as shares bought or sold, syncs as reserves',
    (_, sharesFirst) => {
      const vault = randomAddress();
      const pair = randomAddress();
      const { decode } = decoder(vault);
      const [token0, token1] = sharesFirst ? [vault, weth] : [weth, vault];
      const created = decode(logOf(uniswapV2FactoryAbi, factory, 'PairCreated', [token0, token1, pair, 1n]));
      expect(created).toMatchObject({ kind: 'pool-created', parcelId: id, vault, counterparty: pair });
      // (shares, wei) as the pair orders them
      const ordered = (shares: bigint, wei: bigint) => (sharesFirst ? [shares, wei] : [wei, shares]);
      const swap = (sharesIn: bigint, weiIn: bigint, sharesOut: bigint, weiOut: bigint) =>
        decode(
          logOf(uniswapV2PairAbi, pair, 'Swap', [
            alice,
            ...ordered(sharesIn, weiIn),
            ...ordered(sharesOut, weiOut),
            alice,
          ]),
        );
      expect(swap(0n, 30n, 10n, 0n)).toMatchObject({
        kind: 'swap',
        parcelId: id,
        amount: 10n,
        value: 30n,
        actor: alice,
      });
      expect(swap(10n, 0n, 0n, 25n)).toMatchObject({ kind: 'swap', amount: -10n, value: 25n });
      const sync = decode(logOf(uniswapV2PairAbi, pair, 'Sync', ordered(500n, 900n)));
      expect(sync).toMatchObject({ kind: 'sync', vault, amount: 500n, value: 900n });
    },
  );

  it('records the seller of a sale to ETH (the shares came from them), not the router it swaps out to', () => {
    const vault = randomAddress();
    const pair = randomAddress();
    const router = deployment.addresses.UniswapV2Router02;
    const { decode } = decoder(vault);
    decode(logOf(uniswapV2FactoryAbi, factory, 'PairCreated', [vault, weth, pair, 1n]));
    const sale = (tx: string) => {
      const sent = { ...logOf(shareVaultAbi, vault, 'Transfer', [alice, pair, 10n]), transactionHash: tx };
      const swapped = logOf(uniswapV2PairAbi, pair, 'Swap', [router, 10n, 0n, 0n, 25n, router]);
      return [decode(sent), decode({ ...swapped, transactionHash: `0x${'cd'.repeat(32)}` })];
    };
    // the shares went in within the swap's transaction: the sender sold
    expect(sale(`0x${'cd'.repeat(32)}`)[1]).toMatchObject({ kind: 'swap', amount: -10n, actor: alice });
    // sent in by another transaction: nothing says who sold but the recipient
    expect(sale(`0x${'ef'.repeat(32)}`)[1]).toMatchObject({ kind: 'swap', amount: -10n, actor: router });
  });

  it('follows the ORE/WETH pair as parcel -1 and ignores pairs of other tokens', () => {
    const { decode } = decoder(randomAddress());
    const orePair = randomAddress();
    expect(
      decode(logOf(uniswapV2FactoryAbi, factory, 'PairCreated', [ore, weth, orePair, 1n])),
    ).toMatchObject({
      parcelId: -1,
      vault: ore,
    });
    expect(decode(logOf(uniswapV2PairAbi, orePair, 'Sync', [2n, 3n]))).toMatchObject({
      amount: 2n,
      value: 3n,
    });
    const other = randomAddress();
    expect(
      decode(logOf(uniswapV2FactoryAbi, factory, 'PairCreated', [randomAddress(), weth, other, 2n])),
    ).toBeNull();
    expect(decode(logOf(uniswapV2PairAbi, other, 'Sync', [2n, 3n]))).toBeNull();
  });

  it("values a solution at the target's difficulty, and never guesses a target it does not know", () => {
    const { context, decode } = decoder(randomAddress());
    const solution = logOf(oreMinerAbi, miner, 'SolutionAccepted', [
      id,
      alice,
      `0x${'11'.repeat(32)}`,
      9n,
      `0x${'22'.repeat(32)}`,
    ]);
    expect(() => decode(solution)).toThrow(/target is unknown/);
    expect(decode(logOf(oreMinerAbi, miner, 'TargetRetargeted', [2n ** 240n, 2n ** 238n, 60n]))).toBeNull();
    expect(context.target).toBe(2n ** 238n);
    // the miner keeps half (rounded down), the parcel the rest
    expect(decode(solution)).toMatchObject({
      kind: 'solution',
      actor: alice,
      amount: 4n,
      value: difficultyOfTarget(2n ** 238n),
    });
  });

  it("reads the co-owners' style votes: the proposal, each vote and the settlement", () => {
    const vault = randomAddress();
    const { decode } = decoder(vault);
    const proposed = decode(
      logOf(shareVaultAbi, vault, 'StyleProposed', [3n, alice, 2n, 7n, 1_800_000_600n]),
    );
    expect(proposed).toMatchObject({
      kind: 'style-proposed',
      parcelId: id,
      vault,
      actor: alice,
      amount: 2n,
      value: 7n,
    });
    expect(proposed?.args).toMatchObject({ proposal: '3', deadline: '1800000600' });
    const bob = randomAddress();
    expect(decode(logOf(shareVaultAbi, vault, 'StyleVoted', [3n, bob, false, 40n]))).toMatchObject({
      kind: 'style-vote',
      parcelId: id,
      actor: bob,
      amount: 40n,
      value: 0n,
    });
    const settled = decode(logOf(shareVaultAbi, vault, 'StyleSettled', [3n, true, 60n, 40n]));
    expect(settled).toMatchObject({
      kind: 'style-settled',
      parcelId: id,
      actor: '',
      amount: 60n,
      value: 40n,
    });
    expect(settled?.args).toMatchObject({ proposal: '3', passed: 'true' });
  });

  it('skips a log whose topics or data do not fit its event', () => {
    const vault = randomAddress();
    const { decode } = decoder(vault);
    const transfer = logOf(shareVaultAbi, vault, 'Transfer', [alice, vault, 5n]);
    expect(decode(transfer)).toMatchObject({ kind: 'transfer', amount: 5n });
    expect(decode({ ...transfer, data: transfer.data.slice(0, -2) })).toBeNull();
    expect(decode({ ...transfer, topics: transfer.topics.slice(0, 2) })).toBeNull();
    // an address topic with bits above its 160
    const dirty = `0x${'ff'.repeat(12)}${(transfer.topics[1] ?? '').slice(26)}`;
    expect(
      decode({ ...transfer, topics: [transfer.topics[0] ?? '', dirty, transfer.topics[2] ?? ''] }),
    ).toBeNull();
  });
});
