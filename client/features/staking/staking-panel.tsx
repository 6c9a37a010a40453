import { useState } from 'react';
import { parseAmount } from '../chain/amount.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatEth } from '../wallet/format.ts';
import { describeStream } from './reward-stream.ts';

/** ShareVault.State from Ended (bought out, then redeemed) on: the parcel left the vault, rewards stopped, stakes only come out. */
const LEFT_VAULT = 2;

/**
 * Stake this parcel's shares to earn the parcel's half of every ORE solution mined on it, streamed
 * over the reward period (the panel shows the live rate, read from ParcelStaking).
 */
export function StakingPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  const [amount, setAmount] = useState('10');
  const tx = useTx(refresh);
  if (position.shares === 0n && position.staked === 0n && position.earned === 0n) return null;
  const vault = position.vault;
  const stream = describeStream(position.stream, position.staked);
  return (
    <section aria-label="Staking">
      <h3>Staking</h3>
      <dl>
        <dt>Staked</dt>
        <dd data-testid="staked">{formatEth(position.staked)} shares</dd>
        <dt>Rewards</dt>
        <dd data-testid="earned">{formatEth(position.earned, 6)} ORE</dd>
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
      <div className="row">
        {position.state < LEFT_VAULT && (
          <button
            type="button"
            disabled={tx.busy}
            onClick={() =>
              void tx.run('Staking', (chain, onPhase) =>
                chain.stake(vault, parseAmount(amount, 'Shares'), onPhase),
              )
            }
          >
            Stake
          </button>
        )}
        <button
          type="button"
          disabled={tx.busy}
          onClick={() =>
            void tx.run('Unstaking', (chain, onPhase) =>
              chain.withdraw(vault, parseAmount(amount, 'Shares'), onPhase),
            )
          }
        >
          Withdraw
        </button>
        <button
          type="button"
          disabled={tx.busy}
          onClick={() =>
            void tx.run('Claiming rewards', (chain, onPhase) => chain.claimRewards(vault, onPhase))
          }
        >
          Claim rewards
        </button>
      </div>
      <TxStatus view={tx.view} />
    </section>
  );
}
