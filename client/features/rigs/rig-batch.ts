import { BoxGeometry, BufferAttribute, type BufferGeometry, type Color } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { MeshBatch } from '../scene/mesh-batch.ts';
import { createShadedMaterial } from '../scene/shaded-material.ts';
import { RIG_LEVEL_HEIGHT } from './rig-motion.ts';

/** Rigs the first buffers hold; they double when more rigs stand. */
const FIRST_CAPACITY = 256;

/**
 * One rig: a tower of unit height (stretched to the rig's height in the vertex shader) and a
 * rotor on top, with a per-vertex `rotor` flag (1 on the rotor, 0 on the tower).
 */
export function rigGeometry(): BufferGeometry {
  const tower = new BoxGeometry(0.45, 1, 0.45).translate(0, 0.5, 0);
  const bladeA = new BoxGeometry(0.9, 0.06, 0.12).translate(0, 1.05, 0);
  const bladeB = new BoxGeometry(0.12, 0.06, 0.9).translate(0, 1.05, 0);
  const parts = [tower, bladeA, bladeB];
  for (const part of parts) {
    const count = part.getAttribute('position').count;
    part.setAttribute('rotor', new BufferAttribute(new Float32Array(count).fill(part === tower ? 0 : 1), 1));
  }
  const merged = mergeGeometries(parts);
  for (const part of parts) part.dispose();
  return merged;
}

export interface PlacedRig {
  x: number;
  z: number;
  /** Rig level as drawn (tower height = level × RIG_LEVEL_HEIGHT). */
  level: number;
  /** Rotor speed, radians per second. */
  spin: number;
}

/** Shaded per vertex; rotor vertices spun in the vertex shader; `uniforms.uTime` is seconds. */
function createRigMaterial() {
  const material = createShadedMaterial({
    uniforms: { uTime: { value: 0 } },
    declarations: `
      uniform float uTime;
      attribute float rotor;   // 1 on the rotor, 0 on the tower
      attribute vec4 rigPlace; // x, z, tower height, rotor radians per second
    `,
    deform: `
      if (rotor > 0.5) {
        float a = mod(uTime * rigPlace.w, 6.2831853);
        mat2 turn = mat2(cos(a), -sin(a), sin(a), cos(a));
        objectNormal.xz = turn * objectNormal.xz;
        transformed.xz = turn * transformed.xz;
        // The rotor sits on top of the tower at its own thickness.
        transformed.y += rigPlace.z - 1.0;
      } else {
        transformed.y *= rigPlace.z;
      }
      transformed.xz += rigPlace.xy;
    `,
  });
  material.vertexColors = true;
  return material;
}

/**
 * Every rig in one mesh (see MeshBatch): each copy's vertices carry its rig's place, tower
 * height, rotor speed and colour. The rotor turns in the vertex shader, so a spinning rig costs
 * no per-frame upload.
 */
export class RigBatch extends MeshBatch<ReturnType<typeof createRigMaterial>> {
  constructor() {
    super(rigGeometry(), createRigMaterial(), { rigPlace: 4, color: 3 }, FIRST_CAPACITY);
  }

  /** Places the rigs (rig i is copy i) and draws exactly them. */
  place(rigs: readonly PlacedRig[]): void {
    this.draw(rigs.length);
    rigs.forEach((rig, i) => {
      this.write('rigPlace', i, rig.x, rig.z, rig.level * RIG_LEVEL_HEIGHT, rig.spin);
    });
    this.upload('rigPlace');
  }

  /** Colours rig i with `colorOf(i)` (linear RGB), for every rig placed. */
  paint(colorOf: (i: number) => Color): void {
    for (let i = 0; i < this.count; i++) {
      const { r, g, b } = colorOf(i);
      this.write('color', i, r, g, b);
    }
    this.upload('color');
  }
}
