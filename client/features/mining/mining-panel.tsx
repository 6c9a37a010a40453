import { useShallow } from 'zustand/react/shallow';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { formatAmount } from '../wallet/format.ts'; // ORE has 18 decimals, like ETH
import type { MiningController } from './mining-controller.ts';

const STATUS_TEXT = {
  off: 'Off',
  waiting: 'Waiting for a job…',
  mining: 'Mining',
  paused: 'Paused while the tab is hidden',
} as const;

const rate = (hashesPerSecond: number) => `${Math.round(hashesPerSecond).toLocaleString('en')} H/s`;

/**
 * Mining: off until the player starts it on a parcel with a rig; threads, throttle, the live
 * hash rate (here and as the server credits it), work shares, solutions and ORE earned.
 */
export function MiningPanel({ controller }: { controller: MiningController }) {
  const app = useApp();
  const [mining, selectedId, selectedRig, signedIn] = useAppStore(
    app.store,
    useShallow((state) => [
      state.mining,
      state.selectedId,
      state.selectedId === null ? 0 : (state.parcels.get(state.selectedId)?.rigLevel ?? 0),
      state.address !== null,
    ]),
  );
  const maxThreads = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
  const on = mining.parcelId !== null;
  const canStart = !on && selectedId !== null && selectedRig > 0 && signedIn;
  if (!on && (selectedId === null || selectedRig === 0)) return null;

  return (
    <section className="panel mining" aria-labelledby="mining-heading">
      <h2 id="mining-heading">Mining</h2>
      <p role="status" aria-label="Mining status">
        {STATUS_TEXT[mining.status]}
        {on && ` on ${formatCoords(parcelCoords(mining.parcelId as number))}`}
      </p>
      {on ? (
        <button type="button" onClick={() => void controller.stop()}>
          Stop mining
        </button>
      ) : (
        <button type="button" disabled={!canStart} onClick={() => controller.start(selectedId as number)}>
          Start mining here
        </button>
      )}
      {!signedIn && <p>Sign in with a wallet to mine.</p>}
      <label>
        Threads
        <input
          type="number"
          min={1}
          max={maxThreads}
          value={mining.threads}
          onChange={(event) => {
            const threads = Math.min(maxThreads, Math.max(1, Math.round(Number(event.target.value)) || 1));
            void controller.setThreads(threads);
          }}
        />
      </label>
      <label>
        Throttle {Math.round(mining.throttle * 100)}%
        <input
          type="range"
          min={0}
          max={100}
          value={Math.round(mining.throttle * 100)}
          onChange={(event) => void controller.setThrottle(Number(event.target.value) / 100)}
        />
      </label>
      <dl>
        <dt>Hash rate here</dt>
        <dd data-testid="local-hash-rate">{rate(mining.localHashRate)}</dd>
        <dt>Credited by the server</dt>
        <dd data-testid="credited-hash-rate">{rate(mining.creditedHashRate)}</dd>
        <dt>Work shares</dt>
        <dd data-testid="work-shares">
          {mining.accepted} accepted, {mining.rejected} refused, {mining.unsent} not sent
        </dd>
        <dt>Solutions</dt>
        <dd data-testid="solutions">
          {mining.solutions}
          {mining.submitting && ' (one more being sent to the chain)'}
        </dd>
        <dt>ORE earned</dt>
        <dd data-testid="ore-earned">{formatAmount(mining.oreEarned)}</dd>
      </dl>
      {mining.message && <p role="alert">{mining.message}</p>}
    </section>
  );
}
