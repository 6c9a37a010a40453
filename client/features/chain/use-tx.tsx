import { useCallback, useState } from 'react';
import { useApp } from '../../app.ts';
import type { ChainActions, OnPhase, TxPhase, TxResult } from './chain-actions.ts';
import { chainActions } from './session.ts';

export interface TxView {
  /** 'idle' before anything ran; 'working' while simulating, sending or waiting for the block. */
  status: 'idle' | 'working' | 'confirmed' | 'failed';
  message: string;
}

function phaseText(phase: TxPhase): string {
  return phase.phase === 'sending' ? `Sending ${phase.step}…` : `Pending: ${phase.step} waits for a block…`;
}

/**
 * Runs one player action at a time and tracks it: pending → confirmed (then `onDone`, to re-read
 * the chain), or failed with the contract's reason in words.
 */
export function useTx(onDone: () => void) {
  const app = useApp();
  const [view, setView] = useState<TxView>({ status: 'idle', message: '' });
  const run = useCallback(
    async (label: string, action: (chain: ChainActions, onPhase: OnPhase) => Promise<TxResult<unknown>>) => {
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
  return <p role="status">{view.message}</p>;
}
