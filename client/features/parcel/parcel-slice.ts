import type { ParcelView } from '../../../shared/state.ts';
import type { AppSlice } from '../../store.ts';

export type ClaimPhase = 'idle' | 'pending' | 'claimed' | 'failed';

export interface ClaimState {
  parcelId: number | null;
  phase: ClaimPhase;
  /** What happened, in words (the decoded revert reason when the claim failed). */
  message: string;
}

export interface ParcelSlice {
  /**
   * Parcels that are not unclaimed, by id. Mutated in place (it can hold all 90,601 parcels, too
   * many to copy per patch); `parcelsVersion` bumps on every change so selectors re-read.
   */
  parcels: Map<number, ParcelView>;
  parcelsVersion: number;
  selectedId: number | null;
  hoveredId: number | null;
  claim: ClaimState;
  putParcel(view: ParcelView): void;
  removeParcel(id: number): void;
  select(id: number | null): void;
  hover(id: number | null): void;
  setClaim(claim: ClaimState): void;
}

export const createParcelSlice: AppSlice<ParcelSlice> = (set, get) => ({
  parcels: new Map(),
  parcelsVersion: 0,
  selectedId: null,
  hoveredId: null,
  claim: { parcelId: null, phase: 'idle', message: '' },
  putParcel: (view) => {
    // A fresh object per change, so a selector returning this parcel sees a new value.
    get().parcels.set(view.id, { ...view });
    set({ parcelsVersion: get().parcelsVersion + 1 });
  },
  removeParcel: (id) => {
    if (get().parcels.delete(id)) set({ parcelsVersion: get().parcelsVersion + 1 });
  },
  select: (id) => set({ selectedId: id }),
  hover: (id) => {
    if (get().hoveredId !== id) set({ hoveredId: id });
  },
  setClaim: (claim) => set({ claim }),
});
