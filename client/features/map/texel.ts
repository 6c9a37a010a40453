import type { ParcelView } from '../../../shared/state.ts';
import { ownerHue, ParcelStatus } from '../../../shared/world.ts';

/**
 * One parcel's texel in the map data (MapTexture.data): R = status (ParcelStatus), G = owner hue
 * (0–255), B = flag bits below, A = 255. Its ground texel (what the shader reads) is resolved
 * from it; both RGBA because three's partial texture upload handles RGBA only.
 */
export const TEXEL_BYTES = 4;

export const TexelFlag = {
  /** Owned by the player at this browser. */
  Mine: 1,
  Selected: 2,
  Hovered: 4,
} as const;
export type TexelFlag = (typeof TexelFlag)[keyof typeof TexelFlag];

export interface TexelValue {
  status: ParcelStatus;
  hue: number;
  flags: number;
}

/** Status and hue of a parcel as the map shows it; an unclaimed parcel has hue 0. */
export function texelOfView(view: Pick<ParcelView, 'status' | 'owner'>): Omit<TexelValue, 'flags'> {
  return {
    status: view.status,
    hue: view.status === ParcelStatus.Unclaimed ? 0 : ownerHue(view.owner),
  };
}
