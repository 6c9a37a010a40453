import type { Schema, StateView } from '@colyseus/schema';
import { VIEW_RADIUS } from '../shared/protocol.ts';
import type { Position } from './rules.ts';

/** Numeric key of the grid cell (cx, cz); cells stay well inside ±1000 on any map we build. */
const cellKey = (cx: number, cz: number) => (cx + 1000) * 2048 + (cz + 1000);
const VIEW_RADIUS_SQUARED = VIEW_RADIUS * VIEW_RADIUS;

/** Where a key stands, as the grid last heard it, and its cell. */
interface Spot<K> {
  key: K;
  x: number;
  z: number;
  cell: number;
}

/**
 * Spatial hash of positions in cells of VIEW_RADIUS, so finding the players near one looks at
 * 9 cells instead of every player. It keeps a copy of each position it is given (`place` on
 * every move), so a query reads no state objects. The room asks it for every client five times
 * a second, so it allocates nothing per query.
 */
export class InterestGrid<K> {
  readonly #cells = new Map<number, Set<Spot<K>>>();
  readonly #spots = new Map<K, Spot<K>>();

  place(key: K, at: Position): void {
    const cell = cellKey(Math.floor(at.x / VIEW_RADIUS), Math.floor(at.z / VIEW_RADIUS));
    let spot = this.#spots.get(key);
    if (!spot) {
      spot = { key, x: at.x, z: at.z, cell };
      this.#spots.set(key, spot);
    } else {
      spot.x = at.x;
      spot.z = at.z;
      if (spot.cell === cell) return;
      this.#leave(spot);
      spot.cell = cell;
    }
    let members = this.#cells.get(cell);
    if (!members) {
      members = new Set();
      this.#cells.set(cell, members);
    }
    members.add(spot);
  }

  remove(key: K): void {
    const spot = this.#spots.get(key);
    if (!spot) return;
    this.#leave(spot);
    this.#spots.delete(key);
  }

  #leave(spot: Spot<K>): void {
    const members = this.#cells.get(spot.cell);
    members?.delete(spot);
    if (members?.size === 0) this.#cells.delete(spot.cell);
  }

  /**
   * Fills `into` (cleared first) with the keys within VIEW_RADIUS of `at`, including a key
   * standing at `at`; returns it.
   */
  near(at: Position, into: Set<K>): Set<K> {
    into.clear();
    const cx = Math.floor(at.x / VIEW_RADIUS);
    const cz = Math.floor(at.z / VIEW_RADIUS);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dz = -1; dz <= 1; dz++) {
        const members = this.#cells.get(cellKey(cx + dx, cz + dz));
        if (!members) continue;
        for (const spot of members) {
          const ex = spot.x - at.x;
          const ez = spot.z - at.z;
          if (ex * ex + ez * ez <= VIEW_RADIUS_SQUARED) into.add(spot.key);
        }
      }
    }
    return into;
  }
}

/**
 * Makes `view` hold exactly the items of the keys in `near` (found with `itemOf`): `visible` is
 * the keys it holds so far, and follows. Only the differences touch the view.
 */
export function syncView<K>(
  view: StateView,
  visible: Set<K>,
  near: Set<K>,
  itemOf: (key: K) => Schema | undefined,
): void {
  for (const key of visible) {
    if (near.has(key)) continue;
    const item = itemOf(key);
    if (item) view.remove(item);
    visible.delete(key);
  }
  for (const key of near) {
    if (visible.has(key)) continue;
    const item = itemOf(key);
    if (!item) continue;
    view.add(item);
    visible.add(key);
  }
}
