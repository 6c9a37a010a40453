import { ActionLabel } from '../../../shared/action-labels.ts';
import { oreMinerAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import type { ChainCore, OnPhase } from './chain-core.ts';

/** Rigs: ORE burnt on a parcel for a larger mining reward there. */
export function rigActions({ addresses, signer, send, run }: ChainCore) {
  const oreMiner = typedContract(addresses.OreMiner, oreMinerAbi, signer);
  return {
    /** Burns ORE to raise the parcel's rig one level; value = the new level. */
    buildRig: (parcelId: number, onPhase?: OnPhase) =>
      run(ActionLabel.buildRig, async () => {
        const { txHash, result } = await send('build rig', oreMiner.buildRig, [BigInt(parcelId)], onPhase);
        return { txHash, value: Number(result) };
      }),
  };
}
