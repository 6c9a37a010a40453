import { z } from 'zod';
import { joinOptionsSchema, VIEW_RADIUS } from './protocol.ts';
import { parcelCoords } from './world.ts';

/**
 * The world in zones (issue 17): squares of ZONE × ZONE world units, centred on Genesis Plaza, one
 * Colyseus room each. A zone is twice the view radius wide, so a player's view circle reaches at
 * most two zones along each axis: the one it stands in and at most three neighbours. The outer
 * ring of zones reaches to the walk limit and beyond (clamped), so every position has a zone.
 */

/** Side of a zone, in world units (= parcels): twice the view radius. */
export const ZONE = 2 * VIEW_RADIUS;
/** Zones from the central one to the edge, along each axis. */
export const ZONE_REACH = 2;
/** Zones along one side of the map. */
export const ZONE_SIDE = 2 * ZONE_REACH + 1;
/** Zones of the map: zone ids are 0 … ZONE_COUNT - 1. */
export const ZONE_COUNT = ZONE_SIDE * ZONE_SIDE;
/** Rooms a client may hold at once: its zone and the neighbours its view reaches. */
export const MAX_ZONE_ROOMS = 4;
/** The Colyseus room name of the zone rooms. */
export const ZONE_ROOM = 'zone';

/** Column (or row) of the zone holding coordinate `v` along one axis, in -ZONE_REACH … ZONE_REACH. */
function zoneIndex(v: number): number {
  return Math.min(ZONE_REACH, Math.max(-ZONE_REACH, Math.floor((v + ZONE / 2) / ZONE)));
}

/** Lowest and highest coordinate of zone column `i` along one axis (the outer ones are unbounded). */
function zoneSpan(i: number): [number, number] {
  return [
    i === -ZONE_REACH ? -Infinity : i * ZONE - ZONE / 2,
    i === ZONE_REACH ? Infinity : i * ZONE + ZONE / 2,
  ];
}

/** Distance from `v` to the span [lo, hi) along one axis (0 inside). */
function gap(v: number, [lo, hi]: [number, number]): number {
  return v < lo ? lo - v : v >= hi ? v - hi : 0;
}

const idOf = (ix: number, iz: number) => (ix + ZONE_REACH) * ZONE_SIDE + (iz + ZONE_REACH);

/** The zone a player standing at world (x, z) is in. */
export function zoneOf(x: number, z: number): number {
  return idOf(zoneIndex(x), zoneIndex(z));
}

/** The zone of parcel `id` (by its centre). */
export function zoneOfParcel(id: number): number {
  const { x, y } = parcelCoords(id);
  return zoneOf(x, y);
}

/** True when `zone` is a zone id. */
export function isZone(zone: number): boolean {
  return Number.isInteger(zone) && zone >= 0 && zone < ZONE_COUNT;
}

/**
 * The zones whose area lies within `radius` of world (x, z), ascending (the zone there among them).
 * At `radius` ≤ VIEW_RADIUS there are at most MAX_ZONE_ROOMS.
 */
export function zonesInView(x: number, z: number, radius: number = VIEW_RADIUS): number[] {
  const zones: number[] = [];
  for (let ix = zoneIndex(x - radius); ix <= zoneIndex(x + radius); ix++) {
    const dx = gap(x, zoneSpan(ix));
    for (let iz = zoneIndex(z - radius); iz <= zoneIndex(z + radius); iz++) {
      const dz = gap(z, zoneSpan(iz));
      if (dx * dx + dz * dz <= radius * radius) zones.push(idOf(ix, iz));
    }
  }
  return zones;
}

/**
 * A room of a zone the player does not stand in only looks from where the player is (its seat's
 * view of that zone's avatars, refreshed five times a second): it hears the player's moves at most
 * this often (ms), and the room refuses look-only moves faster than that. A tenth of the moves it
 * heard at 10 Hz, and the edge of that room's view trails the player by at most half a second.
 */
export const LOOK_MOVE_MS = 500;

/**
 * Whether the room of `zone` hears a move from `from` to `to` now: at once in the zone walked from
 * and the zone walked into (they move the avatar and hand it over), in a look-only zone when
 * LOOK_MOVE_MS passed since `toldAt` (ms; null: it heard none yet). A move held back is owed: the
 * room hears where the player is once its LOOK_MOVE_MS are up, so its view ends where the walk did.
 */
export function moveDue(
  zone: number,
  from: { x: number; z: number },
  to: { x: number; z: number },
  toldAt: number | null,
  now: number,
): boolean {
  if (zoneOf(to.x, to.z) === zone || zoneOf(from.x, from.z) === zone) return true;
  return toldAt === null || now - toldAt >= LOOK_MOVE_MS;
}

/**
 * Options of `joinOrCreate(ZONE_ROOM, options)`: the zone, and after the first zone room the pass
 * that room gave (`zonePass`), which stands for the player's sign-in in every other zone room.
 */
export const zoneJoinOptionsSchema = joinOptionsSchema.extend({
  zone: z
    .number()
    .int()
    .min(0)
    .max(ZONE_COUNT - 1),
  pass: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});
export type ZoneJoinOptions = z.infer<typeof zoneJoinOptionsSchema>;
