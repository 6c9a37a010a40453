import { ActionLabel } from '../../../shared/action-labels.ts';
import type { ParcelView } from '../../../shared/state.ts';
import { TxButton, TxStatus, useTx } from '../chain/use-tx.tsx';

/** Burns ORE to raise the rig a level (anyone may build on any claimed parcel). */
export function RigPanel({ parcel }: { parcel: ParcelView }) {
  const tx = useTx(() => undefined);
  return (
    <section aria-label="Rig">
      <h3>Rig</h3>
      <TxButton
        tx={tx}
        label={ActionLabel.buildRig}
        action={(chain, onPhase) => chain.buildRig(parcel.id, onPhase)}
      >
        Build rig level {parcel.rigLevel + 1}
      </TxButton>
      <TxStatus view={tx.view} />
    </section>
  );
}
