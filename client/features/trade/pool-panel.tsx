import { useEffect, useState } from 'react';
import { useApp } from '../../app.ts';
import { parseAmount } from '../chain/amount.ts';
import type { SwapSide, VaultPosition } from '../chain/chain-actions.ts';
import { chainActions } from '../chain/session.ts';
import { quoteRemoval, type RemovalQuote, type SwapQuote } from '../chain/swap-quote.ts';
import { TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatEth } from '../wallet/format.ts';

/** Default slippage limit, percent. */
const DEFAULT_SLIPPAGE = '1';
/** ShareVault.State.Inactive: no buyout yet, shares trade. */
const OPEN = 0;

/** Percent text ("0.5") as basis points; throws a message in words. */
function slippageBps(text: string): number {
  const percent = Number(text);
  if (!Number.isFinite(percent) || percent < 0 || percent >= 100)
    throw new Error('Slippage: a percent from 0 to 99.99');
  return Math.round(percent * 100);
}

/** `part` of `whole` as a percent with two decimals (0 when `whole` is 0). */
function percentOf(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 10_000n) / whole) / 100;
}

/**
 * The shares/WETH Uniswap V2 pool: create or add to it, swap either way with a live quote, and
 * give pool tokens back. One slippage limit serves all three.
 */
export function PoolPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const [slippage, setSlippage] = useState(DEFAULT_SLIPPAGE);
  const hasPool = position.poolShares > 0n;
  const canAdd = position.state === OPEN && position.shares > 0n;
  const canSwap = hasPool && position.state === OPEN;
  // pool tokens can be given back in any state: after a buyout their shares are cashed
  const canRemove = position.lp > 0n;
  if (!hasPool && !canAdd) return null;
  return (
    <section aria-label="Pool">
      <h3>Pool</h3>
      {hasPool ? (
        <p>
          Pool price {formatEth(position.poolPrice, 8)} ETH per share ({formatEth(position.poolShares)}{' '}
          shares, {formatEth(position.poolWei)} ETH)
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
      {canAdd && <LiquidityForm position={position} refresh={refresh} slippage={slippage} />}
      {canRemove && <RemoveLiquidityForm position={position} refresh={refresh} slippage={slippage} />}
      {canSwap && <SwapForm position={position} refresh={refresh} slippage={slippage} />}
    </section>
  );
}

interface FormProps {
  position: VaultPosition;
  refresh(): void;
  /** The panel's slippage limit as typed, percent. */
  slippage: string;
}

/** Creates the pool at the player's price, or adds to it at the pool's price. */
function LiquidityForm({ position, refresh, slippage }: FormProps) {
  const hasPool = position.poolShares > 0n;
  const [shares, setShares] = useState('100');
  const [wei, setWei] = useState(formatEth(100n * position.offerPrice || 10n ** 16n, 18));
  const tx = useTx(refresh);
  // into an existing pool the ETH side follows the pool's price (the router takes that ratio);
  // rounded up so the share side is the one that binds
  let poolWei: bigint | null = null;
  try {
    const units = parseAmount(shares, 'Pool shares');
    if (hasPool) poolWei = (units * position.poolWei + position.poolShares - 1n) / position.poolShares;
  } catch {
    poolWei = null;
  }
  return (
    <div>
      <label>
        Pool shares
        <input value={shares} onChange={(event) => setShares(event.target.value)} inputMode="decimal" />
      </label>
      {hasPool ? (
        <p>With {poolWei === null ? '—' : formatEth(poolWei, 8)} ETH at the pool price</p>
      ) : (
        <label>
          Pool ETH
          <input value={wei} onChange={(event) => setWei(event.target.value)} inputMode="decimal" />
        </label>
      )}
      <button
        type="button"
        disabled={tx.busy}
        onClick={() =>
          void tx.run(hasPool ? 'Adding to the pool' : 'Creating the pool', (chain, onPhase) => {
            const units = parseAmount(shares, 'Pool shares');
            const pay = hasPool
              ? (units * position.poolWei + position.poolShares - 1n) / position.poolShares
              : parseAmount(wei, 'Pool ETH');
            return chain.addLiquidity(position.vault, units, pay, slippageBps(slippage), onPhase);
          })
        }
      >
        {hasPool ? 'Add liquidity' : 'Create pool'}
      </button>
      <TxStatus view={tx.view} />
    </div>
  );
}

/** Gives a part of the player's pool tokens back for shares and ETH, with minimums from the quote. */
function RemoveLiquidityForm({ position, refresh, slippage }: FormProps) {
  const [percent, setPercent] = useState('50');
  const tx = useTx(refresh);
  const { lp, lpSupply, poolShares, poolWei } = position;
  let quote: RemovalQuote | null = null;
  let quoteError: string | null = null;
  try {
    const part = Number(percent);
    if (!Number.isFinite(part) || part <= 0 || part > 100)
      throw new Error('Remove: a percent above 0, up to 100');
    // whole hundredths of a percent; 100 % is every pool token, not a rounded share of them
    const liquidity = part === 100 ? lp : (lp * BigInt(Math.round(part * 100))) / 10_000n;
    quote = quoteRemoval(liquidity, lpSupply, poolShares, poolWei, slippageBps(slippage));
  } catch (error) {
    quoteError = (error as Error).message;
  }
  return (
    <div>
      <p data-testid="pool-tokens">
        Your pool tokens: {formatEth(lp, 6)} ({percentOf(lp, lpSupply)} % of the pool, ≈{' '}
        {formatEth((lp * poolShares) / lpSupply)} shares + {formatEth((lp * poolWei) / lpSupply, 6)} ETH)
      </p>
      <label>
        Remove (% of your pool tokens)
        <input value={percent} onChange={(event) => setPercent(event.target.value)} inputMode="decimal" />
      </label>
      {quote && (
        <dl aria-label="Removal quote">
          <dt>You get</dt>
          <dd data-testid="removal-out">
            {formatEth(quote.shares, 6)} shares + {formatEth(quote.wei, 6)} ETH
          </dd>
          <dt>At least</dt>
          <dd>
            {formatEth(quote.minShares, 6)} shares + {formatEth(quote.minWei, 6)} ETH
          </dd>
        </dl>
      )}
      {quoteError && <p>{quoteError}</p>}
      <button
        type="button"
        disabled={tx.busy || !quote}
        onClick={() => {
          if (quote)
            void tx.run('Removing from the pool', (chain, onPhase) =>
              chain.removeLiquidity(position.vault, quote, onPhase),
            );
        }}
      >
        Remove liquidity
      </button>
      <TxStatus view={tx.view} />
    </div>
  );
}

function SwapForm({ position, refresh, slippage }: FormProps) {
  const app = useApp();
  const [side, setSide] = useState<SwapSide>('buy');
  const [amount, setAmount] = useState('0.001');
  const [quote, setQuote] = useState<SwapQuote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const tx = useTx(refresh);

  // a fresh quote when the inputs or the pool's reserves change
  // biome-ignore lint/correctness/useExhaustiveDependencies: the reserves are the pool's change signal
  useEffect(() => {
    const config = app.store.getState().config;
    if (!config) return;
    let live = true;
    (async () => {
      try {
        const amountIn = parseAmount(amount, side === 'buy' ? 'ETH to spend' : 'Shares to sell');
        const chain = await chainActions(config);
        const next = await chain.quote(position.vault, side, amountIn, slippageBps(slippage));
        if (live) {
          setQuote(next);
          setQuoteError(null);
        }
      } catch (error) {
        if (live) {
          setQuote(null);
          setQuoteError((error as Error).message);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [app, position.vault, position.poolShares, position.poolWei, side, amount, slippage]);

  const outUnit = side === 'buy' ? 'shares' : 'ETH';
  return (
    <div>
      <label>
        Swap
        <select
          aria-label="Swap direction"
          value={side}
          onChange={(event) => setSide(event.target.value as SwapSide)}
        >
          <option value="buy">ETH → shares</option>
          <option value="sell">shares → ETH</option>
        </select>
      </label>
      <label>
        {side === 'buy' ? 'ETH to spend' : 'Shares to sell'}
        <input value={amount} onChange={(event) => setAmount(event.target.value)} inputMode="decimal" />
      </label>
      {quote && (
        <dl aria-label="Quote">
          <dt>You get</dt>
          <dd data-testid="quote-out">
            {formatEth(quote.amountOut, 6)} {outUnit}
          </dd>
          <dt>Price impact</dt>
          <dd data-testid="quote-impact">{(quote.priceImpactBps / 100).toFixed(2)} %</dd>
          <dt>At least</dt>
          <dd>
            {formatEth(quote.minOut, 6)} {outUnit}
          </dd>
        </dl>
      )}
      {quoteError && <p>{quoteError}</p>}
      <button
        type="button"
        disabled={tx.busy || !quote}
        onClick={() => {
          if (quote)
            void tx.run('Swapping', (chain, onPhase) => chain.swap(position.vault, side, quote, onPhase));
        }}
      >
        Swap
      </button>
      <TxStatus view={tx.view} />
    </div>
  );
}
