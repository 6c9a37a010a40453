import { describe, expect, it } from 'vitest';
import { RoadSide } from '../../../shared/city.ts';
import { PARCEL_COUNT, ParcelStatus, parcelId } from '../../../shared/world.ts';
import { MapTexture } from './map-texture.ts';
import { GroundCode, GroundEdge } from './palette.ts';
import { TexelFlag } from './texel.ts';

/** Runs the upload hook three calls after sending the texture to the GPU. */
function markUploaded(map: MapTexture): void {
  map.texture.onUpdate?.(map.texture);
}

describe('MapTexture', () => {
  it('starts with every parcel unclaimed and opaque, its ground texel its district colour', () => {
    const map = new MapTexture();
    expect(map.data.length).toBe(PARCEL_COUNT * 4);
    expect(map.read(0)).toEqual({ status: ParcelStatus.Unclaimed, hue: 0, flags: 0 });
    expect(map.data[PARCEL_COUNT * 4 - 1]).toBe(255);
    expect(map.texture.image.data).toBe(map.ground);
    const zoneColour = (id: number) => [...map.ground.slice(id * 4, id * 4 + 3)];
    expect(zoneColour(parcelId(0, 0))).not.toEqual(zoneColour(parcelId(30, 0)));
    expect(zoneColour(parcelId(30, 0))).not.toEqual(zoneColour(parcelId(-150, 150)));
    expect(zoneColour(parcelId(-150, 150))).toEqual(zoneColour(parcelId(-141, 141)));
    // the plaza's east border is a street: its alpha carries the East road bit
    expect(map.ground[parcelId(10, 0) * 4 + 3]).toBe(RoadSide.East * GroundCode.Roads);
    expect(map.ground[parcelId(9, 0) * 4 + 3]).toBe(0);
  });

  it('writes one parcel as one texel and queues a one-texel upload', () => {
    const map = new MapTexture();
    markUploaded(map);
    const id = parcelId(-150, 150);
    const before = map.data.slice();
    const groundBefore = map.ground.slice();
    map.writeParcel(id, ParcelStatus.Owned, 200);
    map.setFlag(id, TexelFlag.Selected, true);
    expect(map.read(id)).toEqual({ status: ParcelStatus.Owned, hue: 200, flags: TexelFlag.Selected });
    const changed = [...map.data.keys()].filter((i) => map.data[i] !== before[i]);
    expect(changed).toEqual([id * 4, id * 4 + 1, id * 4 + 2]);
    const ground = [...map.ground.keys()].filter((i) => map.ground[i] !== groundBefore[i]);
    expect(ground.every((i) => i >= id * 4 && i < id * 4 + 4)).toBe(true);
    expect(map.ground[id * 4 + 3]).toBe(GroundEdge.Selected + GroundCode.Built);
    expect(map.texture.updateRanges).toEqual([
      { start: id * 4, count: 4 },
      { start: id * 4, count: 4 },
    ]);
  });

  it('leaves the first upload whole: writes before it queue no partial ranges', () => {
    const map = new MapTexture();
    map.writeParcel(5, ParcelStatus.Owned, 3);
    expect(map.texture.updateRanges).toEqual([]);
    expect(map.read(5).status).toBe(ParcelStatus.Owned);
  });

  it('bumps the minimap version for status, hue and "mine", not for hover or selection', () => {
    const map = new MapTexture();
    map.writeParcel(9, ParcelStatus.Owned, 4);
    expect(map.version).toBe(1);
    map.setFlag(9, TexelFlag.Hovered, true);
    map.setFlag(9, TexelFlag.Selected, true);
    expect(map.version).toBe(1);
    map.setFlag(9, TexelFlag.Mine, true);
    expect(map.version).toBe(2);
  });

  it('skips writes that change nothing and clears flags bit by bit', () => {
    const map = new MapTexture();
    markUploaded(map);
    map.setFlag(7, TexelFlag.Hovered, true);
    map.setFlag(7, TexelFlag.Mine, true);
    const ranges = map.texture.updateRanges.length;
    map.setFlag(7, TexelFlag.Mine, true);
    map.writeParcel(7, ParcelStatus.Unclaimed, 0);
    expect(map.texture.updateRanges.length).toBe(ranges);
    map.setFlag(7, TexelFlag.Hovered, false);
    expect(map.read(7).flags).toBe(TexelFlag.Mine);
  });

  it('refuses ids off the map with a RangeError', () => {
    const map = new MapTexture();
    expect(() => map.read(PARCEL_COUNT)).toThrow(RangeError);
    expect(() => map.writeParcel(-1, ParcelStatus.Owned, 1)).toThrow(RangeError);
    expect(() => map.setFlag(0.5, TexelFlag.Mine, true)).toThrow(RangeError);
  });
});
