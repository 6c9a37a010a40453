import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { MOUSE, type PerspectiveCamera, TOUCH, Vector3 } from 'three';
import { MapControls } from 'three/addons/controls/MapControls.js';
import { type App, useApp } from '../../app.ts';
import { isTyping } from '../../ui/typing.ts';
import { clampToMap, parcelIdAtWorld } from '../map/grid.ts';
import { pickGround } from '../map/pick.ts';
import type { CameraMode } from './camera-slice.ts';
import { isWalkKey, Walker } from './walker.ts';

/** Default view: parcels ~10 px wide at 1280 × 720, the map tilted ~45°. */
export const CAMERA_START = new Vector3(0, 55, 55);
/** Closest the camera comes to what it looks at, world units. */
const MIN_DISTANCE = 4;
/** Farthest the following camera pulls back: the avatar stays a few pixels tall. */
const FOLLOW_MAX_DISTANCE = 160;
/** Farthest the free map view pulls back: the whole map in view. */
const MAP_MAX_DISTANCE = 420;
/** Where the free map view starts: a few districts around the avatar. */
const MAP_DISTANCE = 240;
/** Pointer travel (px) beyond which a press is a drag, not a click. */
const CLICK_SLOP_PX = 5;

/**
 * Following the avatar, a drag orbits around it and the wheel zooms on it (it stays in the
 * middle); over the free map a drag pans, right-drag orbits and the wheel zooms where the cursor
 * points, as on a map.
 */
function configure(controls: MapControls, mode: CameraMode): void {
  const follow = mode === 'follow';
  controls.enablePan = !follow;
  controls.zoomToCursor = !follow;
  controls.maxDistance = follow ? FOLLOW_MAX_DISTANCE : MAP_MAX_DISTANCE;
  controls.mouseButtons = follow
    ? { LEFT: MOUSE.ROTATE, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.ROTATE }
    : { LEFT: MOUSE.PAN, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.ROTATE };
  controls.touches = follow
    ? { ONE: TOUCH.ROTATE, TWO: TOUCH.DOLLY_ROTATE }
    : { ONE: TOUCH.PAN, TWO: TOUCH.DOLLY_ROTATE };
}

const offset = new Vector3();

/**
 * Switches the view between following the avatar and the free map: the map view pulls back over
 * where the camera looks; following again comes back to the avatar at the distance it had.
 */
function switchMode(
  app: App,
  controls: MapControls,
  camera: PerspectiveCamera,
  mode: CameraMode,
  memory: { distance: number },
) {
  configure(controls, mode);
  offset.copy(camera.position).sub(controls.target);
  if (mode === 'map') {
    memory.distance = offset.length();
    offset.setLength(Math.max(memory.distance, MAP_DISTANCE));
  } else {
    const at = clampToMap(app.me.x, app.me.z);
    controls.target.set(at.x, 0, at.z);
    offset.setLength(Math.min(memory.distance, FOLLOW_MAX_DISTANCE));
  }
  camera.position.copy(controls.target).add(offset);
  controls.update();
}

/**
 * The third-person camera and this player's walking: map controls around the avatar (or free over
 * the map), WASD/arrow walking relative to the view, double-click to walk to a spot, a middle
 * click to pick the parcel under the cursor, and go-to (walk or teleport, as the player chose).
 */
export function CameraRig() {
  const app = useApp();
  const { camera, gl, scene, invalidate } = useThree();
  const walker = useMemo(() => new Walker(app), [app]);

  useEffect(() => {
    const controls = new MapControls(camera, gl.domElement);
    controls.enableDamping = false;
    controls.minDistance = MIN_DISTANCE;
    controls.maxPolarAngle = 1.35;
    const memory = { distance: camera.position.length() };
    configure(controls, app.store.getState().cameraMode);
    controls.addEventListener('change', () => invalidate());
    controls.update();
    const shift = new Vector3();
    const travel = (x: number, z: number) => {
      const to = clampToMap(x, z);
      shift.set(to.x - controls.target.x, 0, to.z - controls.target.z);
      controls.target.add(shift);
      camera.position.add(shift);
      controls.update();
      invalidate();
    };
    app.view = {
      camera: camera as PerspectiveCamera,
      target: controls.target,
      gl,
      scene,
      travel,
      goTo(x, z) {
        const state = app.store.getState();
        const parcel = parcelIdAtWorld(x, z);
        if (parcel !== null) state.select(parcel);
        if (state.travelBy === 'teleport') walker.teleport(x, z);
        else {
          walker.walkTo(x, z);
          // over the free map the view goes ahead to the destination; following, it walks along
          if (state.cameraMode === 'map') travel(x, z);
        }
      },
      invalidate,
    };
    // Joined before the scene mounted: look at this player's avatar from the start.
    travel(app.me.x, app.me.z);
    const unsubscribe = app.store.subscribe((state, previous) => {
      if (state.cameraMode === previous.cameraMode) return;
      switchMode(app, controls, camera as PerspectiveCamera, state.cameraMode, memory);
      invalidate();
    });

    // Double-click on the ground: walk there. A middle click (no drag): pick the parcel there.
    const canvas = gl.domElement;
    const groundAt = (event: MouseEvent) => {
      const ground = scene.getObjectByName('ground');
      const rect = canvas.getBoundingClientRect();
      return ground
        ? pickGround(camera, ground, rect, event.clientX - rect.left, event.clientY - rect.top)
        : null;
    };
    const doubleClick = (event: MouseEvent) => {
      const hit = groundAt(event);
      if (hit) walker.walkTo(hit.x, hit.z);
    };
    let middleDown: { x: number; y: number } | null = null;
    const pointerDown = (event: PointerEvent) => {
      middleDown = event.button === 1 ? { x: event.clientX, y: event.clientY } : null;
      if (event.button === 1) event.preventDefault(); // no autoscroll
    };
    const pointerUp = (event: PointerEvent) => {
      if (event.button !== 1 || !middleDown) return;
      const moved = Math.hypot(event.clientX - middleDown.x, event.clientY - middleDown.y);
      middleDown = null;
      const parcel = moved <= CLICK_SLOP_PX ? groundAt(event)?.parcelId : null;
      if (parcel !== null && parcel !== undefined) app.store.getState().select(parcel);
    };
    canvas.addEventListener('dblclick', doubleClick);
    canvas.addEventListener('pointerdown', pointerDown);
    canvas.addEventListener('pointerup', pointerUp);
    return () => {
      canvas.removeEventListener('dblclick', doubleClick);
      canvas.removeEventListener('pointerdown', pointerDown);
      canvas.removeEventListener('pointerup', pointerUp);
      unsubscribe();
      app.view = null;
      controls.dispose();
    };
  }, [app, camera, gl, scene, invalidate, walker]);

  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (!isWalkKey(event.code) || isTyping(event.target)) return;
      event.preventDefault();
      walker.keys.add(event.code);
      invalidate();
    };
    const up = (event: KeyboardEvent) => walker.keys.delete(event.code);
    const blur = () => walker.keys.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, [invalidate, walker]);

  useFrame((_, delta) => {
    if (walker.frame(camera, app.store.getState().cameraMode, delta, performance.now())) invalidate();
  });

  return null;
}
