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
  /** Ids changed by the latest `applyParcels` (scene layers update just these). */
  lastChanged: readonly number[];
  selectedId: number | null;
  hoveredId: number | null;
  claim: ClaimState;
  /** One batch of changes (one room patch): parcels set, and ids gone back to unclaimed. */
  applyParcels(put: readonly ParcelView[], removed: readonly number[]): void;
  select(id: number | null): void;
  hover(id: number | null): void;
  setClaim(claim: ClaimState): void;
}

export const createParcelSlice: AppSlice<ParcelSlice> = (set, get) => ({
  parcels: new Map(),
  parcelsVersion: 0,
  lastChanged: [],
  selectedId: null,
  hoveredId: null,
  claim: { parcelId: null, phase: 'idle', message: '' },
  applyParcels: (put, removed) => {
    const { parcels } = get();
    // A fresh object per change, so a selector returning this parcel sees a new value.
    for (const view of put) parcels.set(view.id, { ...view });
    for (const id of removed) parcels.delete(id);
    if (put.length + removed.length === 0) return;
    set({
      parcelsVersion: get().parcelsVersion + 1,
      lastChanged: [...put.map((view) => view.id), ...removed],
    });
  },
  select: (id) => set({ selectedId: id }),
  hover: (id) => {
    if (get().hoveredId !== id) set({ hoveredId: id });
  },
  setClaim: (claim) => set({ claim }),
});
