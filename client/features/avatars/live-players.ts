import type { PlayerView } from '../../../shared/state.ts';

/**
 * Remote players as the scene draws them: not React state (positions change at 20 Hz and are
 * read every frame). Each keeps its last few server positions with the time they arrived; the
 * scene draws them INTERPOLATION_DELAY_MS in the past, between two known positions, so 20 Hz
 * patches move avatars smoothly instead of in steps.
 */

/** Two patch intervals at 20 Hz: there is nearly always a later snapshot to move towards. */
export const INTERPOLATION_DELAY_MS = 100;
/** Snapshots kept per player (about 200 ms of patches). */
const SNAPSHOTS = 4;

export interface Snapshot {
  /** Arrival time, ms (performance.now clock). */
  t: number;
  x: number;
  z: number;
  heading: number;
}

export interface Pose {
  x: number;
  z: number;
  heading: number;
}

export interface LivePlayer {
  readonly sessionId: string;
  view: PlayerView;
  /** Oldest first. */
  readonly snapshots: Snapshot[];
  /** Set once per frame by the scene: where the avatar is drawn. */
  readonly pose: Pose;
}

/** Shortest signed turn from heading a to heading b, radians in (-π, π]. */
function turn(a: number, b: number): number {
  const d = (b - a) % (2 * Math.PI);
  if (d > Math.PI) return d - 2 * Math.PI;
  if (d <= -Math.PI) return d + 2 * Math.PI;
  return d;
}

/**
 * Writes into `out` the pose at time `t` (ms): linear between the two snapshots around `t`,
 * held at the first before it and at the last after it (no extrapolation: no overshoot).
 */
export function interpolatePose(snapshots: readonly Snapshot[], t: number, out: Pose): void {
  const first = snapshots[0];
  if (!first) return;
  let a = first;
  let b = first;
  for (const snapshot of snapshots) {
    b = snapshot;
    if (snapshot.t >= t) break;
    a = snapshot;
  }
  const span = b.t - a.t;
  const k = span > 0 ? Math.min(1, Math.max(0, (t - a.t) / span)) : 1;
  out.x = a.x + (b.x - a.x) * k;
  out.z = a.z + (b.z - a.z) * k;
  out.heading = a.heading + turn(a.heading, b.heading) * k;
}

export class LivePlayers {
  readonly players = new Map<string, LivePlayer>();
  /** Bumped when a player joins or leaves (labels and counts re-read). */
  roster = 0;

  /** Records the player's latest state, arrived at time `t` (ms). */
  put(sessionId: string, view: PlayerView, t: number): void {
    let player = this.players.get(sessionId);
    if (!player) {
      player = { sessionId, view, snapshots: [], pose: { x: view.x, z: view.z, heading: view.heading } };
      this.players.set(sessionId, player);
      this.roster++;
    }
    player.view = { ...view };
    const last = player.snapshots.at(-1);
    if (last && last.x === view.x && last.z === view.z && last.heading === view.heading) return;
    player.snapshots.push({ t, x: view.x, z: view.z, heading: view.heading });
    if (player.snapshots.length > SNAPSHOTS) player.snapshots.shift();
  }

  remove(sessionId: string): void {
    if (this.players.delete(sessionId)) this.roster++;
  }

  /** Moves every pose to time `now - INTERPOLATION_DELAY_MS`; true while any avatar is still moving. */
  update(now: number): boolean {
    const t = now - INTERPOLATION_DELAY_MS;
    let moving = false;
    for (const player of this.players.values()) {
      interpolatePose(player.snapshots, t, player.pose);
      const last = player.snapshots.at(-1);
      if (last && last.t > t) moving = true;
    }
    return moving;
  }
}
