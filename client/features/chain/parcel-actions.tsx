import { useEffect, useState } from 'react';
import type { ParcelView } from '../../../shared/state.ts';
import { useApp } from '../../app.ts';
import { BuyoutPanel } from '../buyout/buyout-panel.tsx';
import { StakingPanel } from '../staking/staking-panel.tsx';
import { FractionalizeForm } from '../trade/fractionalize-form.tsx';
import { OfferingPanel } from '../trade/offering-panel.tsx';
import { PoolPanel } from '../trade/pool-panel.tsx';
import { holdsAnything } from './holds-anything.ts';
import './parcel-actions.css';
import { chainActions } from './session.ts';
import { useVaultPosition } from './use-position.ts';
import { TxStatus, useTx } from './use-tx.tsx';

/** What the player can do with a claimed parcel, under the inspector's facts. */
export function ParcelActions({ parcel, mine }: { parcel: ParcelView; mine: boolean }) {
  const vault = parcel.vault || null;
  const { position, error, refresh } = useVaultPosition(vault);
  return (
    <div className="parcel-actions">
      {mine && !vault && <FractionalizeForm parcelId={parcel.id} />}
      {!vault && <PastVault parcelId={parcel.id} />}
      {vault && error && <p role="alert">{error}</p>}
      {vault && !position && !error && <p>Reading the vault from the chain…</p>}
      {vault && position && (
        <>
          <OfferingPanel position={position} refresh={refresh} />
          <PoolPanel position={position} refresh={refresh} />
          <StakingPanel position={position} refresh={refresh} />
          <BuyoutPanel position={position} refresh={refresh} />
        </>
      )}
      <RigPanel parcel={parcel} />
    </div>
  );
}

/**
 * A vault the parcel left (bought out or redeemed): the room no longer names it, the chain does.
 * Shown while this player has anything left there: shares to cash, a stake, ORE, refunds, pool tokens.
 */
function PastVault({ parcelId }: { parcelId: number }) {
  const app = useApp();
  const [vault, setVault] = useState<string | null>(null);
  useEffect(() => {
    const config = app.store.getState().config;
    if (!config) return;
    let live = true;
    chainActions(config)
      .then((chain) => chain.vaultOf(parcelId))
      .then(
        (found) => live && setVault(found),
        () => undefined, // the chain is away: nothing to offer until the parcel is shown again
      );
    return () => {
      live = false;
    };
  }, [app, parcelId]);
  const { position, refresh } = useVaultPosition(vault);
  if (!position || !holdsAnything(position)) return null;
  return (
    <>
      <PoolPanel position={position} refresh={refresh} />
      <StakingPanel position={position} refresh={refresh} />
      <BuyoutPanel position={position} refresh={refresh} />
    </>
  );
}

/** Burns ORE to raise the rig a level (anyone may build on any claimed parcel). */
function RigPanel({ parcel }: { parcel: ParcelView }) {
  const tx = useTx(() => undefined);
  return (
    <section aria-label="Rig">
      <h3>Rig</h3>
      <button
        type="button"
        disabled={tx.busy}
        onClick={() => void tx.run('Building a rig', (chain, onPhase) => chain.buildRig(parcel.id, onPhase))}
      >
        Build rig level {parcel.rigLevel + 1}
      </button>
      <TxStatus view={tx.view} />
    </section>
  );
}
