import { WALK_LIMIT } from '../../../shared/protocol.ts';
import type { CameraMode } from './camera-slice.ts';

/**
 * The camera's and the walking's arithmetic, as plain functions of their inputs (the frame loop
 * passes positions and times in): where one frame's walk goes, and how far the camera moves
 * with the avatar.
 */

export interface Point {
  x: number;
  z: number;
}

export interface Step extends Point {
  /** Facing of the walk, radians (0 = +z, as `move` headings). */
  heading: number;
}

/** A point clamped to where the room lets avatars walk. */
export function clampWalk(x: number, z: number): Point {
  return {
    x: Math.max(-WALK_LIMIT, Math.min(WALK_LIMIT, x)),
    z: Math.max(-WALK_LIMIT, Math.min(WALK_LIMIT, z)),
  };
}

/**
 * One frame of walking from `from` along the view: `ahead` and `sideways` are the held keys' sum
 * (-1…1 each), `forward` the camera's horizontal view direction (any length), `distance` the
 * units walked this frame. Null when the keys cancel out.
 */
export function walkStep(
  from: Point,
  forward: Point,
  ahead: number,
  sideways: number,
  distance: number,
): Step | null {
  const length = Math.hypot(forward.x, forward.z);
  if ((ahead === 0 && sideways === 0) || length === 0) return null;
  const fx = forward.x / length;
  const fz = forward.z / length;
  // right of the view: forward × up
  const dx = fx * ahead - fz * sideways;
  const dz = fz * ahead + fx * sideways;
  const norm = Math.hypot(dx, dz);
  const to = clampWalk(from.x + (dx / norm) * distance, from.z + (dz / norm) * distance);
  return { ...to, heading: Math.atan2(dx, dz) };
}

/**
 * One frame of walking from `from` towards `to` (click-to-walk, walking go-to), at most `distance`
 * units; `arrived` once it stands there.
 */
export function stepTowards(from: Point, to: Point, distance: number): Step & { arrived: boolean } {
  const dx = to.x - from.x;
  const dz = to.z - from.z;
  const left = Math.hypot(dx, dz);
  const heading = left > 0 ? Math.atan2(dx, dz) : 0;
  if (left <= distance) return { x: to.x, z: to.z, heading, arrived: true };
  return { x: from.x + (dx / left) * distance, z: from.z + (dz / left) * distance, heading, arrived: false };
}

/**
 * How far the camera moves when the avatar goes from `before` to `after`: with it while following
 * (angle and zoom kept, so walking never swings or zooms the view), not at all over the free map
 * (the player looks elsewhere on purpose: a walk never pulls the view away).
 */
export function cameraShift(mode: CameraMode, before: Point, after: Point): Point {
  return mode === 'follow' ? { x: after.x - before.x, z: after.z - before.z } : { x: 0, z: 0 };
}
