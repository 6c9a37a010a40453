import { useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { parseAmount } from '../chain/amount.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { quoteRemoval, type RemovalQuote } from '../chain/swap-quote.ts';
import { type Tx, type TxAction, TxButton, TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatAmount } from '../wallet/format.ts';
import {
  DEFAULT_SLIPPAGE_PERCENT,
  liquidityOfPercent,
  percentOf,
  poolDefaults,
  poolSideWei,
  slippageBps,
  swapDefault,
} from './pool-terms.ts';
import { QuotedAction } from './quoted-action.tsx';
import { SwapForm } from './swap-form.tsx';

/**
 * The shares/WETH Uniswap V2 pool: create or add to it, swap either way with a live quote, and
 * give pool tokens back. One slippage limit and one status line serve all three.
 */
export function PoolPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const [slippage, setSlippage] = useState(DEFAULT_SLIPPAGE_PERCENT);
  const tx = useTx(refresh);
  const hasPool = position.poolShares > 0n;
  const open = position.state === VaultState.Inactive;
  const canAdd = open && position.shares > 0n;
  const canSwap = hasPool && open;
  // pool tokens can be given back in any state: after a buyout their shares are cashed
  const canRemove = position.lp > 0n;
  // kept while its last action's line shows: giving back the last pool token says it was confirmed
  if (!hasPool && !canAdd && tx.view.status === 'idle') return null;
  const form = { position, tx, slippage };
  return (
    <section aria-label="Pool">
      <h3>Pool</h3>
      {hasPool ? (
        <p>
          Pool price {formatAmount(position.poolPrice)} ETH per share ({formatAmount(position.poolShares)}{' '}
          shares, {formatAmount(position.poolWei)} ETH)
        </p>
      ) : (
        <p>No pool yet.</p>
      )}
      {(canAdd || canSwap || canRemove) && (
        <label>
          Slippage limit (%)
          <input value={slippage} onChange={(event) => setSlippage(event.target.value)} inputMode="decimal" />
        </label>
      )}
      {canAdd && <LiquidityForm {...form} />}
      {canRemove && <RemoveLiquidityForm {...form} />}
      {canSwap && <SharesSwap {...form} />}
      <TxStatus view={tx.view} />
    </section>
  );
}

interface FormProps {
  position: VaultPosition;
  /** The panel's tracker: one pool action at a time. */
  tx: Tx;
  /** The panel's slippage limit as typed, percent. */
  slippage: string;
}

/** Creates the pool at the player's price, or adds to it at the pool's price. */
function LiquidityForm({ position, tx, slippage }: FormProps) {
  const hasPool = position.poolShares > 0n;
  const [defaults] = useState(() => poolDefaults(position.offerPrice));
  const [shares, setShares] = useState(defaults.shares);
  const [wei, setWei] = useState(defaults.wei);
  let poolWei: bigint | null = null;
  try {
    if (hasPool)
      poolWei = poolSideWei(parseAmount(shares, 'Pool shares'), position.poolShares, position.poolWei);
  } catch {
    poolWei = null;
  }
  const add: TxAction = (chain, onPhase) => {
    const units = parseAmount(shares, 'Pool shares');
    const pay = hasPool
      ? poolSideWei(units, position.poolShares, position.poolWei)
      : parseAmount(wei, 'Pool ETH');
    return chain.addLiquidity(position.vault, units, pay, slippageBps(slippage), onPhase);
  };
  return (
    <div>
      <label>
        Pool shares
        <input value={shares} onChange={(event) => setShares(event.target.value)} inputMode="decimal" />
      </label>
      {hasPool ? (
        <p>With {poolWei === null ? '—' : formatAmount(poolWei)} ETH at the pool price</p>
      ) : (
        <label>
          Pool ETH
          <input value={wei} onChange={(event) => setWei(event.target.value)} inputMode="decimal" />
        </label>
      )}
      <TxButton tx={tx} label={ActionLabel.addLiquidity} action={add}>
        {hasPool ? 'Add liquidity' : 'Create pool'}
      </TxButton>
    </div>
  );
}

/** Gives a part of the player's pool tokens back for shares and ETH, with minimums from the quote. */
function RemoveLiquidityForm({ position, tx, slippage }: FormProps) {
  const [percent, setPercent] = useState('50');
  const { lp, lpSupply, poolShares, poolWei } = position;
  let quote: { value: RemovalQuote } | { error: string };
  try {
    const liquidity = liquidityOfPercent(percent, lp);
    quote = { value: quoteRemoval(liquidity, lpSupply, poolShares, poolWei, slippageBps(slippage)) };
  } catch (error) {
    quote = { error: (error as Error).message };
  }
  return (
    <div>
      <p data-testid="pool-tokens">
        Your pool tokens: {formatAmount(lp)} ({percentOf(lp, lpSupply)} % of the pool, ≈{' '}
        {formatAmount((lp * poolShares) / lpSupply)} shares + {formatAmount((lp * poolWei) / lpSupply)} ETH)
      </p>
      <QuotedAction
        tx={tx}
        label={ActionLabel.removeLiquidity}
        field={{ label: 'Remove (% of your pool tokens)', text: percent, set: setPercent }}
        name="Removal quote"
        quote={quote}
        lines={(q) => [
          {
            term: 'You get',
            figures: `${formatAmount(q.shares, 6)} shares + ${formatAmount(q.wei, 6)} ETH`,
            testId: 'removal-out',
          },
          {
            term: 'At least',
            figures: `${formatAmount(q.minShares)} shares + ${formatAmount(q.minWei)} ETH`,
          },
        ]}
        action={(q) => (chain, onPhase) => chain.removeLiquidity(position.vault, q, onPhase)}
      >
        Remove liquidity
      </QuotedAction>
    </div>
  );
}

/** Swaps ETH for the vault's shares or back through its pool. */
function SharesSwap({ position, tx, slippage }: FormProps) {
  return (
    <SwapForm
      tx={tx}
      slippage={slippage}
      token={position.vault}
      unit="shares"
      reserves={`${position.poolShares}/${position.poolWei}`}
      defaultAmount={(side) => swapDefault(side, position.poolShares, position.poolWei)}
      swap={(chain, side, quote, onPhase) => chain.swap(position.vault, side, quote, onPhase)}
    />
  );
}
