import { MAX_WALK_SPEED } from '../shared/protocol.ts';
import { ownerHue } from '../shared/world.ts';

/**
 * Game rules of the world room as plain functions of their inputs (no clock, no I/O): the room
 * passes `now` in, so tests drive them without sockets.
 */

/** Seconds of walking a move may cover at least, so jitter between two quick moves is not "too fast". */
const MIN_MOVE_INTERVAL_S = 0.1;
/** World units of slack per move, for rounding and network jitter. */
const MOVE_SLACK = 0.5;

export interface Position {
  x: number;
  z: number;
}

/** True when walking from `from` to `to` in `elapsedMs` milliseconds is within MAX_WALK_SPEED. */
export function isWalkable(from: Position, to: Position, elapsedMs: number): boolean {
  const seconds = Math.max(elapsedMs / 1000, MIN_MOVE_INTERVAL_S);
  return Math.hypot(to.x - from.x, to.z - from.z) <= MAX_WALK_SPEED * seconds + MOVE_SLACK;
}

/** A heading (radians, finite) as stored and sent: the same direction in [-π, π). */
export function normalizeHeading(heading: number): number {
  const turn = 2 * Math.PI;
  return heading - turn * Math.floor((heading + Math.PI) / turn);
}

// The bucket rule is shared with the client (which paces work shares by it); the room's and the
// HTTP routes' limits use it from here.

/** Avatar colour of an address or guest id: its owner hue as a CSS colour. */
export function playerColor(address: string): string {
  return `hsl(${Math.round((ownerHue(address) * 360) / 256)}, 70%, 55%)`;
}

/** Default name: `0x12ab…cdef` for an address, the guest id for a guest. */
export function defaultName(address: string): string {
  return address.startsWith('0x') ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/**
 * Chat text and names as stored and shown: control and format characters (zero-width, bidi
 * overrides) become spaces, whitespace runs collapse.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
