/**
 * This player's avatar is walked locally (no waiting for the server), but the room decides where
 * it is: a move it refuses (too fast, rate limited) leaves the room's position behind. While moves
 * are in flight the room may yet take them, so any gap is explained; once they are answered
 * (seen in the room state), refused, or unanswered for too long, a gap is a divergence and the
 * local pose goes back to the room's position. The room's answer decides, not a guess of the
 * room's rules here.
 */

/**
 * World units of gap that always count as agreement: float32 state, and the walk since the last
 * move sent (moves go at least every 100 ms while walking: under 1 unit at walking speed).
 */
export const RECONCILE_TOLERANCE = 1.5;
/** A move not seen in the room state after this long (ms) was dropped: it explains nothing. */
export const MOVE_ANSWER_MS = 1_000;
/** World units: a room position this close to a sent move is that move (float32 rounding). */
const SAME_POSITION = 1e-3;

export interface Point {
  x: number;
  z: number;
}

interface SentMove extends Point {
  /** Send time, ms (performance.now clock). */
  at: number;
}

export class OwnMoves {
  /** This player's position in the room state; null until joined. */
  server: Point | null = null;
  /** Moves sent and not yet seen in the room state, oldest first. */
  private readonly pending: SentMove[] = [];

  /** (Re)joined: the room placed this player at `server`; nothing is in flight. */
  joined(server: Point): void {
    this.server = { x: server.x, z: server.z };
    this.pending.length = 0;
  }

  /** A `move` to (x, z) was sent at time `at`. */
  sent(x: number, z: number, at: number): void {
    this.pending.push({ x, z, at });
  }

  /** The room state shows this player at `server`: the move it shows, and every earlier one, is answered. */
  heard(server: Point): void {
    this.server = { x: server.x, z: server.z };
    const seen = this.pending.findIndex(
      (move) => Math.abs(move.x - server.x) <= SAME_POSITION && Math.abs(move.z - server.z) <= SAME_POSITION,
    );
    if (seen >= 0) this.pending.splice(0, seen + 1);
  }

  /** The room refused a move: the moves in flight no longer explain any gap. */
  refused(): void {
    this.pending.length = 0;
  }

  /** True while sent moves may still be answered (until then a gap may be in flight). */
  awaiting(now: number): boolean {
    this.forgetUnanswered(now);
    return this.pending.length > 0;
  }

  /**
   * Where the local pose must go back to, or null when it agrees with the room (within
   * RECONCILE_TOLERANCE) or moves are still in flight.
   */
  correction(local: Point, now: number): Point | null {
    if (!this.server || this.awaiting(now)) return null;
    if (Math.hypot(local.x - this.server.x, local.z - this.server.z) <= RECONCILE_TOLERANCE) return null;
    return { x: this.server.x, z: this.server.z };
  }

  private forgetUnanswered(now: number): void {
    while (this.pending[0] && now - this.pending[0].at > MOVE_ANSWER_MS) this.pending.shift();
  }
}
