import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ParcelView } from '../../../shared/state.ts';
import { describeStyle } from '../../../shared/structure-styles.ts';
import { claimPriceWei, formatCoords, ParcelStatus, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { countdown, useNow } from '../../ui/clock.ts';
import { formatAmount, shortAddress } from '../wallet/format.ts';
import './parcel-actions.css';
import { ownershipLine } from './ownership.ts';
import { STATUS_TEXT } from './status-text.ts';
import { useCapTable } from './use-cap-table.ts';

/**
 * The selected parcel: where it is, who owns it, what it costs, its rig; Claim when unclaimed.
 * Under the facts of a claimed parcel, `actions`: what the player can do with it (the layout
 * composes the trade, staking, buyout and rig panels there); under those, `story`: the parcel's
 * story (shown to guests too).
 */
export function ParcelInspector({
  actions,
  story,
}: {
  actions(parcel: ParcelView, mine: boolean): ReactNode;
  story(parcel: ParcelView): ReactNode;
}) {
  const app = useApp();
  const [selectedId, parcel, address, claim, canTransact] = useAppStore(
    app.store,
    useShallow((state) => [
      state.selectedId,
      state.selectedId === null ? undefined : state.parcels.get(state.selectedId),
      state.address,
      state.claim,
      state.config !== null,
    ]),
  );
  const now = useNow(parcel?.status === ParcelStatus.Buyout);
  const holders = useCapTable(parcel?.vault ? parcel.id : null);
  if (selectedId === null) return null;

  const coords = parcelCoords(selectedId);
  const status = parcel?.status ?? ParcelStatus.Unclaimed;
  const mine = !!parcel && !!address && parcel.owner.toLowerCase() === address.toLowerCase();
  // "Claimed: the parcel is yours." holds only while it is (not once fractionalized or sold)
  const claimHere =
    claim.parcelId === selectedId && (claim.phase !== 'claimed' || status === ParcelStatus.Owned)
      ? claim
      : null;
  const headingId = 'inspector-heading';

  return (
    <aside className="panel inspector" aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>Parcel {formatCoords(coords)}</h2>
        <button type="button" aria-label="Close inspector" onClick={() => app.store.getState().select(null)}>
          ×
        </button>
      </header>
      <dl>
        <dt>Parcel id</dt>
        <dd>{selectedId}</dd>
        <dt>Status</dt>
        <dd data-testid="parcel-status">{STATUS_TEXT[status]}</dd>
        {parcel && !parcel.vault && (
          <>
            <dt>Owner</dt>
            <dd title={parcel.owner}>{mine ? 'you' : shortAddress(parcel.owner)}</dd>
          </>
        )}
        {parcel?.vault && (
          <>
            <dt>Owners</dt>
            <dd data-testid="parcel-owners">{holders ? ownershipLine(holders, address) : 'Co-owned'}</dd>
            <dt>Share vault</dt>
            <dd title={parcel.vault}>{shortAddress(parcel.vault)}</dd>
            <dt>Staked</dt>
            {/* the room's running total (the indexer follows Staked/Withdrawn): no chain read */}
            <dd data-testid="parcel-staked">{formatAmount(BigInt(parcel.staked || '0'))} shares</dd>
          </>
        )}
        {parcel && (
          <>
            <dt>Style</dt>
            <dd data-testid="parcel-style">
              {describeStyle(parcel)}
              {parcel.styleVoteEnd ? ' (co-owners are voting on a new one)' : ''}
            </dd>
          </>
        )}
        {status === ParcelStatus.Unclaimed && (
          <>
            <dt>Price</dt>
            <dd>{formatAmount(claimPriceWei(coords.x, coords.y))} ETH</dd>
          </>
        )}
        {parcel && parcel.rigLevel > 0 && (
          <>
            <dt>Rig level</dt>
            <dd>{parcel.rigLevel}</dd>
            <dt>Hash rate</dt>
            <dd>{Math.round(parcel.hashRate).toLocaleString('en')} H/s</dd>
          </>
        )}
        {parcel?.status === ParcelStatus.Buyout && (
          <>
            <dt>Auction ends in</dt>
            <dd>{countdown(parcel.auctionEnd, now)}</dd>
          </>
        )}
      </dl>
      {status === ParcelStatus.Unclaimed && (
        <button
          type="button"
          className="primary"
          disabled={!canTransact || claimHere?.phase === 'pending'}
          onClick={() => void app.actions.claim(selectedId)}
        >
          Claim
        </button>
      )}
      {claimHere && claimHere.phase !== 'failed' && claimHere.message && (
        <p role="status">{claimHere.message}</p>
      )}
      {claimHere?.phase === 'failed' && <p role="alert">{claimHere.message}</p>}
      {parcel && canTransact && <div className="parcel-actions">{actions(parcel, mine)}</div>}
      {parcel && story(parcel)}
    </aside>
  );
}
