import { describe, expect, it } from 'vitest';
import { fractionalizerAbi, landRegistryAbi, shareVaultAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { claimPriceWei, parcelId } from '../../../shared/world.ts';
import { must, refusal, useChainWorld } from '../../../testing/chain-world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { claimParcel } from '../../../testing/test-chain.ts';
import { defaultTerms, type TxPhase } from './chain-actions.ts';

describe('land actions on a real chain', () => {
  const [x, y] = [70, -20];
  const id = parcelId(x, y);
  // A owns parcel 70,-20, not yet fractionalized
  const world = useChainWorld(undefined, ({ chain }) =>
    claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], x, y).then(() => undefined),
  );

  it('fractionalizes with the default terms, approving first, reporting each step', async () => {
    const { a, provider, chain } = world;
    expect(await a.actions.vaultOf(id)).toBeNull();
    const phases: TxPhase[] = [];
    const terms = defaultTerms(claimPriceWei(x, y));
    const vault = must(await a.actions.fractionalize(id, terms, (phase) => phases.push(phase)));
    const fractionalizer = typedContract(
      chain.deployment.addresses.Fractionalizer,
      fractionalizerAbi,
      provider,
    );
    expect(await fractionalizer.vaultOf(BigInt(id))).toBe(vault);
    expect(await a.actions.vaultOf(id)).toBe(vault);
    expect(phases.map((p) => `${p.phase}:${p.step}`)).toEqual([
      'sending:approve',
      'pending:approve',
      'sending:fractionalize',
      'pending:fractionalize',
    ]);
    const registry = typedContract(chain.deployment.addresses.LandRegistry, landRegistryAbi, provider);
    expect(await registry.ownerOf(BigInt(id))).toBe(vault);
    const shares = typedContract(vault, shareVaultAbi, provider);
    expect(await shares.balanceOf(a.address)).toBe(terms.supply - terms.offerAmount);
    expect(await a.actions.position(vault, a.address)).toMatchObject({
      parcelId: id,
      state: VaultState.Inactive,
      offered: terms.offerAmount,
      offerPrice: terms.offerPrice,
      reservePrice: terms.reservePrice,
    });
  });

  it("refuses to fractionalize another player's parcel or an unclaimed one, in words, sending nothing", async () => {
    const { b, provider } = world;
    const sent = await provider.getTransactionCount(b.address);
    const terms = defaultTerms(claimPriceWei(x, y));
    expect(refusal(await b.actions.fractionalize(id, terms))).toBe(
      'Parcel 70,-20 is not yours to fractionalize.',
    );
    expect(refusal(await b.actions.fractionalize(parcelId(71, -20), terms))).toBe(
      'Fractionalizing failed: parcel 71,-20 is unclaimed: claim it first',
    );
    expect(await provider.getTransactionCount(b.address)).toBe(sent);
    expect(await b.actions.vaultOf(id)).toBeNull();
  });
});
