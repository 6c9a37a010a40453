import { ActionLabel } from '../../../shared/action-labels.ts';
import type { ChainCore, OnPhase } from './chain-core.ts';

/**
 * A vault's way out: reserve votes, the buyout auction and its cash-out, refunds, and redeeming
 * the parcel with every share.
 */
export function buyoutActions({ signer, send, run, sendOnly, chainTimeReaches, vaultAt }: ChainCore) {
  return {
    /** Votes `price` wei for the whole parcel (0 withdraws the vote). */
    voteReserve: (vault: string, price: bigint, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.vote, 'vote', vaultAt(vault).updateUserPrice, [price], onPhase),

    startBuyout: (vault: string, bidWei: bigint, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.startBuyout, 'start buyout', vaultAt(vault).start, [], onPhase, { value: bidWei }),

    bid: (vault: string, bidWei: bigint, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.bid, 'bid', vaultAt(vault).bid, [], onPhase, { value: bidWei }),

    /** Ends the auction once the chain's clock has passed its end (waiting a moment if it trails). */
    endBuyout: (vault: string, onPhase?: OnPhase) =>
      run(ActionLabel.endBuyout, async () => {
        const contract = vaultAt(vault);
        await chainTimeReaches(Number(await contract.auctionEnd()));
        const { txHash } = await send('end auction', contract.end, [], onPhase);
        return { txHash, value: undefined };
      }),

    /** Burns all the holder's shares for their part of the winning bid. */
    cash: (vault: string, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.cash, 'cash out', vaultAt(vault).cash, [], onPhase),

    /** Takes what the vault owes this wallet (refunds of outbid bids, offering proceeds). */
    withdrawPayments: (vault: string, onPhase?: OnPhase) =>
      run(ActionLabel.withdrawPayments, async () => {
        const me = await signer.getAddress();
        const { txHash } = await send('withdraw payments', vaultAt(vault).withdrawPayments, [me], onPhase);
        return { txHash, value: undefined };
      }),

    redeem: (vault: string, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.redeem, 'redeem', vaultAt(vault).redeem, [], onPhase),
  };
}
