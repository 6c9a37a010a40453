import { useState } from 'react';
import { claimPriceWei, parcelCoords } from '../../../shared/world.ts';
import { parseAmount } from '../chain/amount.ts';
import { TxStatus, useTx } from '../chain/use-tx.tsx';
import { formatEth } from '../wallet/format.ts';

/** Shares minted by default. */
const DEFAULT_SUPPLY = 1000n;
/** Percent of the supply offered by default. */
const DEFAULT_OFFER_PERCENT = 40;

/**
 * Turns the player's parcel into shares. Defaults: 1,000 shares, 40 % offered at the parcel's
 * price per 1,000 shares, a reserve vote of twice the parcel's price.
 */
export function FractionalizeForm({ parcelId }: { parcelId: number }) {
  const { x, y } = parcelCoords(parcelId);
  const price = claimPriceWei(x, y);
  const [supply, setSupply] = useState(String(DEFAULT_SUPPLY));
  const [reserve, setReserve] = useState(formatEth(price * 2n, 18));
  const [offerPrice, setOfferPrice] = useState(formatEth(price / DEFAULT_SUPPLY, 18));
  const [offerPercent, setOfferPercent] = useState(String(DEFAULT_OFFER_PERCENT));
  const tx = useTx(() => undefined);

  const submit = () =>
    void tx.run('Fractionalizing', (chain, onPhase) => {
      const supplyUnits = parseAmount(supply, 'Supply');
      const percent = Number(offerPercent);
      if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
        throw new Error('Offered: a whole percent from 0 to 100');
      }
      return chain.fractionalize(
        parcelId,
        {
          supply: supplyUnits,
          reservePrice: parseAmount(reserve, 'Reserve price'),
          offerPrice: parseAmount(offerPrice, 'Offering price'),
          offerAmount: (supplyUnits * BigInt(percent)) / 100n,
        },
        onPhase,
      );
    });

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
      <button type="button" className="primary" disabled={tx.busy} onClick={submit}>
        Fractionalize
      </button>
      <TxStatus view={tx.view} />
    </section>
  );
}
