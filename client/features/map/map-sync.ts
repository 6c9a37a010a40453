import type { ParcelView } from '../../../shared/state.ts';
import { ParcelStatus } from '../../../shared/world.ts';
import type { AppStore } from '../../store.ts';
import type { MapTexture } from './map-texture.ts';
import { TexelFlag, texelOfView } from './texel.ts';

function isMine(view: Pick<ParcelView, 'owner'>, address: string | null): boolean {
  return address !== null && view.owner.toLowerCase() === address.toLowerCase();
}

/** Writes parcel `id`'s texel: its status, owner hue and "mine" flag (null: unclaimed). */
export function writeParcelTexel(
  map: MapTexture,
  id: number,
  view: Pick<ParcelView, 'status' | 'owner'> | null,
  address: string | null,
): void {
  const { status, hue } = view ? texelOfView(view) : { status: ParcelStatus.Unclaimed, hue: 0 };
  map.writeParcel(id, status, hue);
  map.setFlag(id, TexelFlag.Mine, view !== null && isMine(view, address));
}

/**
 * Applies one batch of parcel changes (one room patch): texels first, then one store update, so
 * every subscriber runs once per patch, not once per parcel (a join brings up to 90,601).
 */
export function applyParcels(
  store: AppStore,
  map: MapTexture,
  put: readonly ParcelView[],
  removed: readonly number[],
): void {
  const { address } = store.getState();
  for (const view of put) writeParcelTexel(map, view.id, view, address);
  for (const id of removed) writeParcelTexel(map, id, null, address);
  store.getState().applyParcels(put, removed);
}

/**
 * Keeps the texel flags in step with the store: selection, hover, and "mine" when the wallet
 * address becomes known. Returns the unsubscribe function.
 */
export function syncMapFlags(store: AppStore, map: MapTexture): () => void {
  return store.subscribe((state, previous) => {
    if (state.selectedId !== previous.selectedId) {
      if (previous.selectedId !== null) map.setFlag(previous.selectedId, TexelFlag.Selected, false);
      if (state.selectedId !== null) map.setFlag(state.selectedId, TexelFlag.Selected, true);
    }
    if (state.hoveredId !== previous.hoveredId) {
      if (previous.hoveredId !== null) map.setFlag(previous.hoveredId, TexelFlag.Hovered, false);
      if (state.hoveredId !== null) map.setFlag(state.hoveredId, TexelFlag.Hovered, true);
    }
    if (state.address !== previous.address) {
      for (const view of state.parcels.values())
        map.setFlag(view.id, TexelFlag.Mine, isMine(view, state.address));
    }
  });
}
