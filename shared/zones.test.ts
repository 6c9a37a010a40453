import { describe, expect, it } from 'vitest';
import { VIEW_RADIUS, WALK_LIMIT } from './protocol.ts';
import { parcelId, WORLD_RADIUS } from './world.ts';
import {
  MAX_ZONE_ROOMS,
  ZONE,
  ZONE_COUNT,
  zoneJoinOptionsSchema,
  zoneOf,
  zoneOfParcel,
  zonesInView,
} from './zones.ts';

describe('zones', () => {
  it('are at least twice the view radius wide', () => {
    expect(ZONE).toBeGreaterThanOrEqual(2 * VIEW_RADIUS);
  });

  it('put Genesis Plaza in the middle of one zone and cover the map with ZONE_COUNT zones', () => {
    expect(zonesInView(0, 0, ZONE / 2 - 1)).toEqual([zoneOf(0, 0)]);
    const seen = new Set<number>();
    for (let x = -WALK_LIMIT; x <= WALK_LIMIT; x += 1) {
      for (let z = -WALK_LIMIT; z <= WALK_LIMIT; z += 1) seen.add(zoneOf(x, z));
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([...Array(ZONE_COUNT).keys()]);
  });

  it('change at the border, half a zone from the plaza', () => {
    expect(zoneOf(ZONE / 2 - 0.01, 0)).toBe(zoneOf(0, 0));
    expect(zoneOf(ZONE / 2, 0)).not.toBe(zoneOf(0, 0));
    expect(zoneOf(-ZONE / 2, 0)).toBe(zoneOf(0, 0));
    expect(zoneOf(-ZONE / 2 - 0.01, 0)).not.toBe(zoneOf(0, 0));
    // beyond the walk limit still a zone: the outer ring reaches on
    expect(zoneOf(1e6, -1e6)).toBe(zoneOf(WALK_LIMIT, -WALK_LIMIT));
  });

  it('give a parcel the zone of its centre', () => {
    expect(zoneOfParcel(parcelId(0, 0))).toBe(zoneOf(0, 0));
    expect(zoneOfParcel(parcelId(ZONE / 2, 3))).toBe(zoneOf(ZONE / 2, 3));
    expect(zoneOfParcel(parcelId(-WORLD_RADIUS, WORLD_RADIUS))).toBe(zoneOf(-WORLD_RADIUS, WORLD_RADIUS));
  });

  it('a view reaches at most four zones, including the one it stands in, and only those within reach', () => {
    let most = 0;
    for (let x = -WALK_LIMIT; x <= WALK_LIMIT; x += 1.25) {
      for (let z = -WALK_LIMIT; z <= WALK_LIMIT; z += 1.25) {
        const zones = zonesInView(x, z);
        expect(zones).toContain(zoneOf(x, z));
        most = Math.max(most, zones.length);
      }
    }
    expect(most).toBe(MAX_ZONE_ROOMS);
    // at a zone corner all four; near two borders of the plaza's zone three, not the zones beyond
    // the farther borders (a hair past the radius) nor the diagonal one
    const corner = ZONE / 2;
    expect(zonesInView(corner, corner)).toHaveLength(4);
    expect(zonesInView(0.5, 0.5)).toEqual(
      [zoneOf(0, 0), zoneOf(0, corner), zoneOf(corner, 0)].sort((a, b) => a - b),
    );
    const d = VIEW_RADIUS * 0.8;
    expect(zonesInView(corner - d, corner - d)).toHaveLength(3);
  });

  it('join options name one zone of the map and a pass of 32 hex digits', () => {
    expect(zoneJoinOptionsSchema.safeParse({ zone: 0 }).success).toBe(true);
    expect(zoneJoinOptionsSchema.safeParse({ zone: ZONE_COUNT }).success).toBe(false);
    expect(zoneJoinOptionsSchema.safeParse({ zone: 1.5 }).success).toBe(false);
    expect(zoneJoinOptionsSchema.safeParse({}).success).toBe(false);
    expect(zoneJoinOptionsSchema.safeParse({ zone: 3, pass: 'a'.repeat(32) }).success).toBe(true);
    expect(zoneJoinOptionsSchema.safeParse({ zone: 3, pass: 'x'.repeat(32) }).success).toBe(false);
  });
});
