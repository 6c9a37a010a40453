import type { AppSlice } from '../../store.ts';

/** How go-to, minimap clicks and feed links take the avatar to a place. */
export type TravelBy = 'walk' | 'teleport';

/** The camera's mode: glued to this player's avatar, or free over the map. */
export type CameraMode = 'follow' | 'map';

export interface CameraSlice {
  travelBy: TravelBy;
  cameraMode: CameraMode;
  setTravelBy(travelBy: TravelBy): void;
  setCameraMode(mode: CameraMode): void;
}

/** Teleport by default: a walk across the map takes half a minute. */
export const createCameraSlice: AppSlice<CameraSlice> = (set) => ({
  travelBy: 'teleport',
  cameraMode: 'follow',
  setTravelBy: (travelBy) => set({ travelBy }),
  setCameraMode: (cameraMode) => set({ cameraMode }),
});
