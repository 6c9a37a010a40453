import {
  BoxGeometry,
  type BufferGeometry,
  CylinderGeometry,
  Float32BufferAttribute,
  type InstancedBufferAttribute,
  type InstancedMesh,
} from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { Face, WALLS, withFaces } from '../scene/box-faces.ts';
import { createInstancedMesh } from '../scene/instances.ts';
import { createShadedMaterial } from '../scene/shaded-material.ts';

/** Model units from the ground to the hips: the legs swing about this height. */
const HIP = 0.9;
/** World units per model unit: three parcels tall, a figure of ~30 px at the default zoom. */
const SCALE = 1.2;
/** World units from the ground to the top of the head: a name label sits just above. */
export const AVATAR_HEIGHT = 2.55 * SCALE;

/** Marks every vertex of `geometry` with `limb` (+1 left leg, -1 right leg, 0 the rest). */
function tagged(geometry: BufferGeometry, limb: number): BufferGeometry {
  const count = geometry.getAttribute('position').count;
  geometry.setAttribute('limb', new Float32BufferAttribute(new Float32Array(count).fill(limb), 1));
  return geometry;
}

/**
 * A low-poly figure (software WebGL shades every vertex of every avatar each frame): two legs, a
 * six-sided torso, a head and a nose pointing along +Z (the heading); about three parcels tall,
 * so it reads at the default zoom (a parcel ~10 px). Merged: one draw call.
 */
function avatarGeometry(): BufferGeometry {
  // Faces no camera sees are left out: the legs' tops (inside the torso), the nose's back (inside
  // the head).
  const leg = () => withFaces(new BoxGeometry(0.24, HIP, 0.26), [...WALLS, Face.Bottom]);
  const nose = [Face.East, Face.West, Face.Top, Face.Bottom, Face.North];
  const parts = [
    tagged(leg().translate(0.17, HIP / 2, 0), 1),
    tagged(leg().translate(-0.17, HIP / 2, 0), -1),
    tagged(new CylinderGeometry(0.36, 0.42, 1.05, 6).translate(0, HIP + 0.52, 0), 0),
    tagged(new BoxGeometry(0.46, 0.46, 0.46).translate(0, 2.3, 0), 0),
    tagged(withFaces(new BoxGeometry(0.16, 0.12, 0.22), nose).translate(0, 2.28, 0.32), 0),
  ];
  const merged = mergeGeometries(parts).scale(SCALE, SCALE, SCALE);
  for (const part of parts) part.dispose();
  return merged;
}

export interface AvatarMesh {
  mesh: InstancedMesh;
  /** Per instance: the legs' swing, radians (see stride.ts). */
  swing: InstancedBufferAttribute;
  dispose(): void;
}

/** All avatars in one instanced mesh; the legs swing in the vertex shader by the `swing` attribute. */
export function createAvatarMesh(capacity: number): AvatarMesh {
  const geometry = avatarGeometry();
  const material = createShadedMaterial({
    declarations: `
      attribute float limb;
      attribute float swing;
    `,
    deform: `
      if (limb != 0.0) {
        float a = limb * swing;
        mat2 turn = mat2(cos(a), sin(a), -sin(a), cos(a));
        vec2 hip = vec2(${(HIP * SCALE).toFixed(3)}, 0.0);
        transformed.yz = hip + turn * (transformed.yz - hip);
        objectNormal.yz = turn * objectNormal.yz;
      }
    `,
  });
  const { mesh, values: swing } = createInstancedMesh(geometry, material, capacity, 'swing');
  return {
    mesh,
    swing,
    dispose() {
      mesh.dispose();
      geometry.dispose();
      material.dispose();
    },
  };
}
