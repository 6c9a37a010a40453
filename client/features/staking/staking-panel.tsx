import { useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { vaultClosed } from '../../../shared/vault-state.ts';
import { parseAmount } from '../chain/amount.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { TxButtons, TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatAmount } from '../wallet/format.ts';
import { describeStream } from './reward-stream.ts';

/**
 * Stake this parcel's shares to earn the parcel's half of every ORE solution mined on it, streamed
 * over the reward period (the panel shows the live rate, read from ParcelStaking).
 */
export function StakingPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const [amount, setAmount] = useState('10');
  const tx = useTx(refresh);
  // kept while its last action's line shows: the player's last unstake says it was confirmed
  if (position.shares === 0n && position.staked === 0n && position.earned === 0n && tx.view.status === 'idle')
    return null;
  const vault = position.vault;
  const stream = describeStream(position.stream, position.staked);
  return (
    <section aria-label="Staking">
      <h3>Staking</h3>
      <dl>
        <dt>Staked</dt>
        <dd data-testid="staked">{formatAmount(position.staked)} shares</dd>
        <dt>Rewards</dt>
        <dd data-testid="earned">{formatAmount(position.earned)} ORE</dd>
        <dt>Stream</dt>
        <dd data-testid="stream">
          {stream.pool}
          {stream.mine && <span data-testid="my-rate">. {stream.mine}</span>}
        </dd>
      </dl>
      <label>
        Shares to stake or withdraw
        <input value={amount} onChange={(event) => setAmount(event.target.value)} inputMode="decimal" />
      </label>
      <TxButtons
        tx={tx}
        choices={[
          // a closed vault (the parcel left it) streams no rewards: stakes only come out
          {
            label: ActionLabel.stake,
            text: 'Stake',
            show: !vaultClosed(position.state),
            action: (chain, onPhase) => chain.stake(vault, parseAmount(amount, 'Shares'), onPhase),
          },
          {
            label: ActionLabel.unstake,
            text: 'Withdraw',
            action: (chain, onPhase) => chain.withdraw(vault, parseAmount(amount, 'Shares'), onPhase),
          },
          {
            label: ActionLabel.claimRewards,
            text: 'Claim rewards',
            action: (chain, onPhase) => chain.claimRewards(vault, onPhase),
          },
        ]}
      />
      <TxStatus view={tx.view} />
    </section>
  );
}
