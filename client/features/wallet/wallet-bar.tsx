import { type ReactNode, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { useBarBottom } from '../../ui/bar-bottom.ts';
import { formatAmount, shortAddress } from './format.ts';
import './wallet.css';
import { NetworkPrompt, WalletPicker } from './wallet-picker.tsx';

/**
 * The wallet picker, address, ETH and ORE balances, parcels held, the network prompt, and the
 * connection to the game server; the Portfolio button opens `portfolio`, `tools` sit beside it.
 * `parcels` counts owned and co-owned parcels from the chain, given the parcels the room shows as
 * the player's (shown as they are without it); `ore` adds what the ORE is worth (a figure of
 * the list after the balance) given the balance. The layout composes them.
 */
export function WalletBar({
  portfolio,
  tools,
  parcels,
  ore,
}: {
  portfolio(close: () => void): ReactNode;
  tools?: ReactNode;
  parcels?(owned: number): ReactNode;
  ore?(oreWei: bigint | null): ReactNode;
}) {
  const app = useApp();
  const [address, balanceWei, oreWei, error, connection, connectionError, parcelsVersion] = useAppStore(
    app.store,
    useShallow(
      (state) =>
        [
          state.address,
          state.balanceWei,
          state.oreWei,
          state.walletError,
          state.connection,
          state.connectionError,
          state.parcelsVersion,
        ] as const,
    ),
  );
  // Counted when parcels change (not on every store update such as hover).
  // biome-ignore lint/correctness/useExhaustiveDependencies: parcelsVersion is the change signal of the mutable parcels map
  const holdings = useMemo(() => {
    if (!address) return 0;
    const me = address.toLowerCase();
    let held = 0;
    for (const parcel of app.store.getState().parcels.values()) if (parcel.owner.toLowerCase() === me) held++;
    return held;
  }, [app, address, parcelsVersion]);
  const [portfolioOpen, setPortfolioOpen] = useState(false);
  const bar = useRef<HTMLElement>(null);
  useBarBottom(bar);
  return (
    <section ref={bar} className="panel wallet-bar" aria-label="Wallet">
      <strong className="brand">Fracterra</strong>
      <span role="status" aria-label="Connection" className={`connection ${connection}`}>
        {connection === 'online'
          ? 'online'
          : connection === 'connecting'
            ? 'connecting…'
            : (connectionError ?? 'offline')}
      </span>
      <WalletPicker />
      {address && (
        <dl>
          <dt>Address</dt>
          <dd title={address}>{shortAddress(address)}</dd>
          <dt>Balance</dt>
          <dd>{balanceWei === null ? '…' : `${formatAmount(balanceWei)} ETH`}</dd>
          <dt>ORE</dt>
          <dd data-testid="wallet-ore">{oreWei === null ? '…' : formatAmount(oreWei)}</dd>
          {ore?.(oreWei)}
          <dt>Parcels</dt>
          <dd data-testid="wallet-parcels">{parcels ? parcels(holdings) : holdings}</dd>
        </dl>
      )}
      {address && (
        <button type="button" aria-expanded={portfolioOpen} onClick={() => setPortfolioOpen(!portfolioOpen)}>
          Portfolio
        </button>
      )}
      {tools}
      <NetworkPrompt />
      {error && <span role="alert">{error}</span>}
      {portfolioOpen && portfolio(() => setPortfolioOpen(false))}
    </section>
  );
}
