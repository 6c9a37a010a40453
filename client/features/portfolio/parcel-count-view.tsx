import { holdingsReader, useChainRead } from '../chain/use-position.ts';
import { parcelCount } from './parcel-count.ts';

/** The wallet bar's Parcels figure: owned and co-owned parcels, live from the chain. */
export function ParcelCount({ fallback }: { fallback: number }) {
  const { value } = useChainRead(holdingsReader);
  return <>{value ? parcelCount(value) : fallback}</>;
}
