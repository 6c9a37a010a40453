import { useEffect, useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { useApp } from '../../app.ts';
import { parseAmount } from '../chain/amount.ts';
import type { ChainActions, OnPhase, SwapSide, TxResult } from '../chain/chain-actions.ts';
import { chainActions } from '../chain/session.ts';
import type { SwapQuote } from '../chain/swap-quote.ts';
import type { Tx } from '../chain/use-tx.tsx';
import { formatAmount } from '../wallet/format.ts';
import { impactTone, slippageBps } from './pool-terms.ts';
import { QuotedAction } from './quoted-action.tsx';

export interface SwapFormProps {
  /** The panel's tracker: one pool action at a time. */
  tx: Tx;
  /** The panel's slippage limit as typed, percent. */
  slippage: string;
  /** The token swapped against ETH (a vault's shares, or ORE), and its name in the player's words. */
  token: string;
  unit: string;
  /** The pool's reserves as a change signal: a new value quotes anew. */
  reserves: string;
  /** The amount a side starts at: small against the pool (a price impact far below amber). */
  defaultAmount(side: SwapSide): string;
  swap(chain: ChainActions, side: SwapSide, quote: SwapQuote, onPhase?: OnPhase): Promise<TxResult>;
}

/**
 * Swaps ETH for a token or back through its Uniswap V2 pool, quoted live at the pool's reserves;
 * the price impact turns the quote amber, then red (accept it first).
 */
export function SwapForm({ tx, slippage, token, unit, reserves, defaultAmount, swap }: SwapFormProps) {
  const app = useApp();
  const [side, setSide] = useState<SwapSide>('buy');
  const [amount, setAmount] = useState(() => defaultAmount('buy'));
  // no quote until the first one answers: the button waits
  const [quote, setQuote] = useState<{ value: SwapQuote } | { error: string }>({ error: 'Quoting…' });
  const toSell = `${unit.charAt(0).toUpperCase()}${unit.slice(1)} to sell`;

  // a fresh quote when the inputs or the pool's reserves change
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reserves are the pool's change signal
  useEffect(() => {
    const config = app.store.getState().config;
    if (!config) return;
    let live = true;
    (async () => {
      try {
        const amountIn = parseAmount(amount, side === 'buy' ? 'ETH to spend' : toSell);
        const chain = await chainActions(config);
        const next = await chain.quote(token, side, amountIn, slippageBps(slippage));
        if (live) setQuote({ value: next });
      } catch (error) {
        if (live) setQuote({ error: (error as Error).message });
      }
    })();
    return () => {
      live = false;
    };
  }, [app, token, reserves, side, amount, slippage, toSell]);

  const outUnit = side === 'buy' ? unit : 'ETH';
  return (
    <div>
      <label>
        Swap
        <select
          aria-label="Swap direction"
          value={side}
          onChange={(event) => {
            const next = event.target.value as SwapSide;
            setSide(next);
            // the other side's amount is in the other unit: start it small again
            setAmount(defaultAmount(next));
          }}
        >
          <option value="buy">ETH → {unit}</option>
          <option value="sell">{unit} → ETH</option>
        </select>
      </label>
      <QuotedAction
        tx={tx}
        label={ActionLabel.swap}
        field={{ label: side === 'buy' ? 'ETH to spend' : toSell, text: amount, set: setAmount }}
        name="Quote"
        quote={quote}
        lines={(q) => [
          { term: 'You get', figures: `${formatAmount(q.amountOut, 6)} ${outUnit}`, testId: 'quote-out' },
          {
            term: 'Price impact',
            figures: `${(q.priceImpactBps / 100).toFixed(2)} %`,
            tone: impactTone(q.priceImpactBps),
            testId: 'quote-impact',
          },
          { term: 'At least', figures: `${formatAmount(q.minOut)} ${outUnit}` },
        ]}
        confirm={(q) =>
          impactTone(q.priceImpactBps) === 'red'
            ? `This swap moves the pool price by ${(q.priceImpactBps / 100).toFixed(2)} %`
            : null
        }
        action={(q) => (chain, onPhase) => swap(chain, side, q, onPhase)}
      >
        Swap
      </QuotedAction>
    </div>
  );
}
