import { ZeroAddress } from 'ethers';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { fractionalizerAbi, landRegistryAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import type { ChainCore, OnPhase } from './chain-core.ts';

export interface FractionalizeTerms {
  /** Share units (18 decimals). */
  supply: bigint;
  /** The curator's reserve vote for the whole parcel, wei. */
  reservePrice: bigint;
  /** Wei per whole share of the primary offering. */
  offerPrice: bigint;
  /** Share units kept in the vault for the offering. */
  offerAmount: bigint;
}

/** 1,000 shares, 40 % offered at the parcel price per 1,000 shares, reserve 2× the parcel price. */
export function defaultTerms(parcelPriceWei: bigint): FractionalizeTerms {
  const supply = 1000n * ONE_SHARE;
  return {
    supply,
    reservePrice: parcelPriceWei * 2n,
    offerPrice: parcelPriceWei / 1000n,
    offerAmount: (supply * 40n) / 100n,
  };
}

/** Parcels into vaults: fractionalizing, and finding a parcel's vault. */
export function landActions({ addresses, signer, send, run }: ChainCore) {
  const fractionalizer = typedContract(addresses.Fractionalizer, fractionalizerAbi, signer);
  return {
    /** Moves the parcel into a new share vault (approving the fractionalizer first); value = vault address. */
    fractionalize: (parcelId: number, terms: FractionalizeTerms, onPhase?: OnPhase) =>
      run(ActionLabel.fractionalize, async () => {
        const land = typedContract(addresses.LandRegistry, landRegistryAbi, signer);
        const id = BigInt(parcelId);
        if (!(await land.exists(id))) {
          throw new Error(`parcel ${formatCoords(parcelCoords(parcelId))} is unclaimed: claim it first`);
        }
        const [owner, approved, me] = await Promise.all([
          land.ownerOf(id),
          land.getApproved(id),
          signer.getAddress(),
        ]);
        // only the owner can approve: anyone else goes on to the fractionalizer's own refusal in words
        const mine = owner.toLowerCase() === me.toLowerCase();
        if (mine && approved.toLowerCase() !== addresses.Fractionalizer.toLowerCase()) {
          await send('approve', land.approve, [addresses.Fractionalizer, id], onPhase);
        }
        const { txHash, result } = await send(
          'fractionalize',
          fractionalizer.fractionalize,
          [id, terms.supply, terms.reservePrice, terms.offerPrice, terms.offerAmount],
          onPhase,
        );
        return { txHash, value: result };
      }),

    /** The parcel's latest vault (kept after a buyout or redeem, for cash-out and refunds), or null. */
    async vaultOf(parcelId: number): Promise<string | null> {
      const vault = await fractionalizer.vaultOf(BigInt(parcelId));
      return vault === ZeroAddress ? null : vault;
    },
  };
}
