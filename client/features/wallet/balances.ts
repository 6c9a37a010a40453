import { createRefresher, type Refresher } from '../net/chain-refresh.ts';
import type { WalletCore } from './wallet-core.ts';

/** Blocks the room reports within this many ms are answered by one read of the bar's balances. */
const BALANCE_GATHER_MS = 250;

/**
 * The open account's ETH and ORE in the store. They move only in blocks: re-read as the room
 * indexes new ones (and when the core asks, after the player's own change), never on a timer.
 */
export function followBalances(core: WalletCore): Refresher {
  const balances = createRefresher(() => readBalances(core), BALANCE_GATHER_MS);
  core.store.subscribe((now, before) => {
    if (now.indexedBlock !== before.indexedBlock && core.current) balances.signal();
  });
  return balances;
}

async function readBalances(core: WalletCore): Promise<void> {
  const opened = core.current;
  if (!opened) return;
  try {
    const { lib } = await core.load();
    const { eth, ore } = await lib.balances(opened.account, core.config);
    if (core.current === opened) core.store.getState().setBalance(eth, ore);
  } catch {
    // the chain is away for a moment: the bar keeps the last balance, the next block retries
  }
}
