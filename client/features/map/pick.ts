import { type Camera, type Object3D, Raycaster, Vector2 } from 'three';
import { parcelIdAtUv } from './grid.ts';

const raycaster = new Raycaster();
const ndc = new Vector2();

export interface GroundHit {
  /** World point on the ground. */
  x: number;
  z: number;
  /** Parcel there, or null (the ground's edge). */
  parcelId: number | null;
}

/**
 * The ground under canvas point (x, y), CSS pixels from the canvas' top left: a ray from the
 * camera through that pixel onto the ground mesh, exact at any zoom and angle. Null off the map.
 */
export function pickGround(
  camera: Camera,
  ground: Object3D,
  canvas: { width: number; height: number },
  x: number,
  y: number,
): GroundHit | null {
  ndc.set((x / canvas.width) * 2 - 1, -(y / canvas.height) * 2 + 1);
  raycaster.setFromCamera(ndc, camera);
  const hit = raycaster.intersectObject(ground, false)[0];
  if (!hit) return null;
  return { x: hit.point.x, z: hit.point.z, parcelId: hit.uv ? parcelIdAtUv(hit.uv.x, hit.uv.y) : null };
}
