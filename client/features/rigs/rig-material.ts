import { BoxGeometry, BufferAttribute, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { createShadedMaterial } from '../scene/shaded-material.ts';

/**
 * One rig = a tower (unit height, scaled to the rig level by the instance matrix) and a rotor on
 * top, merged into one geometry so all rigs are one draw call. The rotor turns in the vertex
 * shader (angle = time × the instance's `rigSpin`), so a spinning rig costs no per-frame upload.
 */
export function rigGeometry(): BufferGeometry {
  const tower = new BoxGeometry(0.45, 1, 0.45).translate(0, 0.5, 0);
  const bladeA = new BoxGeometry(0.9, 0.06, 0.12).translate(0, 1.05, 0);
  const bladeB = new BoxGeometry(0.12, 0.06, 0.9).translate(0, 1.05, 0);
  const parts = [tower, bladeA, bladeB];
  // Per vertex: 1 on the rotor, 0 on the tower.
  for (const part of parts) {
    const count = part.getAttribute('position').count;
    part.setAttribute('rotor', new BufferAttribute(new Float32Array(count).fill(part === tower ? 0 : 1), 1));
  }
  const merged = mergeGeometries(parts);
  for (const part of parts) part.dispose();
  return merged;
}

/** The rigs' material: shaded per vertex, rotor vertices spun in the vertex shader; `uniforms.uTime` is seconds. */
export function createRigMaterial() {
  return createShadedMaterial({
    uniforms: { uTime: { value: 0 } },
    declarations: `
      uniform float uTime;
      attribute float rotor;
      attribute float rigSpin; // radians per second, per instance
    `,
    deform: `
      if (rotor > 0.5) {
        float a = mod(uTime * rigSpin, 6.2831853);
        mat2 turn = mat2(cos(a), -sin(a), sin(a), cos(a));
        objectNormal.xz = turn * objectNormal.xz;
        transformed.xz = turn * transformed.xz;
        // The instance matrix stretches the tower to its height; keep the rotor its own thickness.
        float height = length(instanceMatrix[1].xyz);
        transformed.y = 1.0 + (transformed.y - 1.0) / height;
      }
    `,
  });
}
