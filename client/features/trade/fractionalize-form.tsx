import { useState } from 'react';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { claimPriceWei, parcelCoords } from '../../../shared/world.ts';
import { parseAmount } from '../chain/amount.ts';
import { type TxAction, TxButton, TxStatus, useTx } from '../chain/use-tx.tsx';
import { amountInput, formatAmount } from '../wallet/format.ts';

/** Shares minted by default. */
const DEFAULT_SUPPLY = 1000n;
/** Percent of the supply offered by default. */
const DEFAULT_OFFER_PERCENT = 40;
/** Later reserve votes lie within 1/5× to 5× of the curator's reserve (ShareVault's RESERVE_FACTOR). */
const RESERVE_FACTOR = 5n;

/** All shares at the offering price, wei, rounded up as the contract does; null while a field is not a number. */
function valuationOf(supply: string, offerPrice: string): bigint | null {
  try {
    const units = parseAmount(supply, 'Supply') * parseAmount(offerPrice, 'Offering price');
    return (units + ONE_SHARE - 1n) / ONE_SHARE;
  } catch {
    return null;
  }
}

/** The offering's valuation and the vote range the reserve would set, in words. */
function rulesText(valuation: bigint | null, reserve: string): string {
  if (valuation === null) return 'Enter the supply and the offering price.';
  const floor = `Valuation at the offering price: ${formatAmount(valuation)} ETH; the reserve may not be lower.`;
  let anchor: bigint;
  try {
    anchor = parseAmount(reserve, 'Reserve price');
  } catch {
    return floor;
  }
  const min = anchor / RESERVE_FACTOR > valuation ? anchor / RESERVE_FACTOR : valuation;
  return `${floor} Holders' reserve votes will lie between ${formatAmount(min)} and ${formatAmount(anchor * RESERVE_FACTOR)} ETH.`;
}

/**
 * Turns the player's parcel into shares. Defaults: 1,000 shares, 40 % offered at the parcel's
 * price per 1,000 shares (a valuation of the parcel's price), a reserve vote of twice the parcel's
 * price. The reserve may not undercut the valuation and anchors every later vote.
 */
export function FractionalizeForm({ parcelId }: { parcelId: number }) {
  const { x, y } = parcelCoords(parcelId);
  const price = claimPriceWei(x, y);
  const [supply, setSupply] = useState(String(DEFAULT_SUPPLY));
  const [reserve, setReserve] = useState(amountInput(price * 2n, 'up'));
  const [offerPrice, setOfferPrice] = useState(amountInput(price / DEFAULT_SUPPLY, 'down'));
  const [offerPercent, setOfferPercent] = useState(String(DEFAULT_OFFER_PERCENT));
  const tx = useTx(() => undefined);
  const valuation = valuationOf(supply, offerPrice);

  const fractionalize: TxAction = (chain, onPhase) => {
    const supplyUnits = parseAmount(supply, 'Supply');
    const percent = Number(offerPercent);
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw new Error('Offered: a whole percent from 0 to 100');
    }
    const reservePrice = parseAmount(reserve, 'Reserve price');
    if (valuation !== null && reservePrice < valuation) {
      throw new Error(
        `Reserve price: at least the offering's valuation of ${formatAmount(valuation)} ETH (offering price × supply)`,
      );
    }
    return chain.fractionalize(
      parcelId,
      {
        supply: supplyUnits,
        reservePrice,
        offerPrice: parseAmount(offerPrice, 'Offering price'),
        offerAmount: (supplyUnits * BigInt(percent)) / 100n,
      },
      onPhase,
    );
  };

  return (
    <section aria-label="Fractionalize">
      <h3>Fractionalize</h3>
      <label>
        Supply (shares)
        <input value={supply} onChange={(event) => setSupply(event.target.value)} inputMode="decimal" />
      </label>
      <label>
        Reserve price (ETH)
        <input value={reserve} onChange={(event) => setReserve(event.target.value)} inputMode="decimal" />
      </label>
      <label>
        Offering price (ETH per share)
        <input
          value={offerPrice}
          onChange={(event) => setOfferPrice(event.target.value)}
          inputMode="decimal"
        />
      </label>
      <label>
        Offered (%)
        <input
          value={offerPercent}
          onChange={(event) => setOfferPercent(event.target.value)}
          inputMode="numeric"
        />
      </label>
      <p data-testid="fractionalize-rules">{rulesText(valuation, reserve)}</p>
      <TxButton tx={tx} label={ActionLabel.fractionalize} action={fractionalize} primary>
        Fractionalize
      </TxButton>
      <TxStatus view={tx.view} />
    </section>
  );
}
