import type { Overrides, Provider, Signer } from 'ethers';
import type { ActionLabel } from '../../../shared/action-labels.ts';
import { shareVaultAbi, type uniswapV2PairAbi } from '../../../shared/contracts.ts';
import type { Deployment } from '../../../shared/deployment.ts';
import { type TypedContract, typedContract, type WriteMethod } from '../../../shared/typed-contract.ts';
import { formatAmount } from '../wallet/format.ts';
import { describeChainError } from './revert-reasons.ts';

/** Where a transaction is: simulated and being sent, sent and waiting for a block, or mined. */
export type TxPhase = { phase: 'sending'; step: string } | { phase: 'pending'; step: string; txHash: string };

export type TxResult<T = void> =
  | { ok: true; txHash: string; value: T }
  /** Nothing of the failed transaction was spent: it was simulated before sending. */
  | { ok: false; message: string };

/** Called as each transaction of an action moves on (an approval comes before the action itself). */
export type OnPhase = (phase: TxPhase) => void;

/** The ERC-20s a player approves the router or staking to take: a vault's shares, a pool's tokens. */
export type Erc20 = TypedContract<typeof shareVaultAbi> | TypedContract<typeof uniswapV2PairAbi>;

/**
 * Gas limit as a percent of the estimate. The estimate is exact for the state it ran on, but a
 * staking pool's stream releases rewards (one more slot written) only once time has passed, which a
 * stake, claim or mining solution estimated in the same second does not pay for. Calls through the
 * Uniswap router carry PAIR_ACCUMULATOR_GAS on top (the flaky pool swap).
 */
export const GAS_HEADROOM_PERCENT = 130n;
/** How long a router call stays valid after it is sent, seconds. */
const DEADLINE_SECONDS = 20 * 60;
/**
 * Calls are simulated on the pending block, whose timestamp is the node's clock: the latest block
 * of an idle local chain can be minutes old, and on it an auction the countdown shows as ended
 * still runs (anvil mines a block per transaction, not per second, and the transaction itself is
 * mined at the clock's time). eth_estimateGas already defaults to pending.
 */
const SIMULATE_ON = { blockTag: 'pending' } as const;
/**
 * Seconds the node's clock may trail this machine's. anvil's clock is the system clock plus an
 * offset fixed at its start in whole seconds, so it can run up to a second behind (seen: an
 * auction the countdown showed as ended was refused as still running); an action timed by the
 * countdown waits that long for the chain rather than fail.
 */
const CHAIN_CLOCK_LAG_S = 2;

/** Too little ETH for `needed` wei (the value and the most the gas may cost), in words. */
export function notEnoughEth(needed: bigint, balance: bigint): string {
  return `you need ${formatAmount(needed, 6)} ETH for this and gas; you have ${formatAmount(balance, 6)} ETH`;
}

/** A transaction that was mined, and what its simulation returned. */
export interface Sent<Out> {
  txHash: string;
  result: Out;
}

/**
 * What every player action is made of: simulate, send, wait, and say in words why the chain
 * refused. The feature actions (land, trade, staking, buyout, rigs) are built on one core per
 * signer.
 */
export function createChainCore(signer: Signer, deployment: Deployment) {
  const provider = signer.provider as Provider;
  if (!provider) throw new Error('the wallet has no chain connection');

  /**
   * Simulates `write(...args)`, sends it and waits; errors propagate to `run`. `overrides` carries
   * the ETH of a payable write (the type refuses it for a nonpayable one); `pairGas` is added to
   * the gas limit of calls through the Uniswap router (PAIR_ACCUMULATOR_GAS).
   */
  async function send<In extends readonly unknown[], Out, O extends Overrides>(
    step: string,
    write: WriteMethod<In, Out, O>,
    args: NoInfer<In>,
    onPhase: OnPhase | undefined,
    // every field of ethers' overrides is optional: none at all fits any write
    overrides: O = {} as O,
    pairGas = 0n,
  ): Promise<Sent<Out>> {
    const value = BigInt(overrides.value ?? 0n);
    const balance = await provider.getBalance(await signer.getAddress());
    // a simulation short of ETH fails without a reason ("missing revert data"): say it first
    if (balance < value) throw new Error(notEnoughEth(value, balance));
    const result = await write.staticCall(...args, { ...overrides, ...SIMULATE_ON });
    const estimate = await write.estimateGas(...args, overrides);
    const gasLimit = (estimate * GAS_HEADROOM_PERCENT) / 100n + pairGas;
    const fees = await provider.getFeeData();
    const cost = value + gasLimit * (fees.maxFeePerGas ?? fees.gasPrice ?? 0n);
    if (balance < cost) throw new Error(notEnoughEth(cost, balance));
    onPhase?.({ phase: 'sending', step });
    const tx = await write(...args, { ...overrides, gasLimit });
    onPhase?.({ phase: 'pending', step, txHash: tx.hash });
    const receipt = await tx.wait();
    if (receipt?.status !== 1) throw new Error('the transaction was dropped');
    return { txHash: receipt.hash, result };
  }

  /** Runs an action's transactions; a failure anywhere comes back as the reason in words. */
  async function run<T>(
    action: ActionLabel,
    body: () => Promise<{ txHash: string; value: T }>,
  ): Promise<TxResult<T>> {
    try {
      return { ok: true, ...(await body()) };
    } catch (error) {
      return { ok: false, message: describeChainError(error, action) };
    }
  }

  return {
    deployment,
    addresses: deployment.addresses,
    signer,
    provider,
    send,
    run,

    /** The share vault at `vault`, signing with the player's wallet. */
    vaultAt: (vault: string) => typedContract(vault, shareVaultAbi, signer),

    /** An action of one transaction whose result the player does not need. */
    sendOnly<In extends readonly unknown[], Out, O extends Overrides>(
      action: ActionLabel,
      step: string,
      write: WriteMethod<In, Out, O>,
      args: NoInfer<In>,
      onPhase: OnPhase | undefined,
      overrides?: O,
    ): Promise<TxResult> {
      return run(action, async () => {
        const { txHash } = await send(step, write, args, onPhase, overrides);
        return { txHash, value: undefined };
      });
    },

    /**
     * Approves `spender` for `amount` of `token` unless the allowance already covers it. Refuses
     * first, in words and before any approval is paid for, when the wallet holds less than
     * `amount` (`what` names the token: "shares", "pool tokens").
     */
    async allow(
      token: Erc20,
      spender: string,
      amount: bigint,
      what: string,
      onPhase?: OnPhase,
    ): Promise<void> {
      const owner = await signer.getAddress();
      const [held, allowance] = await Promise.all([token.balanceOf(owner), token.allowance(owner, spender)]);
      if (held < amount)
        throw new Error(`you have only ${formatAmount(held)} ${what} (${formatAmount(amount)} asked)`);
      if (allowance < amount) await send('approve', token.approve, [spender, amount], onPhase);
    },

    /**
     * Waits until the node's clock reaches `seconds` (unix) when it is at most CHAIN_CLOCK_LAG_S
     * behind; further off, the call's own simulation says why it cannot run yet.
     */
    async chainTimeReaches(seconds: number): Promise<void> {
      for (;;) {
        const behind = seconds - ((await provider.getBlock(SIMULATE_ON.blockTag))?.timestamp ?? seconds);
        if (behind <= 0 || behind > CHAIN_CLOCK_LAG_S) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },

    /** The router's deadline, from the pending block's time (an idle chain's latest is stale). */
    async deadline(): Promise<bigint> {
      const block = await provider.getBlock(SIMULATE_ON.blockTag);
      return BigInt((block?.timestamp ?? Math.floor(Date.now() / 1000)) + DEADLINE_SECONDS);
    },
  };
}

export type ChainCore = ReturnType<typeof createChainCore>;
