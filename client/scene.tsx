import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { Color, SRGBColorSpace } from 'three';
import { useApp } from './app.ts';
import { Avatars } from './features/avatars/avatars.tsx';
import { CAMERA_START, CameraRig } from './features/camera/camera-rig.tsx';
import { GROUND_SIZE } from './features/map/grid.ts';
import { Ground } from './features/map/ground.tsx';
import { palette } from './features/map/palette.ts';
import { Beacons } from './features/rigs/beacons.tsx';
import { Rigs } from './features/rigs/rigs.tsx';
import { FrameProbe } from './features/scene/frame-probe.tsx';
import { Sky } from './features/scene/sky.tsx';
import { StaticLayers } from './features/scene/static-layers.tsx';
import { WorldCanvas, type WorldCanvasConfig } from './features/scene/world-canvas.tsx';
import { Structures } from './features/structures/structures.tsx';

/** Renders a frame whenever the store changes (parcels, selection, hover): the canvas draws on demand. */
function RenderOnStoreChange() {
  const app = useApp();
  const invalidate = useThree((state) => state.invalidate);
  useEffect(() => app.store.subscribe(() => invalidate()), [app, invalidate]);
  return null;
}

/** What a still view draws the same every frame (kept in a cache while unchanged): all but the avatars, rigs and beacons. */
const STATIC_LAYERS = ['ground', 'structures', 'land-beyond', 'sky'];

const CANVAS: WorldCanvasConfig = {
  frameloop: 'demand',
  dpr: 1,
  flat: true,
  gl: { antialias: false, alpha: false, powerPreference: 'high-performance' },
  camera: { fov: 45, near: 0.5, far: 2_000, position: CAMERA_START },
  scene: { background: new Color().setRGB(...palette.background, SRGBColorSpace) },
};

/**
 * The 3D world, the scene's composition root: the map kit's ground and sky and the structure,
 * avatar, rig, beacon and camera features meet here, as the panels meet in panels.tsx. Renders on demand (software WebGL pays for every frame): on camera moves, store
 * changes, and while something animates. Device pixel ratio 1: the ground shader runs per pixel.
 */
export function Scene() {
  return (
    <WorldCanvas config={CANVAS}>
      <Ground />
      <Structures />
      <Avatars />
      <Rigs />
      <Beacons />
      <Sky mapSide={GROUND_SIZE} />
      <CameraRig />
      <FrameProbe />
      <RenderOnStoreChange />
      <StaticLayers names={STATIC_LAYERS} />
    </WorldCanvas>
  );
}
