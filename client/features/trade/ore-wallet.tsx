import { useEffect, useState } from 'react';
import { ONE_ORE } from '../../../shared/units.ts';
import { useApp } from '../../app.ts';
import { chainActions } from '../chain/session.ts';
import { TxStatus, useTx } from '../chain/use-tx.tsx';
import { followIndexedBlocks } from '../net/chain-refresh.ts';
import { formatAmount } from '../wallet/format.ts';
import { DEFAULT_SLIPPAGE_PERCENT } from './pool-terms.ts';
import { SwapForm } from './swap-form.tsx';

/** Signals of new blocks gathered this long into one price read, ms. */
const GATHER_MS = 1_000;
/** Where an ORE swap starts: a thousandth of an ETH in, or one ORE out (a small share of the seeded pool). */
const ORE_SWAP_ETH = '0.001';
const ORE_SWAP_ORE = '1';

/** ORE's price from the ORE/WETH pool, read now and after new blocks (and after `version` changes). */
interface OrePrice {
  /** Wei per ORE; null while there is no pool (or before the first read: `read` false). */
  priceWei: bigint | null;
  read: boolean;
  /** The quote's change signal. */
  reserves: string;
  error: string | null;
}

function useOrePrice(version: number): OrePrice {
  const app = useApp();
  const [state, setState] = useState<OrePrice>({ priceWei: null, read: false, reserves: '', error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the player's own swap, a read now
  useEffect(() => {
    let live = true;
    const stop = followIndexedBlocks(
      app.store,
      async () => {
        const config = app.store.getState().config;
        if (!config) return;
        try {
          const priceWei = await (await chainActions(config)).orePriceWei();
          if (live) setState({ priceWei, read: true, reserves: String(priceWei), error: null });
        } catch (failure) {
          if (live) setState((last) => ({ ...last, error: (failure as Error).message }));
        }
      },
      GATHER_MS,
    );
    return () => {
      live = false;
      stop();
    };
  }, [app, version]);
  return state;
}

/**
 * ORE's worth in the wallet bar: the player's ORE valued at the ORE/WETH pool's price, and a swap
 * of ORE for ETH either way through that pool (the share pools' quote, with its price-impact
 * warnings). No pool: ORE has no price, and it says so.
 */
export function OreWallet({ oreWei }: { oreWei: bigint | null }) {
  const [version, setVersion] = useState(0);
  const { priceWei, read, reserves, error } = useOrePrice(version);
  const [open, setOpen] = useState(false);
  const [slippage, setSlippage] = useState(DEFAULT_SLIPPAGE_PERCENT);
  const tx = useTx(() => setVersion((v) => v + 1));
  const config = useApp().store.getState().config;
  const price = priceWei === null ? null : `1 ORE = ${formatAmount(priceWei, 6)} ETH`;
  // one more figure beside the balance (no term of its own: the wallet bar stays one line at 1280 px)
  return (
    <dd
      data-testid="wallet-ore-value"
      title={price ? `ORE's value at the ORE/WETH pool: ${price}` : undefined}
    >
      {error
        ? `ORE value unknown (${error})`
        : read && priceWei === null
          ? 'no ORE/WETH pool yet'
          : priceWei === null || oreWei === null
            ? '…'
            : `≈ ${formatAmount((oreWei * priceWei) / ONE_ORE, 3)} ETH`}{' '}
      {priceWei !== null && config && (
        <button
          type="button"
          aria-label="Swap ORE"
          title="Swap ORE for ETH or back"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          ⇄
        </button>
      )}
      {open && config && (
        <section className="panel ore-swap" aria-label="ORE swap">
          <p>{price} in the ORE/WETH pool</p>
          <label>
            Slippage limit (%)
            <input
              value={slippage}
              onChange={(event) => setSlippage(event.target.value)}
              inputMode="decimal"
            />
          </label>
          <SwapForm
            tx={tx}
            slippage={slippage}
            token={config.deployment.addresses.OreToken}
            unit="ORE"
            reserves={reserves}
            defaultAmount={(side) => (side === 'buy' ? ORE_SWAP_ETH : ORE_SWAP_ORE)}
            swap={(chain, side, quote, onPhase) => chain.swapOre(side, quote, onPhase)}
          />
          <TxStatus view={tx.view} />
        </section>
      )}
    </dd>
  );
}
