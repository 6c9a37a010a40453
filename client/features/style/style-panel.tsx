import { useCallback, useMemo, useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import type { ParcelView } from '../../../shared/state.ts';
import { describeStyle, PALETTE, STYLE_NAMES } from '../../../shared/structure-styles.ts';
import { ParcelStatus } from '../../../shared/world.ts';
import { countdown, useNow } from '../../ui/clock.ts';
import type { StyleVoteView } from '../chain/chain-actions.ts';
import { type ChainReader, useChainRead } from '../chain/use-position.ts';
import { TxButton, TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatAmount } from '../wallet/format.ts';

/** The style and palette colour pickers. */
function StylePicker({
  style,
  palette,
  onChange,
}: {
  style: number;
  palette: number;
  onChange(style: number, palette: number): void;
}) {
  return (
    <div className="row">
      <label>
        Style{' '}
        <select value={style} onChange={(event) => onChange(Number(event.target.value), palette)}>
          {STYLE_NAMES.map((name, index) => (
            <option key={name} value={index}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Colour{' '}
        <select value={palette} onChange={(event) => onChange(style, Number(event.target.value))}>
          {PALETTE.map((colour, index) => (
            <option key={colour.name} value={index}>
              {colour.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** A co-owned parcel's style vote, live: read again whenever a block touches the vault. */
function useStyleVote(vault: string) {
  const reader = useMemo<ChainReader<StyleVoteView>>(
    () => ({
      read: (chain, holder) => chain.styleVote(vault, holder),
      changed: (chain, _holder, _last, fromBlock, toBlock) =>
        chain.styleVoteChanged(vault, fromBlock, toBlock),
    }),
    [vault],
  );
  return useChainRead(reader);
}

/** The open (or closed, unsettled) proposal: its style, the tally, the time left, and the votes. */
function ProposalView({ vote, nowMs }: { vote: StyleVoteView; nowMs: number }) {
  const open = nowMs / 1000 < vote.deadline;
  const passing = vote.yes > vote.no;
  return (
    <div data-testid="style-proposal">
      <p>
        Proposal {vote.proposal}: <strong>{describeStyle(vote)}</strong>
      </p>
      <p data-testid="style-tally">
        For {formatAmount(vote.yes)} · against {formatAmount(vote.no)} shares ·{' '}
        {passing ? 'passing' : 'not passing'} (a majority of the votes cast)
      </p>
      <p data-testid="style-time-left">
        {open ? `Voting closes in ${countdown(vote.deadline, nowMs)}` : 'Voting closed: anyone may settle it'}
      </p>
      {vote.myVote !== null && <p>You voted {vote.myVote ? 'for' : 'against'}.</p>}
    </div>
  );
}

/**
 * What stands on the parcel: its owner picks a style and colour; a co-owned parcel's holders
 * propose one, vote with their shares (held or staked) and settle the vote once it closes.
 */
export function StylePanel({ parcel, mine }: { parcel: ParcelView; mine: boolean }) {
  const [choice, setChoice] = useState({ style: parcel.style ?? 0, palette: parcel.palette ?? 0 });
  const pick = (style: number, palette: number) => setChoice({ style, palette });
  const vault = parcel.status === ParcelStatus.Fractional ? parcel.vault : '';
  if (vault) return <CoOwnedStyle vault={vault} parcel={parcel} choice={choice} pick={pick} />;
  if (!mine || parcel.status !== ParcelStatus.Owned) return null;
  return <OwnStyle parcel={parcel} choice={choice} pick={pick} />;
}

interface ChoiceProps {
  parcel: ParcelView;
  choice: { style: number; palette: number };
  pick(style: number, palette: number): void;
}

function OwnStyle({ parcel, choice, pick }: ChoiceProps) {
  const tx = useTx(useCallback(() => undefined, []));
  const same = choice.style === (parcel.style ?? 0) && choice.palette === (parcel.palette ?? 0);
  return (
    <section aria-label="Style">
      <h3>Style</h3>
      <StylePicker style={choice.style} palette={choice.palette} onChange={pick} />
      <TxButton
        tx={tx}
        label={ActionLabel.setStyle}
        blockedBy={same ? 'The parcel already looks like this' : null}
        action={(chain, onPhase) => chain.setStyle(parcel.id, choice.style, choice.palette, onPhase)}
      >
        Restyle
      </TxButton>
      <TxStatus view={tx.view} />
    </section>
  );
}

function CoOwnedStyle({ vault, choice, pick }: ChoiceProps & { vault: string }) {
  const { value: vote, error, refresh } = useStyleVote(vault);
  const tx = useTx(refresh);
  const nowMs = useNow(true);
  const unsettled = vote !== null && vote.proposal > 0 && !vote.settled;
  const open = unsettled && nowMs / 1000 < vote.deadline;
  // an open proposal whose votes for fell below the threshold may be replaced
  const lapsed = open && vote.yes < vote.threshold;
  const canVote = open && vote.myVote === null;
  const weightShort =
    vote && vote.myWeight < vote.threshold
      ? `Proposing needs ${formatAmount(vote.threshold)} shares (held or staked); you have ${formatAmount(vote.myWeight)}`
      : null;
  const noWeight = vote && vote.myWeight === 0n ? 'You hold no shares of this parcel to vote with' : null;
  return (
    <section aria-label="Style vote">
      <h3>Style vote</h3>
      {error && <p role="alert">{error}</p>}
      {!vote && !error && <p>Reading the style vote…</p>}
      {unsettled && <ProposalView vote={vote} nowMs={nowMs} />}
      {canVote && (
        <div className="row">
          {[true, false].map((support) => (
            <TxButton
              key={String(support)}
              tx={tx}
              label={ActionLabel.voteStyle}
              blockedBy={noWeight}
              action={(chain, onPhase) => chain.voteStyle(vault, support, onPhase)}
            >
              {support ? 'Vote for' : 'Vote against'}
            </TxButton>
          ))}
        </div>
      )}
      {unsettled && !open && (
        <TxButton
          tx={tx}
          label={ActionLabel.settleStyle}
          action={(chain, onPhase) => chain.settleStyle(vault, onPhase)}
        >
          Settle the vote
        </TxButton>
      )}
      {vote && (!open || lapsed) && (
        <>
          <p>
            Propose a new look: holders vote with their shares, then a majority of the votes cast decides.
          </p>
          <StylePicker style={choice.style} palette={choice.palette} onChange={pick} />
          <TxButton
            tx={tx}
            label={ActionLabel.proposeStyle}
            blockedBy={weightShort}
            action={(chain, onPhase) => chain.proposeStyle(vault, choice.style, choice.palette, onPhase)}
          >
            Propose
          </TxButton>
        </>
      )}
      <TxStatus view={tx.view} />
    </section>
  );
}
