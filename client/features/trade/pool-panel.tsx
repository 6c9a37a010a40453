import { useEffect, useState } from 'react';
import { useApp } from '../../app.ts';
import { parseAmount } from '../chain/amount.ts';
import type { SwapSide, VaultPosition } from '../chain/chain-actions.ts';
import { chainActions } from '../chain/session.ts';
import type { SwapQuote } from '../chain/swap-quote.ts';
import { TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatEth } from '../wallet/format.ts';

/** Default slippage limit, percent. */
const DEFAULT_SLIPPAGE = '1';

/** Percent text ("0.5") as basis points; throws a message in words. */
function slippageBps(text: string): number {
  const percent = Number(text);
  if (!Number.isFinite(percent) || percent < 0 || percent >= 100)
    throw new Error('Slippage: a percent from 0 to 99.99');
  return Math.round(percent * 100);
}

/** The shares/WETH Uniswap V2 pool: create or add to it, and swap either way with a live quote. */
export function PoolPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const hasPool = position.poolShares > 0n;
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
      {position.shares > 0n && <LiquidityForm position={position} refresh={refresh} hasPool={hasPool} />}
      {hasPool && position.state === 0 && <SwapForm position={position} refresh={refresh} />}
    </section>
  );
}

function LiquidityForm({
  position,
  refresh,
  hasPool,
}: {
  position: VaultPosition;
  refresh(): void;
  hasPool: boolean;
}) {
  const [shares, setShares] = useState('100');
  const [wei, setWei] = useState(formatEth(100n * position.offerPrice || 10n ** 16n, 18));
  const tx = useTx(refresh);
  return (
    <div>
      <label>
        Pool shares
        <input value={shares} onChange={(event) => setShares(event.target.value)} inputMode="decimal" />
      </label>
      <label>
        Pool ETH
        <input value={wei} onChange={(event) => setWei(event.target.value)} inputMode="decimal" />
      </label>
      <button
        type="button"
        disabled={tx.busy}
        onClick={() =>
          void tx.run(hasPool ? 'Adding to the pool' : 'Creating the pool', (chain, onPhase) =>
            chain.addLiquidity(
              position.vault,
              parseAmount(shares, 'Pool shares'),
              parseAmount(wei, 'Pool ETH'),
              slippageBps(DEFAULT_SLIPPAGE),
              onPhase,
            ),
          )
        }
      >
        {hasPool ? 'Add liquidity' : 'Create pool'}
      </button>
      <TxStatus view={tx.view} />
    </div>
  );
}

function SwapForm({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const app = useApp();
  const [side, setSide] = useState<SwapSide>('buy');
  const [amount, setAmount] = useState('0.001');
  const [slippage, setSlippage] = useState(DEFAULT_SLIPPAGE);
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
      <label>
        Slippage limit (%)
        <input value={slippage} onChange={(event) => setSlippage(event.target.value)} inputMode="decimal" />
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
