import { describe, expect, it } from 'vitest';
import { VIEW_RADIUS, WALK_LIMIT } from './protocol.ts';
import { parcelId, WORLD_RADIUS } from './world.ts';
import {
  LOOK_MOVE_MS,
  MAX_ZONE_ROOMS,
  moveDue,
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

  it('send every move to the zone stood in and the one walked into, a look-only zone one each LOOK_MOVE_MS', () => {
    const border = ZONE / 2;
    const west = zoneOf(0, 0);
    const east = zoneOf(border, 0);
    const north = zoneOf(0, border);
    const inWest = { x: border - 2, z: 0 };
    const further = { x: border - 1, z: 0 };
    const inEast = { x: border + 0.5, z: 0 };
    const now = 10_000;
    const justTold = now - 10;
    // the zone stood in hears every move, however recent the last
    expect(moveDue(west, inWest, further, justTold, now)).toBe(true);
    // a zone only looked into: not again so soon, but the first time and once LOOK_MOVE_MS passed
    expect(moveDue(east, inWest, further, justTold, now)).toBe(false);
    expect(moveDue(east, inWest, further, null, now)).toBe(true);
    expect(moveDue(east, inWest, further, now - LOOK_MOVE_MS, now)).toBe(true);
    expect(moveDue(east, inWest, further, now - LOOK_MOVE_MS + 1, now)).toBe(false);
    // across the border: the zone walked into and the zone walked out of both hear it at once
    expect(moveDue(east, further, inEast, justTold, now)).toBe(true);
    expect(moveDue(west, further, inEast, justTold, now)).toBe(true);
    // from there on the zone left is only looked into
    expect(moveDue(west, inEast, { x: border + 1, z: 0 }, justTold, now)).toBe(false);
    // a zone neither stood in nor walked into waits, whatever the move
    expect(moveDue(north, inWest, inEast, justTold, now)).toBe(false);
  });
});
