import { Fragment, useState } from 'react';
import type { ActionLabel } from '../../../shared/action-labels.ts';
import { type Tx, type TxAction, TxButton } from '../chain/use-tx.tsx';

export interface QuotedActionProps<Q> {
  tx: Tx;
  label: ActionLabel;
  /** The amount field: its label and its text as typed, which the quote follows. */
  field: { label: string; text: string; set(text: string): void };
  /** The quote's name for assistive technology ("Quote", "Removal quote"). */
  name: string;
  /** The quote at the typed amount, or why there is none, in words. */
  quote: { value: Q } | { error: string };
  /** The quote's lines: term, figures, a warning tone, and a test id where the end-to-end tests read one. */
  lines(quote: Q): { term: string; figures: string; tone?: 'amber' | 'red'; testId?: string }[];
  /** What the player must accept (a box to tick) before the quote's action is sent; null: nothing. */
  confirm?(quote: Q): string | null;
  action(quote: Q): TxAction;
  children: string;
}

/** A pool action behind a quote: the amount, the quote's figures (or why there is none) and the button. */
export function QuotedAction<Q>({
  tx,
  label,
  field,
  name,
  quote,
  lines,
  confirm,
  action,
  children,
}: QuotedActionProps<Q>) {
  const value = 'value' in quote ? quote.value : null;
  const mustAccept = value !== null ? (confirm?.(value) ?? null) : null;
  // the text accepted: another quote's warning must be accepted anew
  const [accepted, setAccepted] = useState<string | null>(null);
  const blockedBy =
    'error' in quote
      ? quote.error
      : mustAccept !== null && accepted !== mustAccept
        ? `${mustAccept}: tick the box to accept it`
        : null;
  return (
    <>
      <label>
        {field.label}
        <input value={field.text} onChange={(event) => field.set(event.target.value)} inputMode="decimal" />
      </label>
      {value !== null && (
        <dl aria-label={name}>
          {lines(value).map(({ term, figures, tone, testId }) => (
            <Fragment key={term}>
              <dt>{term}</dt>
              <dd className={tone} data-testid={testId}>
                {figures}
              </dd>
            </Fragment>
          ))}
        </dl>
      )}
      {'error' in quote && <p>{quote.error}</p>}
      {mustAccept !== null && (
        <label className="red">
          <input
            type="checkbox"
            checked={accepted === mustAccept}
            onChange={(event) => setAccepted(event.target.checked ? mustAccept : null)}
          />
          {mustAccept}: I accept it
        </label>
      )}
      <TxButton
        tx={tx}
        label={label}
        blockedBy={blockedBy}
        action={(chain, onPhase) => {
          if (value === null) throw new Error('no quote yet');
          return action(value)(chain, onPhase);
        }}
      >
        {children}
      </TxButton>
    </>
  );
}
