import { ActionLabel } from '../../../shared/action-labels.ts';
import { landRegistryAbi, shareVaultAbi } from '../../../shared/contracts.ts';
import { isKnownStyle } from '../../../shared/structure-styles.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import type { ChainCore, OnPhase } from './chain-core.ts';

/** A co-owned parcel's style vote as the chain has it now, and where the reader stands in it. */
export interface StyleVoteView {
  /** 1, 2, … of the open or last proposal; 0 before the first. */
  proposal: number;
  style: number;
  palette: number;
  /** Unix seconds when voting closes (closed, settled or not, once the chain's clock reaches it). */
  deadline: number;
  /** Counted (and applied when passed). */
  settled: boolean;
  /** Weight for and against now, share units. */
  yes: bigint;
  no: bigint;
  /** Weight a proposal needs, share units. */
  threshold: bigint;
  /** The reader's weight (held plus staked), share units. */
  myWeight: bigint;
  /** How the reader voted on this proposal: null when not. */
  myVote: boolean | null;
}

/** Refuses an unknown style before anything is simulated or paid. */
function requireKnown(style: number, palette: number): void {
  if (!isKnownStyle(style, palette))
    throw new Error(`style ${style} in colour ${palette} is not one the game draws`);
}

/**
 * What stands on a parcel: its owner restyles a whole parcel at once; a co-owned parcel's holders
 * propose a style, vote with their shares, and anyone settles the vote once it closes.
 */
export function styleActions({
  addresses,
  provider,
  signer,
  send,
  run,
  sendOnly,
  vaultAt,
  chainTimeReaches,
}: ChainCore) {
  const land = typedContract(addresses.LandRegistry, landRegistryAbi, signer);
  return {
    /** Sets the style and palette colour of a parcel the wallet owns whole. */
    setStyle: (parcelId: number, style: number, palette: number, onPhase?: OnPhase) =>
      run(ActionLabel.setStyle, async () => {
        requireKnown(style, palette);
        const args = [BigInt(parcelId), BigInt(style), BigInt(palette)] as const;
        const { txHash } = await send('restyle', land.setStyle, args, onPhase);
        return { txHash, value: undefined };
      }),

    /** Proposes a style for the vault's parcel, voting for it with the wallet's shares. */
    proposeStyle: (vault: string, style: number, palette: number, onPhase?: OnPhase) =>
      run(ActionLabel.proposeStyle, async () => {
        requireKnown(style, palette);
        const args = [BigInt(style), BigInt(palette)] as const;
        const { txHash } = await send('propose style', vaultAt(vault).proposeStyle, args, onPhase);
        return { txHash, value: undefined };
      }),

    /** Votes for (`support`) or against the open proposal with the wallet's shares. */
    voteStyle: (vault: string, support: boolean, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.voteStyle, 'vote on style', vaultAt(vault).voteStyle, [support], onPhase),

    /** Counts the closed vote (and restyles the parcel when it passed), waiting a moment if the chain's clock trails. */
    settleStyle: (vault: string, onPhase?: OnPhase) =>
      run(ActionLabel.settleStyle, async () => {
        const contract = vaultAt(vault);
        const [, , , deadline] = await contract.styleProposal();
        await chainTimeReaches(Number(deadline));
        const { txHash } = await send('settle style vote', contract.settleStyle, [], onPhase);
        return { txHash, value: undefined };
      }),

    /** The vault's style vote now, as `holder` sees it. */
    async styleVote(vault: string, holder: string): Promise<StyleVoteView> {
      const reader = typedContract(vault, shareVaultAbi, provider);
      const [[proposal, style, palette, deadline, settled, yes, no], threshold, myWeight, [ballot, support]] =
        await Promise.all([
          reader.styleProposal(),
          reader.proposalThreshold(),
          reader.votingWeightOf(holder),
          reader.styleBallotOf(holder),
        ]);
      return {
        proposal: Number(proposal),
        style: Number(style),
        palette: Number(palette),
        deadline: Number(deadline),
        settled,
        yes,
        no,
        threshold,
        myWeight,
        myVote: proposal !== 0n && ballot === proposal ? support : null,
      };
    },

    /** Whether blocks [fromBlock, toBlock] may have changed the vote: any log of the vault (votes, share moves). */
    async styleVoteChanged(vault: string, fromBlock: number, toBlock: number): Promise<boolean> {
      return (await provider.getLogs({ address: vault, fromBlock, toBlock })).length > 0;
    },
  };
}
