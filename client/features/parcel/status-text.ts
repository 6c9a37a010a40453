import { ParcelStatus } from '../../../shared/world.ts';

/** A parcel status in words, as panels and the tooltip show it. */
export const STATUS_TEXT: Record<ParcelStatus, string> = {
  [ParcelStatus.Unclaimed]: 'Unclaimed',
  [ParcelStatus.Owned]: 'Owned',
  [ParcelStatus.Fractional]: 'Fractionalized',
  [ParcelStatus.Buyout]: 'In buyout',
};

/** "m:ss" (or "h:mm:ss") until `endSeconds` (unix s) from `nowMs`; "ended" once past. */
export function countdown(endSeconds: number, nowMs: number): string {
  const left = Math.floor(endSeconds - nowMs / 1000);
  if (left <= 0) return 'ended';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = String(left % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
