import type { Camera } from 'three';
import { Vector3 } from 'three';
import { MAX_WALK_SPEED } from '../../../shared/protocol.ts';
import type { App } from '../../app.ts';
import { send } from '../net/world-room.ts';
import type { CameraMode } from './camera-slice.ts';
import { cameraShift, clampWalk, type Point, type Step, stepTowards, walkStep } from './follow.ts';

/** World units per second: below the server's MAX_WALK_SPEED, so no move is refused as too fast. */
export const WALK_SPEED = MAX_WALK_SPEED * 0.7;
/** `move` messages at most every this many ms (≤ 10 Hz, per the protocol). */
const MOVE_INTERVAL_MS = 100;
/** Longest frame a walk step covers, seconds: a stalled tab does not jump the avatar. */
const MAX_FRAME_S = 0.1;

const WALK_KEYS: Record<string, readonly [ahead: number, sideways: number]> = {
  KeyW: [1, 0],
  ArrowUp: [1, 0],
  KeyS: [-1, 0],
  ArrowDown: [-1, 0],
  KeyA: [0, -1],
  ArrowLeft: [0, -1],
  KeyD: [0, 1],
  ArrowRight: [0, 1],
};

export function isWalkKey(code: string): boolean {
  return code in WALK_KEYS;
}

const view = new Vector3();

/**
 * This player's avatar on the move: walked with the held keys (relative to the view), or along a
 * route to a destination (click-to-walk, a walking go-to), or jumped (teleport); the throttled
 * `move` messages to the room, and the room's corrections. The camera moves with the avatar by
 * cameraShift: with it while following, not over the free map.
 */
export class Walker {
  /** Walk keys held (KeyboardEvent.code). */
  readonly keys = new Set<string>();
  /** Where the avatar walks to by itself, or null. */
  route: Point | null = null;
  #sent: Step = { x: 0, z: 0, heading: 0 };
  #sentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly app: App) {}

  /** Walks to world (x, z) (kept on the walkable map); a walk key takes over again. */
  walkTo(x: number, z: number): void {
    this.route = clampWalk(x, z);
    this.app.view?.invalidate();
  }

  /** Jumps to world (x, z) at once and tells the room; the camera looks there. */
  teleport(x: number, z: number): void {
    const { app } = this;
    const room = app.room();
    if (!room) return;
    const to = clampWalk(x, z);
    this.route = null;
    app.view?.travel(to.x, to.z);
    app.me.x = to.x;
    app.me.z = to.z;
    const now = performance.now();
    send(room, 'teleport', to);
    app.moves.sent(to.x, to.z, now);
    this.#sent = { ...to, heading: app.me.heading };
    this.#sentAt = now;
    app.view?.invalidate();
  }

  /** One frame: correction, this frame's step, the move message. True while frames must keep coming. */
  frame(camera: Camera, mode: CameraMode, delta: number, now: number): boolean {
    const { app } = this;
    const { me } = app;
    // The room refused moves (or never answered them): back to where it has us. Checked before
    // this frame's step, which no move has carried yet.
    const correction = app.moves.correction(me, now);
    if (correction) {
      this.route = null;
      this.#place(mode, correction, me.heading);
    }
    const step = this.#step(camera, delta);
    if (step) this.#place(mode, step, step.heading);
    const moved = me.x !== this.#sent.x || me.z !== this.#sent.z || me.heading !== this.#sent.heading;
    const room = app.room();
    if (moved && room && now - this.#sentAt >= MOVE_INTERVAL_MS) {
      send(room, 'move', { x: me.x, z: me.z, heading: me.heading });
      app.moves.sent(me.x, me.z, now);
      this.#sent = { x: me.x, z: me.z, heading: me.heading };
      this.#sentAt = now;
    }
    // until the last position is sent, and the room answered the moves in flight
    return (moved && room !== null) || this.keys.size > 0 || this.route !== null || app.moves.awaiting(now);
  }

  #step(camera: Camera, delta: number): Step | null {
    const distance = WALK_SPEED * Math.min(delta, MAX_FRAME_S);
    let ahead = 0;
    let sideways = 0;
    for (const code of this.keys) {
      const [a, s] = WALK_KEYS[code] as readonly [number, number];
      ahead += a;
      sideways += s;
    }
    if (this.keys.size > 0) {
      this.route = null;
      camera.getWorldDirection(view);
      return walkStep(this.app.me, { x: view.x, z: view.z }, ahead, sideways, distance);
    }
    if (!this.route) return null;
    const step = stepTowards(this.app.me, this.route, distance);
    if (step.arrived) this.route = null;
    // already there: no step, and no turn to a heading of nowhere
    return step.x === this.app.me.x && step.z === this.app.me.z ? null : step;
  }

  #place(mode: CameraMode, to: Point, heading: number): void {
    const { me, view: scene } = this.app;
    const shift = cameraShift(mode, me, to);
    if (scene && (shift.x !== 0 || shift.z !== 0))
      scene.travel(scene.target.x + shift.x, scene.target.z + shift.z);
    me.x = to.x;
    me.z = to.z;
    me.heading = heading;
  }
}
