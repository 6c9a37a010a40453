import { MAX_WALK_SPEED, VIEW_RADIUS } from '../shared/protocol.ts';
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
export { type Bucket, fullBucket, takeToken } from '../shared/rate-limit.ts';

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

/** Numeric key of the grid cell (cx, cz); cells stay well inside ±1000 on any map we build. */
const cellKey = (cx: number, cz: number) => (cx + 1000) * 2048 + (cz + 1000);
const VIEW_RADIUS_SQUARED = VIEW_RADIUS * VIEW_RADIUS;

/**
 * Spatial hash of positions in cells of VIEW_RADIUS, so finding the players near one looks at
 * 9 cells instead of every player. The room asks it for every client five times a second, so it
 * allocates nothing per query.
 */
export class InterestGrid<K> {
  readonly #cells = new Map<number, Set<K>>();
  readonly #cellOf = new Map<K, number>();

  place(key: K, at: Position): void {
    const cell = cellKey(Math.floor(at.x / VIEW_RADIUS), Math.floor(at.z / VIEW_RADIUS));
    const previous = this.#cellOf.get(key);
    if (previous === cell) return;
    if (previous !== undefined) this.#leave(key, previous);
    let members = this.#cells.get(cell);
    if (!members) {
      members = new Set();
      this.#cells.set(cell, members);
    }
    members.add(key);
    this.#cellOf.set(key, cell);
  }

  remove(key: K): void {
    const cell = this.#cellOf.get(key);
    if (cell === undefined) return;
    this.#leave(key, cell);
    this.#cellOf.delete(key);
  }

  #leave(key: K, cell: number): void {
    const members = this.#cells.get(cell);
    members?.delete(key);
    if (members?.size === 0) this.#cells.delete(cell);
  }

  /**
   * Fills `into` (cleared first) with the keys within VIEW_RADIUS of `at`, including a key
   * standing at `at`, found with `positionOf`; returns it.
   */
  near(at: Position, positionOf: (key: K) => Position | undefined, into: Set<K>): Set<K> {
    into.clear();
    const cx = Math.floor(at.x / VIEW_RADIUS);
    const cz = Math.floor(at.z / VIEW_RADIUS);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dz = -1; dz <= 1; dz++) {
        const members = this.#cells.get(cellKey(cx + dx, cz + dz));
        if (!members) continue;
        for (const key of members) {
          const p = positionOf(key);
          if (!p) continue;
          const ex = p.x - at.x;
          const ez = p.z - at.z;
          if (ex * ex + ez * ez <= VIEW_RADIUS_SQUARED) into.add(key);
        }
      }
    }
    return into;
  }
}
