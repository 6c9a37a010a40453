import { type ReactNode, useCallback, useState } from 'react';
import type { ActionLabel } from '../../../shared/action-labels.ts';
import { useApp } from '../../app.ts';
import type { ChainActions, OnPhase, TxPhase, TxResult } from './chain-actions.ts';
import { chainActions } from './session.ts';

export interface TxView {
  /** 'idle' before anything ran; 'working' while simulating, sending or waiting for the block. */
  status: 'idle' | 'working' | 'confirmed' | 'failed';
  message: string;
}

/** A player action: its transactions over the chain actions, progress reported through `onPhase`. */
export type TxAction = (chain: ChainActions, onPhase: OnPhase) => Promise<TxResult<unknown>>;

export interface Tx {
  view: TxView;
  run(label: ActionLabel, action: TxAction): Promise<void>;
  /** An action of this tracker is under way: its buttons wait. */
  busy: boolean;
}

function phaseText(phase: TxPhase): string {
  return phase.phase === 'sending' ? `Sending ${phase.step}…` : `Pending: ${phase.step} waits for a block…`;
}

/**
 * Runs one player action at a time and tracks it: pending → confirmed (then `onDone`, to re-read
 * the chain), or failed with the contract's reason in words.
 */
export function useTx(onDone: () => void): Tx {
  const app = useApp();
  const [view, setView] = useState<TxView>({ status: 'idle', message: '' });
  const run = useCallback(
    async (label: ActionLabel, action: TxAction) => {
      const config = app.store.getState().config;
      if (!config) {
        setView({ status: 'failed', message: 'No chain: the game server is not reachable.' });
        return;
      }
      setView({ status: 'working', message: `${label}: checking…` });
      let result: TxResult<unknown>;
      try {
        const chain = await chainActions(config);
        result = await action(chain, (phase) => setView({ status: 'working', message: phaseText(phase) }));
      } catch (error) {
        result = { ok: false, message: `${label} failed: ${(error as Error).message ?? String(error)}` };
      }
      if (result.ok) setView({ status: 'confirmed', message: `${label}: confirmed.` });
      else setView({ status: 'failed', message: result.message });
      onDone();
    },
    [app, onDone],
  );
  return { view, run, busy: view.status === 'working' };
}

/** The running action's progress (a status) or its failure (an alert). */
export function TxStatus({ view }: { view: TxView }) {
  if (view.status === 'idle') return null;
  if (view.status === 'failed') return <p role="alert">{view.message}</p>;
  // a confirmation fades (stays readable, in place) so that it reads as done, not as news
  return (
    <p role="status" className={view.status === 'confirmed' ? 'tx-confirmed' : undefined}>
      {view.message}
    </p>
  );
}

interface TxButtonProps {
  /** The tracker the action runs under; its panel shows one TxStatus for all its buttons. */
  tx: Tx;
  /** What the status line calls the action while it runs and once it is done. */
  label: ActionLabel;
  /** Throws an Error in words on bad input: the status line shows it, nothing is sent. */
  action: TxAction;
  /** Why the action cannot run now (no quote yet, say); null or absent when it can. */
  blockedBy?: string | null;
  primary?: boolean;
  children: ReactNode;
}

/**
 * The button of one player action: disabled while its tracker is busy (the title says with what:
 * the phase text) or while the action is blocked (the title says why).
 */
export function TxButton({ tx, label, action, blockedBy = null, primary = false, children }: TxButtonProps) {
  const reason = tx.busy ? tx.view.message : blockedBy;
  return (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      disabled={reason !== null}
      title={reason ?? undefined}
      aria-busy={tx.busy}
      onClick={() => void tx.run(label, action)}
    >
      {children}
    </button>
  );
}

/** One button of a panel's row of actions: shown while `show` holds (default: always). */
export interface TxChoice {
  label: ActionLabel;
  text: ReactNode;
  action: TxAction;
  show?: boolean;
  /** Why it cannot run now (shown as its title, the button disabled); null or absent when it can. */
  blockedBy?: string | null;
}

/** A panel's row of action buttons under one tracker, in order, those not shown left out. */
export function TxButtons({ tx, choices }: { tx: Tx; choices: TxChoice[] }) {
  return (
    <div className="row">
      {choices
        .filter((choice) => choice.show !== false)
        .map((choice) => (
          <TxButton
            key={choice.label}
            tx={tx}
            label={choice.label}
            action={choice.action}
            blockedBy={choice.blockedBy}
          >
            {choice.text}
          </TxButton>
        ))}
    </div>
  );
}
