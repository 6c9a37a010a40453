import type { ParcelView } from '../../../shared/state.ts';
import type { AppStore } from '../../store.ts';
import type { MapTexture } from './map-texture.ts';
import { TexelFlag, texelOfView } from './texel.ts';

function isMine(view: ParcelView, address: string | null): boolean {
  return address !== null && view.owner.toLowerCase() === address.toLowerCase();
}

/** Writes a parcel into the store and its texel into the map texture. */
export function putParcel(store: AppStore, map: MapTexture, view: ParcelView): void {
  const state = store.getState();
  state.putParcel(view);
  const { status, hue } = texelOfView(view);
  map.writeParcel(view.id, status, hue);
  map.setFlag(view.id, TexelFlag.Mine, isMine(view, state.address));
}

/** The parcel went back to unclaimed (it left the room state). */
export function removeParcel(store: AppStore, map: MapTexture, id: number): void {
  store.getState().removeParcel(id);
  map.writeParcel(id, 0, 0);
  map.setFlag(id, TexelFlag.Mine, false);
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
