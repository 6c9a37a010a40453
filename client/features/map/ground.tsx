import { extend, type ThreeEvent } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Mesh, PlaneGeometry } from 'three';
import { useApp } from '../../app.ts';
import { GROUND_SIZE, parcelIdAtUv } from './grid.ts';
import { createGroundMaterial } from './ground-material.ts';

/**
 * Quads along each side of the ground: its shader interpolates the distance to the camera
 * between vertices, which is near linear over ~10 parcels (and wrong over the whole map).
 */
const GROUND_SEGMENTS = 30;

/** Pointer travel (px) beyond which a press is a drag of the map, not a click on a parcel. */
const CLICK_SLOP_PX = 5;

// <mesh> below: the scene's canvas registers no three classes as JSX elements (WorldCanvas)
extend({ Mesh });

function parcelOfEvent(event: ThreeEvent<PointerEvent | MouseEvent>): number | null {
  return event.uv ? parcelIdAtUv(event.uv.x, event.uv.y) : null;
}

/** The whole map: one subdivided quad, one draw call; the shader draws every parcel from the map texture. */
export function Ground() {
  const app = useApp();
  const geometry = useMemo(
    () => new PlaneGeometry(GROUND_SIZE, GROUND_SIZE, GROUND_SEGMENTS, GROUND_SEGMENTS).rotateX(-Math.PI / 2),
    [],
  );
  const material = useMemo(() => createGroundMaterial(app.map), [app.map]);
  useEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );
  const { hover, select } = app.store.getState();
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a three.js mesh, not a DOM element; the go-to box is the keyboard route
    <mesh
      name="ground"
      geometry={geometry}
      material={material}
      // Drawn after the rigs and avatars: the depth test then skips the ground's (costly) pixels under them.
      renderOrder={1}
      onPointerMove={(event) => hover(parcelOfEvent(event))}
      onPointerOut={() => hover(null)}
      onClick={(event) => {
        if (event.delta > CLICK_SLOP_PX) return;
        const id = parcelOfEvent(event);
        if (id !== null) select(id);
      }}
    />
  );
}
