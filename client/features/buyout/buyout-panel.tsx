import { useCallback, useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { VaultState, vaultClosed } from '../../../shared/vault-state.ts';
import { countdown, useNow } from '../../ui/clock.ts';
import { parseAmount } from '../chain/amount.ts';
import type { VaultPosition } from '../chain/chain-actions.ts';
import { TxButton, TxButtons, TxStatus, useTx } from '../chain/use-tx.tsx';
import { amountInput, formatAmount, shortAddress } from '../wallet/format.ts';

const { Inactive: OPEN, Live: LIVE } = VaultState;
/** Each bid beats the last by at least this, percent (ShareVault.MIN_BID_INCREASE_PERCENT). */
const MIN_BID_INCREASE_PERCENT = 105n;
/** A buyout needs votes from this share of supply, percent (ShareVault.QUORUM_PERCENT). */
const QUORUM_PERCENT = 25;

/** Unix seconds as the player's local "HH:MM". */
function clockTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Reserve votes, the buyout auction (start, bid, countdown, end), cash-out, redeem and refunds. */
export function BuyoutPanel({ position, refresh }: { position: VaultPosition; refresh(): void }) {
  // what the player typed; null: the live default (the reserve, the least next bid), which
  // follows the chain as others vote and bid
  const [vote, setVote] = useState<string | null>(null);
  const [bid, setBid] = useState<string | null>(null);
  const tx = useTx(
    useCallback(() => {
      setVote(null);
      setBid(null);
      refresh();
    }, [refresh]),
  );
  const minBid =
    position.state === LIVE
      ? (position.livePrice * MIN_BID_INCREASE_PERCENT + 99n) / 100n
      : position.reservePrice;
  // nobody votes (reserve 0): the lowest vote allowed
  const voteText =
    vote ??
    (position.reservePrice ? amountInput(position.reservePrice) : amountInput(position.voteMin, 'up'));
  const bidText = bid ?? amountInput(minBid, 'up');
  const now = useNow(position.state === LIVE);
  const vault = position.vault;
  const holder = position.shares > 0n;
  // staked shares keep their owner's vote
  const voter = holder || position.staked > 0n;
  // a bid this close to the end pushes the end back by the extension
  const extendsTo =
    position.state === LIVE && position.auctionEnd - now / 1000 <= position.auctionExtension
      ? position.auctionEnd + position.auctionExtension
      : null;
  // the auction still takes bids: it cannot be ended, nor its proceeds cashed
  const running = position.state === LIVE && now / 1000 < position.auctionEnd;
  const runningReason = running
    ? `The auction runs until ${clockTime(position.auctionEnd)}: it can be ended, and shares cashed, after that`
    : null;
  const all = position.totalSupply > 0n && position.shares === position.totalSupply;
  const votingPercent =
    position.totalSupply === 0n ? 0 : Number((position.votingTokens * 10_000n) / position.totalSupply) / 100;

  return (
    <section aria-label="Buyout">
      <h3>Buyout</h3>
      <dl>
        {/* votes count only until a buyout starts (later transfers and burns leave them be) */}
        {!vaultClosed(position.state) && (
          <>
            <dt>Reserve price</dt>
            <dd data-testid="reserve-price">{formatAmount(position.reservePrice)} ETH</dd>
            <dt>Voting</dt>
            <dd>
              {votingPercent} % of shares (a buyout needs {QUORUM_PERCENT} %)
            </dd>
          </>
        )}
        {position.state === OPEN && (
          <>
            <dt>Votes allowed</dt>
            <dd data-testid="vote-range">
              {formatAmount(position.voteMin)} to {formatAmount(position.voteMax)} ETH
            </dd>
            <dt>Valuation floor</dt>
            <dd>{formatAmount(position.valuation)} ETH (all shares at the offering price)</dd>
          </>
        )}
        {position.state === LIVE && (
          <>
            <dt>Highest bid</dt>
            <dd data-testid="live-price">
              {formatAmount(position.livePrice)} ETH by {shortAddress(position.winner)}
            </dd>
            <dt>Ends in</dt>
            <dd data-testid="auction-countdown">{countdown(position.auctionEnd, now)}</dd>
          </>
        )}
        {vaultClosed(position.state) && (
          <>
            <dt>Outcome</dt>
            <dd>
              {position.state === VaultState.Ended
                ? `bought out by ${shortAddress(position.winner)}`
                : 'redeemed'}
            </dd>
          </>
        )}
      </dl>
      {position.state === OPEN && (
        <p data-testid="vote-rules">
          A reserve vote weighs as many shares as the voter holds and has staked
          {voter ? ` (yours: ${formatAmount(position.shares + position.staked)} shares)` : ''}; the reserve is
          the votes' share-weighted average. Votes count from the block after they are cast. Staked shares
          keep their owner's vote and earn ORE, but must be unstaked to be sold, pooled or cashed; shares in
          the Uniswap pool do not vote.
        </p>
      )}
      {position.state === OPEN && voter && (
        <div className="row">
          <label>
            Reserve vote (ETH)
            <input value={voteText} onChange={(event) => setVote(event.target.value)} inputMode="decimal" />
          </label>
          <TxButton
            tx={tx}
            label={ActionLabel.vote}
            action={(chain, onPhase) =>
              chain.voteReserve(vault, parseAmount(voteText, 'Reserve vote'), onPhase)
            }
          >
            Vote
          </TxButton>
        </div>
      )}
      {!vaultClosed(position.state) && (
        <div className="row">
          <label>
            Bid (ETH)
            <input value={bidText} onChange={(event) => setBid(event.target.value)} inputMode="decimal" />
          </label>
          {position.state === OPEN ? (
            <TxButton
              tx={tx}
              label={ActionLabel.startBuyout}
              primary
              action={(chain, onPhase) => chain.startBuyout(vault, parseAmount(bidText, 'Bid'), onPhase)}
            >
              Start buyout
            </TxButton>
          ) : (
            <TxButton
              tx={tx}
              label={ActionLabel.bid}
              primary
              action={(chain, onPhase) => chain.bid(vault, parseAmount(bidText, 'Bid'), onPhase)}
            >
              Bid
            </TxButton>
          )}
        </div>
      )}
      {runningReason !== null && <p data-testid="auction-rules">{runningReason}.</p>}
      {position.state === LIVE && (
        <p data-testid="bid-extends">
          {extendsTo !== null
            ? `This bid extends the auction to ${clockTime(extendsTo)}.`
            : `A bid in the auction's last ${countdown(position.auctionExtension, 0)} (m:ss) pushes its end back by that much.`}
        </p>
      )}
      <TxButtons
        tx={tx}
        choices={[
          {
            label: ActionLabel.endBuyout,
            text: 'End auction',
            show: position.state === LIVE,
            blockedBy: runningReason,
            action: (chain, onPhase) => chain.endBuyout(vault, onPhase),
          },
          {
            label: ActionLabel.cash,
            text: 'Cash out',
            show: position.state !== OPEN && holder,
            blockedBy:
              position.state === LIVE
                ? (runningReason ?? 'End the auction first: then shares cash out')
                : null,
            action: (chain, onPhase) => chain.cash(vault, onPhase),
          },
          {
            label: ActionLabel.redeem,
            text: 'Redeem parcel',
            show: position.state === OPEN && all,
            action: (chain, onPhase) => chain.redeem(vault, onPhase),
          },
          {
            label: ActionLabel.withdrawPayments,
            text: `Withdraw ${formatAmount(position.refunds)} ETH`,
            show: position.refunds > 0n,
            action: (chain, onPhase) => chain.withdrawPayments(vault, onPhase),
          },
        ]}
      />
      <TxStatus view={tx.view} />
    </section>
  );
}
