import type { AppSlice } from '../../store.ts';
import type { OverlayKind } from './overlay.ts';

/** Which overlay the ground and the minimap show; the market and the minimap both switch it. */
export interface OverlaySlice {
  overlay: OverlayKind;
  setOverlay(kind: OverlayKind): void;
}

export const createOverlaySlice: AppSlice<OverlaySlice> = (set) => ({
  overlay: 'none',
  setOverlay: (overlay) => set({ overlay }),
});
