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

/** A token bucket: `tokens` left at time `at` (ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

/** Takes one token if there is one (refilling `perSecond` up to `burst` since `bucket.at`). */
export function takeToken(bucket: Bucket, now: number, perSecond: number, burst: number): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** A full bucket at time `now`. */
export function fullBucket(burst: number, now: number): Bucket {
  return { tokens: burst, at: now };
}

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

/**
 * Spatial hash of positions in cells of VIEW_RADIUS, so finding the players near one looks at
 * 9 cells instead of every player.
 */
export class InterestGrid<K> {
  readonly #cells = new Map<string, Set<K>>();
  readonly #cellOf = new Map<K, string>();

  static cellKey(x: number, z: number): string {
    return `${Math.floor(x / VIEW_RADIUS)},${Math.floor(z / VIEW_RADIUS)}`;
  }

  place(key: K, at: Position): void {
    const cell = InterestGrid.cellKey(at.x, at.z);
    const previous = this.#cellOf.get(key);
    if (previous === cell) return;
    if (previous !== undefined) this.#cells.get(previous)?.delete(key);
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
    const members = this.#cells.get(cell);
    members?.delete(key);
    if (members?.size === 0) this.#cells.delete(cell);
    this.#cellOf.delete(key);
  }

  /** Keys within VIEW_RADIUS of `at` (including a key standing at `at`), found with `positionOf`. */
  near(at: Position, positionOf: (key: K) => Position | undefined): K[] {
    const cx = Math.floor(at.x / VIEW_RADIUS);
    const cz = Math.floor(at.z / VIEW_RADIUS);
    const found: K[] = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dz = -1; dz <= 1; dz++) {
        const members = this.#cells.get(`${cx + dx},${cz + dz}`);
        if (!members) continue;
        for (const key of members) {
          const p = positionOf(key);
          if (p && Math.hypot(p.x - at.x, p.z - at.z) <= VIEW_RADIUS) found.push(key);
        }
      }
    }
    return found;
  }
}
