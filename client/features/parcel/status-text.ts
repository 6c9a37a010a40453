import { ParcelStatus } from '../../../shared/world.ts';

/** A parcel status in words, as panels and the tooltip show it. */
export const STATUS_TEXT: Record<ParcelStatus, string> = {
  [ParcelStatus.Unclaimed]: 'Unclaimed',
  [ParcelStatus.Owned]: 'Owned',
  [ParcelStatus.Fractional]: 'Fractionalized',
  [ParcelStatus.Buyout]: 'In buyout',
};
