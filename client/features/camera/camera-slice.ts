import type { AppSlice } from '../../store.ts';
import { playedByTouch } from '../../ui/touch.ts';

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

/**
 * Teleport by default: a walk across the map takes half a minute. A touch screen starts on the
 * free map (one finger pans, as on any map app; following, one finger would orbit); the arrow
 * pad still walks, and the Map view button switches to following the avatar.
 */
export const createCameraSlice: AppSlice<CameraSlice> = (set) => ({
  travelBy: 'teleport',
  cameraMode: playedByTouch() ? 'map' : 'follow',
  setTravelBy: (travelBy) => set({ travelBy }),
  setCameraMode: (cameraMode) => set({ cameraMode }),
});
