import { useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { parseAmount } from '../chain/amount.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { TxButton, TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatAmount } from '../wallet/format.ts';

/** The curator's primary offering: shares at a fixed price while the vault is open. */
export function OfferingPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const [amount, setAmount] = useState('10');
  const tx = useTx(refresh);
  if (position.state !== VaultState.Inactive || position.offered === 0n) return null;
  let cost: string;
  try {
    // rounded up like the vault's offerCost
    cost = `${formatAmount((parseAmount(amount, 'Shares') * position.offerPrice + ONE_SHARE - 1n) / ONE_SHARE, 6)} ETH`;
  } catch {
    cost = '—';
  }
  return (
    <section aria-label="Offering">
      <h3>Offering</h3>
      <p>
        {formatAmount(position.offered)} shares left at {formatAmount(position.offerPrice)} ETH each
      </p>
      <label>
        Shares to buy
        <input value={amount} onChange={(event) => setAmount(event.target.value)} inputMode="decimal" />
      </label>
      <p>Cost: {cost}</p>
      <TxButton
        tx={tx}
        label={ActionLabel.buyShares}
        primary
        action={(chain, onPhase) =>
          chain.buyShares(position.vault, parseAmount(amount, 'Shares to buy'), onPhase)
        }
      >
        Buy shares
      </TxButton>
      <TxStatus view={tx.view} />
    </section>
  );
}
