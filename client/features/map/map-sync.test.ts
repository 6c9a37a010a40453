import { describe, expect, it } from 'vitest';
import type { ParcelView } from '../../../shared/state.ts';
import { ownerHue, ParcelStatus, parcelId } from '../../../shared/world.ts';
import { createAppStore } from '../../store.ts';
import { applyParcels, syncMapFlags } from './map-sync.ts';
import { MapTexture } from './map-texture.ts';

const ME = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

function parcel(x: number, y: number, owner: string, status: ParcelStatus = ParcelStatus.Owned): ParcelView {
  return { id: parcelId(x, y), status, owner, vault: '', rigLevel: 0, hashRate: 0, auctionEnd: 0 };
}

describe('map sync', () => {
  it('applies one patch as texels plus a single store update listing the changed ids', () => {
    const store = createAppStore();
    const map = new MapTexture();
    let updates = 0;
    store.subscribe(() => updates++);
    const a = parcel(-150, 150, OTHER);
    const b = parcel(3, 4, OTHER, ParcelStatus.Fractional);
    applyParcels(store, map, [a, b], []);
    expect(updates).toBe(1);
    expect(store.getState().lastChanged).toEqual([a.id, b.id]);
    expect(map.read(a.id)).toEqual({ status: ParcelStatus.Owned, hue: ownerHue(OTHER), flags: 0 });
    expect(map.read(b.id).status).toBe(ParcelStatus.Fractional);

    applyParcels(store, map, [], [a.id]);
    expect(map.read(a.id)).toEqual({ status: ParcelStatus.Unclaimed, hue: 0, flags: 0 });
    expect(store.getState().parcels.has(a.id)).toBe(false);
    expect(updates).toBe(2);
  });

  it('flags my parcels, the selection and the hover in the texels', () => {
    const store = createAppStore();
    const map = new MapTexture();
    syncMapFlags(store, map);
    const mine = parcel(0, 0, ME.toLowerCase());
    const theirs = parcel(1, 0, OTHER);
    applyParcels(store, map, [mine, theirs], []);
    expect(map.read(mine.id).flags).toBe(0);
    store
      .getState()
      .setWalletReady({ id: 'burner', address: ME, kind: 'burner', name: 'Burner', chainId: null });
    expect(map.read(mine.id).flags).toBe(1);
    expect(map.read(theirs.id).flags).toBe(0);

    store.getState().select(theirs.id);
    store.getState().hover(mine.id);
    expect(map.read(theirs.id).flags).toBe(2);
    expect(map.read(mine.id).flags).toBe(1 | 4);
    store.getState().select(null);
    store.getState().hover(null);
    expect(map.read(theirs.id).flags).toBe(0);
    expect(map.read(mine.id).flags).toBe(1);
  });
});
