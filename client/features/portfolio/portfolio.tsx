import { lazy, Suspense, useEffect } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { VaultState, vaultClosed } from '../../../shared/vault-state.ts';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { quoteRemoval } from '../chain/swap-quote.ts';
import { holdingsReader, useChainRead } from '../chain/use-position.ts';
import { type TxAction, TxButton, TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatAmount } from '../wallet/format.ts';
import './portfolio.css';
import { WalletKey } from './wallet-key.tsx';

/** A vault's state in the position's row (none while shares trade). */
const STATE_TEXT: Record<number, string> = {
  [VaultState.Live]: 'auction',
  [VaultState.Ended]: 'bought out',
  [VaultState.Redeemed]: 'redeemed',
};
// cost, profit and the value chart read the market history and draw with uPlot: their own chunk
const PortfolioHistory = lazy(() =>
  import('./portfolio-history.tsx').catch(() => ({
    default: () => <p role="alert">Profit and loss could not load; reload the page.</p>,
  })),
);

/** Slippage limit of the portfolio's one-click pool exit, basis points (1 %). */
const EXIT_SLIPPAGE_BPS = 100;

/**
 * The player's holdings read from the chain, live: parcels owned, share positions (amount, % of
 * the parcel, value at the pool price), stakes, claimable ORE, refunds waiting in vaults and
 * pool tokens, including vaults the parcel has left (bought out, redeemed) while anything is left;
 * below them, from the market history, cost, profit and loss, rewards and the value over time.
 */
export function Portfolio({ onClose }: { onClose(): void }) {
  const app = useApp();
  const { value: holdings, error, refresh } = useChainRead(holdingsReader);
  const address = useAppStore(app.store, (state) => state.address);
  // the player travels (a parcel picked here, on the map, the minimap or the go-to box): the
  // overlay gives the world back
  useEffect(
    () =>
      app.store.subscribe((now, before) => {
        if (now.selectedId !== before.selectedId) onClose();
      }),
    [app, onClose],
  );

  return (
    <section className="panel portfolio" aria-label="Portfolio">
      <header>
        <h2>Portfolio</h2>
        <button type="button" aria-label="Close portfolio" onClick={onClose}>
          ×
        </button>
      </header>
      {error && <p role="alert">{error}</p>}
      {!holdings && !error && <p>Reading the chain…</p>}
      {holdings && (
        <>
          <p>
            ORE: <span data-testid="portfolio-ore">{formatAmount(holdings.ore)}</span>
          </p>
          <h3>Parcels</h3>
          {holdings.parcels.length === 0 ? (
            <p>None yet: pick an unclaimed parcel on the map and claim it.</p>
          ) : (
            <ul aria-label="Parcels owned">
              {holdings.parcels.map((id) => (
                <li key={id}>
                  <GoTo parcelId={id} />
                </li>
              ))}
            </ul>
          )}
          <h3>Shares</h3>
          {holdings.positions.length === 0 ? (
            <p>None yet: buy shares from a fractionalized parcel's offering or pool.</p>
          ) : (
            <div className="table-scroll">
              <table aria-label="Share positions">
                <thead>
                  <tr>
                    <th>Parcel</th>
                    <th>Shares</th>
                    <th>Of parcel</th>
                    <th>Value</th>
                    <th>Staked</th>
                    <th>ORE</th>
                    <th title="Offering proceeds (to the curator), outbid bids and overpaid ETH, waiting in the vault">
                      To withdraw
                    </th>
                    <th>In pool</th>
                    <th>Can do</th>
                  </tr>
                </thead>
                <tbody>
                  {holdings.positions.map((p) => (
                    <PositionRow key={p.vault} position={p} refresh={refresh} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {address && (
            <Suspense fallback={<p>Loading profit and loss…</p>}>
              <PortfolioHistory holder={address} positions={holdings.positions} />
            </Suspense>
          )}
        </>
      )}
      <WalletKey />
    </section>
  );
}

/** The parcel's coordinates; a click selects it and takes the avatar there. */
function GoTo({ parcelId }: { parcelId: number }) {
  const app = useApp();
  const coords = parcelCoords(parcelId);
  return (
    <button
      type="button"
      className="link"
      title="Show on the map"
      onClick={() => {
        app.view?.goTo(coords.x, coords.y); // the avatar goes there and the parcel is selected
      }}
    >
      {formatCoords(coords)}
    </button>
  );
}

function PositionRow({ position: p, refresh }: { position: VaultPosition; refresh(): void }) {
  const held = p.shares + p.staked;
  const percent = p.totalSupply === 0n ? 0 : Number((held * 10_000n) / p.totalSupply) / 100;
  const pooledShares = p.lpSupply === 0n ? 0n : (p.lp * p.poolShares) / p.lpSupply;
  const pooledWei = p.lpSupply === 0n ? 0n : (p.lp * p.poolWei) / p.lpSupply;
  return (
    <tr>
      <td>
        <GoTo parcelId={p.parcelId} />
        {p.state !== VaultState.Inactive && <span className="vault-state"> {STATE_TEXT[p.state] ?? ''}</span>}
      </td>
      <td>{formatAmount(held)}</td>
      <td>{percent} %</td>
      <td>{p.poolPrice > 0n ? `${formatAmount((held * p.poolPrice) / ONE_SHARE)} ETH` : '—'}</td>
      <td>{formatAmount(p.staked)}</td>
      <td>{formatAmount(p.earned)}</td>
      <td>{p.refunds > 0n ? `${formatAmount(p.refunds)} ETH` : '—'}</td>
      <td>{p.lp > 0n ? `${formatAmount(pooledShares)} + ${formatAmount(pooledWei)} ETH` : '—'}</td>
      <td>
        <PositionActions position={p} refresh={refresh} />
      </td>
    </tr>
  );
}

/**
 * What is left to do in a vault from the portfolio: take refunds and ORE anywhere; where the
 * parcel has left the vault (the inspector no longer shows it), unstake, leave the pool and cash
 * out. Trading and staking in an open vault stay in the parcel's inspector.
 */
function PositionActions({ position: p, refresh }: { position: VaultPosition; refresh(): void }) {
  const tx = useTx(refresh);
  const closed = vaultClosed(p.state);
  const vault = p.vault;
  const actions: { text: string; label: ActionLabel; action: TxAction }[] = [];
  if (p.refunds > 0n)
    actions.push({
      text: `Withdraw ${formatAmount(p.refunds)} ETH`,
      label: ActionLabel.withdrawPayments,
      action: (chain, onPhase) => chain.withdrawPayments(vault, onPhase),
    });
  if (p.earned > 0n)
    actions.push({
      text: 'Claim ORE',
      label: ActionLabel.claimRewards,
      action: (chain, onPhase) => chain.claimRewards(vault, onPhase),
    });
  if (closed && p.staked > 0n)
    actions.push({
      text: 'Unstake',
      label: ActionLabel.unstake,
      action: (chain, onPhase) => chain.withdraw(vault, p.staked, onPhase),
    });
  if (closed && p.lp > 0n)
    actions.push({
      text: 'Leave the pool',
      label: ActionLabel.removeLiquidity,
      action: (chain, onPhase) =>
        chain.removeLiquidity(
          vault,
          quoteRemoval(p.lp, p.lpSupply, p.poolShares, p.poolWei, EXIT_SLIPPAGE_BPS),
          onPhase,
        ),
    });
  if (p.state === VaultState.Ended && p.shares > 0n)
    actions.push({
      text: 'Cash out',
      label: ActionLabel.cash,
      action: (chain, onPhase) => chain.cash(vault, onPhase),
    });
  if (actions.length === 0 && tx.view.status === 'idle') return <>—</>;
  return (
    <div className="actions">
      {actions.map(({ text, label, action }) => (
        <TxButton key={label} tx={tx} label={label} action={action}>
          {text}
        </TxButton>
      ))}
      <TxStatus view={tx.view} />
    </div>
  );
}
