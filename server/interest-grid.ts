import { VIEW_RADIUS } from '../shared/protocol.ts';
import type { Position } from './rules.ts';

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
