import { BoxGeometry, type BufferGeometry, CylinderGeometry, Float32BufferAttribute } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { Face, WALLS, withFaces } from '../scene/box-faces.ts';
import { bakeLight, srgbByte } from '../scene/light.ts';
import { usedVertices, VertexBatch } from '../scene/vertex-batch.ts';
import type { Gait } from './stride.ts';

/** Model units from the ground to the hips: the legs swing about this height. */
const HIP = 0.9;
/** World units per model unit: three parcels tall, a figure of ~30 px at the default zoom. */
const SCALE = 1.2;
/** World units from the ground to the hips. */
const HIP_HEIGHT = HIP * SCALE;
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
 * so it reads at the default zoom (a parcel ~10 px).
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

/** The figure as the batch copies it: only the vertices its triangles use, world units, standing at the origin facing +Z. */
export interface AvatarTemplate {
  /** x, y, z per vertex. */
  positions: Float32Array;
  /** Unit normal per vertex. */
  normals: Float32Array;
  /** Per vertex: +1 left leg, -1 right leg, 0 the rest. */
  limbs: Float32Array;
  indices: Uint32Array;
}

export function avatarTemplate(): AvatarTemplate {
  const geometry = avatarGeometry();
  const { indices, attributes } = usedVertices(geometry, ['position', 'normal', 'limb']);
  geometry.dispose();
  const [positions, normals, limbs] = attributes as [Float32Array, Float32Array, Float32Array];
  return { positions, normals, limbs, indices };
}

/** Linear RGB, as three's Color holds it. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

// Scratch: one vertex's light.
const light = [0, 0, 0];

/**
 * The avatars of one frame in one batch, rewritten every frame: each figure placed where its
 * player stands, turned by the heading, legs swung by the stride, lit as the shaded material
 * lights things that move (light.ts) and coloured by its player's colour.
 */
export class AvatarBatch extends VertexBatch {
  constructor(
    private readonly template: AvatarTemplate,
    avatars: number,
  ) {
    super(avatars * template.limbs.length, avatars * template.indices.length);
  }

  /** Appends an avatar standing at ground point (x, z), facing `heading` (radians about +Y, 0 along +Z), in `gait`. */
  add(x: number, z: number, heading: number, gait: Gait, color: Rgb): void {
    const { positions, normals, limbs, indices } = this.template;
    const count = limbs.length;
    const first = this.vertices;
    this.reserve(first + count, this.indexCount + indices.length);
    for (let i = 0; i < indices.length; i++) this.indices[this.indexCount++] = (indices[i] as number) + first;
    const turnCos = Math.cos(heading);
    const turnSin = Math.sin(heading);
    // the left leg swings by +swing about the hips' axis (X), the right by -swing
    const swingCos = Math.cos(gait.swing);
    const swingSin = Math.sin(gait.swing);
    for (let v = 0; v < count; v++) {
      const limb = limbs[v] as number;
      let px = positions[v * 3] as number;
      let py = positions[v * 3 + 1] as number;
      let pz = positions[v * 3 + 2] as number;
      let nx = normals[v * 3] as number;
      let ny = normals[v * 3 + 1] as number;
      let nz = normals[v * 3 + 2] as number;
      if (limb !== 0) {
        const sin = limb * swingSin;
        const up = py - HIP_HEIGHT;
        py = HIP_HEIGHT + swingCos * up - sin * pz;
        pz = sin * up + swingCos * pz;
        const normalY = ny;
        ny = swingCos * normalY - sin * nz;
        nz = sin * normalY + swingCos * nz;
      }
      // turned about +Y by the heading, as three's rotation.y turns
      const x0 = px;
      px = turnCos * x0 + turnSin * pz;
      pz = -turnSin * x0 + turnCos * pz;
      const normalX = nx;
      nx = turnCos * normalX + turnSin * nz;
      nz = -turnSin * normalX + turnCos * nz;
      const out = first + v;
      const y = py + gait.bob;
      this.positions[out * 3] = px + x;
      this.positions[out * 3 + 1] = y;
      this.positions[out * 3 + 2] = pz + z;
      bakeLight(nx, ny, nz, y, light);
      this.colors[out * 4] = srgbByte((light[0] as number) * color.r);
      this.colors[out * 4 + 1] = srgbByte((light[1] as number) * color.g);
      this.colors[out * 4 + 2] = srgbByte((light[2] as number) * color.b);
    }
    this.vertices += count;
  }
}
