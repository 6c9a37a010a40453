import { CENTRE_RING } from './world.ts';

/**
 * Where the room places a player who joins without a spot of their own: the n-th join of the room
 * lands on the n-th point of a sunflower (Vogel) spiral over Genesis Plaza, so players appear
 * spread over the plaza instead of on top of each other, the first few close to its centre (where
 * the city starts) and later ones further out. A pure function of n: every server places the same
 * n-th player at the same spot, and the tests check it.
 */

/** World units between neighbouring spawn points, about: avatars side by side, not overlapping. */
export const SPAWN_SPACING = 1.6;
/** Farthest spawn point from the centre: inside the plaza (rings 0…CENTRE_RING), off its border road. */
export const SPAWN_RADIUS = CENTRE_RING - 1.5;
/** Points on the spiral before it starts over at the centre. */
export const SPAWN_POINTS = Math.floor((SPAWN_RADIUS / SPAWN_SPACING) ** 2);
/** The golden angle, radians: successive points never line up. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export interface SpawnPoint {
  x: number;
  z: number;
  /** Facing away from the plaza's centre (radians, as `move` headings): the player looks at the city. */
  heading: number;
}

/** The spawn point of the room's n-th join (n ≥ 0, counted from 0; any integer is taken modulo SPAWN_POINTS). */
export function spawnPoint(n: number): SpawnPoint {
  const index = ((Math.trunc(n) % SPAWN_POINTS) + SPAWN_POINTS) % SPAWN_POINTS;
  const radius = SPAWN_SPACING * Math.sqrt(index + 0.5);
  const angle = index * GOLDEN_ANGLE;
  const x = radius * Math.cos(angle);
  const z = radius * Math.sin(angle);
  return { x, z, heading: Math.atan2(x, z) };
}
