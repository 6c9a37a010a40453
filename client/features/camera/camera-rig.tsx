import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { type PerspectiveCamera, Vector3 } from 'three';
import { MapControls } from 'three/addons/controls/MapControls.js';
import { MAX_WALK_SPEED, WALK_LIMIT } from '../../../shared/protocol.ts';
import { useApp } from '../../app.ts';
import { isTyping } from '../../ui/typing.ts';
import { clampToMap } from '../map/grid.ts';
import { send } from '../net/room.ts';

/** World units per second: below the server's MAX_WALK_SPEED, so no move is refused as too fast. */
const WALK_SPEED = MAX_WALK_SPEED * 0.7;
/** `move` messages at most every this many ms (≤ 10 Hz, per the protocol). */
const MOVE_INTERVAL_MS = 100;
/** Default view: parcels ~10 px wide at 1280 × 720, the map tilted ~45°. */
export const CAMERA_START = new Vector3(0, 55, 55);

const WALK_KEYS: Record<string, readonly [number, number]> = {
  KeyW: [0, 1],
  ArrowUp: [0, 1],
  KeyS: [0, -1],
  ArrowDown: [0, -1],
  KeyA: [-1, 0],
  ArrowLeft: [-1, 0],
  KeyD: [1, 0],
  ArrowRight: [1, 0],
};

// Scratch vectors: no allocation per frame.
const forward = new Vector3();
const right = new Vector3();
const step = new Vector3();
const UP = new Vector3(0, 1, 0);

/**
 * Map controls (drag to pan, right-drag to rotate, wheel to zoom towards the cursor), WASD/arrow
 * walking of this player's avatar relative to the view (the camera follows), and the throttled
 * `move` messages to the room.
 */
export function CameraRig() {
  const app = useApp();
  const { camera, gl, scene, invalidate } = useThree();

  useEffect(() => {
    const controls = new MapControls(camera, gl.domElement);
    controls.enableDamping = false;
    controls.zoomToCursor = true;
    controls.minDistance = 4;
    controls.maxDistance = 420;
    controls.maxPolarAngle = 1.35;
    controls.addEventListener('change', () => invalidate());
    controls.update();
    app.view = {
      camera: camera as PerspectiveCamera,
      target: controls.target,
      gl,
      scene,
      travel: (x, z) => {
        const to = clampToMap(x, z);
        step.set(to.x - controls.target.x, 0, to.z - controls.target.z);
        controls.target.add(step);
        camera.position.add(step);
        controls.update();
        invalidate();
      },
      invalidate,
    };
    // Joined before the scene mounted: look at this player's avatar from the start.
    app.view.travel(app.me.x, app.me.z);
    return () => {
      app.view = null;
      controls.dispose();
    };
  }, [app, camera, gl, scene, invalidate]);

  useEffect(() => {
    const held = new Set<string>();
    const down = (event: KeyboardEvent) => {
      if (!(event.code in WALK_KEYS) || isTyping(event.target)) return;
      event.preventDefault();
      held.add(event.code);
      walking.keys = held;
      invalidate();
    };
    const up = (event: KeyboardEvent) => held.delete(event.code);
    const blur = () => held.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [invalidate]);

  useFrame((_, delta) => {
    const { me, view } = app;
    // The room refused moves (or never answered them): back to where it has us, the camera
    // along. Checked before this frame's step, which no move has carried yet.
    const correction = app.moves.correction(me, performance.now());
    if (correction && view) {
      view.travel(view.target.x + correction.x - me.x, view.target.z + correction.z - me.z);
      me.x = correction.x;
      me.z = correction.z;
    }
    let dx = 0;
    let dz = 0;
    for (const code of walking.keys) {
      const [sideways, ahead] = WALK_KEYS[code] as readonly [number, number];
      dx += sideways;
      dz += ahead;
    }
    if ((dx !== 0 || dz !== 0) && view) {
      camera.getWorldDirection(forward).setY(0).normalize();
      right.crossVectors(forward, UP).normalize();
      step
        .copy(forward)
        .multiplyScalar(dz)
        .addScaledVector(right, dx)
        .normalize()
        .multiplyScalar(WALK_SPEED * Math.min(delta, 0.1));
      const x = Math.max(-WALK_LIMIT, Math.min(WALK_LIMIT, me.x + step.x));
      const z = Math.max(-WALK_LIMIT, Math.min(WALK_LIMIT, me.z + step.z));
      me.heading = Math.atan2(step.x, step.z);
      view.travel(view.target.x + x - me.x, view.target.z + z - me.z);
      me.x = x;
      me.z = z;
    }
    const now = performance.now();
    const moved = me.x !== walking.sent.x || me.z !== walking.sent.z || me.heading !== walking.sent.heading;
    const current = app.room();
    if (moved && current) {
      if (now - walking.sentAt >= MOVE_INTERVAL_MS) {
        send(current, 'move', { x: me.x, z: me.z, heading: me.heading });
        app.moves.sent(me.x, me.z, now);
        walking.sent = { ...me };
        walking.sentAt = now;
      }
      invalidate(); // keep frames coming until the last position is sent
    }
    // Keep checking until the room answers the moves in flight.
    if (walking.keys.size > 0 || app.moves.awaiting(now)) invalidate();
  });

  return null;
}

/** Keys held and the last position sent; module-level because the frame loop reads it. */
const walking = {
  keys: new Set<string>() as ReadonlySet<string>,
  sent: { x: 0, z: 0, heading: 0 },
  sentAt: 0,
};
