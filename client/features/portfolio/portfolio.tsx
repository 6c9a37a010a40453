import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { chainActions } from '../chain/session.ts';
import { formatEth } from '../wallet/format.ts';
import './portfolio.css';
import { WalletKey } from './wallet-key.tsx';

/** How often the open portfolio re-reads the chain, ms. */
const PORTFOLIO_POLL_MS = 5_000;
const ONE_SHARE = 10n ** 18n;

interface Holdings {
  parcels: number[];
  positions: VaultPosition[];
  ore: bigint;
}

/**
 * The player's holdings read from the chain: parcels owned, share positions (amount, % of the
 * parcel, value at the pool price), stakes, claimable ORE and refunds waiting in vaults.
 */
export function Portfolio({ onClose }: { onClose(): void }) {
  const app = useApp();
  const [address, parcelsVersion] = useAppStore(
    app.store,
    useShallow((state) => [state.address, state.parcelsVersion]),
  );
  const [holdings, setHoldings] = useState<Holdings | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: parcelsVersion is the room's change signal
  useEffect(() => {
    const { config } = app.store.getState();
    if (!config || !address) return;
    let live = true;
    const read = async () => {
      try {
        const chain = await chainActions(config);
        const me = address.toLowerCase();
        const parcels: number[] = [];
        const vaults: string[] = [];
        for (const parcel of app.store.getState().parcels.values()) {
          if (parcel.owner.toLowerCase() === me) parcels.push(parcel.id);
          if (parcel.vault) vaults.push(parcel.vault);
        }
        const [positions, ore] = await Promise.all([
          Promise.all(vaults.map((vault) => chain.position(vault, address))),
          chain.oreBalance(address),
        ]);
        const held = positions.filter((p) => p.shares + p.staked + p.earned + p.refunds > 0n);
        if (live) {
          setHoldings({ parcels, positions: held, ore });
          setError(null);
        }
      } catch {
        if (live) setError('The chain does not answer; showing the last figures.');
      }
    };
    void read();
    const timer = setInterval(read, PORTFOLIO_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [app, address, parcelsVersion]);

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
            ORE: <span data-testid="portfolio-ore">{formatEth(holdings.ore, 6)}</span>
          </p>
          <h3>Parcels</h3>
          {holdings.parcels.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <ul aria-label="Parcels owned">
              {holdings.parcels.map((id) => (
                <li key={id}>{formatCoords(parcelCoords(id))}</li>
              ))}
            </ul>
          )}
          <h3>Shares</h3>
          {holdings.positions.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <table aria-label="Share positions">
              <thead>
                <tr>
                  <th>Parcel</th>
                  <th>Shares</th>
                  <th>Of parcel</th>
                  <th>Value</th>
                  <th>Staked</th>
                  <th>ORE</th>
                  <th>Refunds</th>
                </tr>
              </thead>
              <tbody>
                {holdings.positions.map((p) => {
                  const total = p.shares + p.staked;
                  const percent = p.totalSupply === 0n ? 0 : Number((total * 10_000n) / p.totalSupply) / 100;
                  return (
                    <tr key={p.vault}>
                      <td>{formatCoords(parcelCoords(p.parcelId))}</td>
                      <td>{formatEth(total)}</td>
                      <td>{percent} %</td>
                      <td>
                        {p.poolPrice > 0n ? `${formatEth((total * p.poolPrice) / ONE_SHARE, 6)} ETH` : '—'}
                      </td>
                      <td>{formatEth(p.staked)}</td>
                      <td>{formatEth(p.earned, 6)}</td>
                      <td>{formatEth(p.refunds, 6)} ETH</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
      <WalletKey />
    </section>
  );
}
