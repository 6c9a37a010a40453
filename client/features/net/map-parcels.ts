import type { MapParcels } from '../../../shared/market-api.ts';
import type { ParcelStatus } from '../../../shared/world.ts';
import { zoneOfParcel } from '../../../shared/zones.ts';
import type { App } from '../../app.ts';
import { writeParcelTexel } from '../map/map-sync.ts';
import { followIndexedBlocks } from './chain-refresh.ts';

/**
 * Gathers new blocks this long into one read: the minimap of zones out of view may lag a few
 * seconds, and every client in zone rooms reads it.
 */
const MAP_GATHER_MS = 5_000;

/**
 * The claimed parcels of the zones out of view, for the minimap and the far ground: a client in
 * zone rooms holds the parcels of the zones in view only (`held`, whose rooms keep them fresh), so
 * the rest come from `/api/map`, read again as blocks are indexed (with its ETag: an unchanged
 * map costs a 304). Only the map texture takes them; the store's parcels stay the rooms'.
 * Returns the stop.
 */
export function followMapParcels(app: App, page: URL, held: () => readonly number[]): () => void {
  let etag: string | null = null;
  let drawn = new Set<number>();
  let live = true;
  const read = async () => {
    let map: MapParcels;
    try {
      const response = await fetch(new URL('/api/map', page), {
        headers: etag ? { 'if-none-match': etag } : {},
      });
      // unchanged (304), refused or limited: the map drawn stays until the next block
      if (!response.ok || !live) return;
      map = (await response.json()) as MapParcels;
      etag = response.headers.get('etag');
    } catch {
      return;
    }
    if (!live) return;
    const inView = new Set(held());
    const address = app.store.getState().address;
    const claimed = new Set<number>();
    for (let i = 0; i + 2 < map.parcels.length; i += 3) {
      const id = map.parcels[i] as number;
      claimed.add(id);
      if (inView.has(zoneOfParcel(id))) continue;
      const owner = map.owners[map.parcels[i + 2] as number] ?? '';
      writeParcelTexel(app.map, id, { status: map.parcels[i + 1] as ParcelStatus, owner }, address);
    }
    for (const id of drawn) {
      if (!claimed.has(id) && !inView.has(zoneOfParcel(id))) writeParcelTexel(app.map, id, null, address);
    }
    drawn = claimed;
  };
  const stop = followIndexedBlocks(app.store, read, MAP_GATHER_MS);
  return () => {
    live = false;
    stop();
  };
}
