import { BoxGeometry, BufferAttribute, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { createShadedMaterial } from '../scene/shaded-material.ts';

/**
 * One rig = a machine housing and a mast (unit height, scaled to the rig level by the instance
 * matrix) and a two-bladed rotor wider than the parcel on top, merged into one geometry so all
 * rigs are one draw call. The rotor is what reads as a machine at the default zoom (a parcel is
 * ~10 px there): it turns in the vertex shader (angle = time × the instance's `rigSpin`), so a
 * spinning rig costs no per-frame upload.
 */
export function rigGeometry(): BufferGeometry {
  const housing = new BoxGeometry(0.46, 0.3, 0.46).translate(0, 0.15, 0);
  const mast = new BoxGeometry(0.16, 0.7, 0.16).translate(0, 0.65, 0);
  const bladeA = new BoxGeometry(1.3, 0.07, 0.16).translate(0, 1.04, 0);
  const bladeB = new BoxGeometry(0.16, 0.07, 1.3).translate(0, 1.04, 0);
  const fixed = [housing, mast];
  const parts = [...fixed, bladeA, bladeB];
  // Per vertex: 1 on the rotor, 0 on the housing and mast.
  for (const part of parts) {
    const count = part.getAttribute('position').count;
    part.setAttribute(
      'rotor',
      new BufferAttribute(new Float32Array(count).fill(fixed.includes(part) ? 0 : 1), 1),
    );
  }
  const merged = mergeGeometries(parts);
  for (const part of parts) part.dispose();
  return merged;
}

/**
 * The rigs' material: shaded per vertex, rotor vertices spun in the vertex shader, folded into
 * the ground with the structure they stand on; `uniforms.uTime` is seconds.
 */
export function createRigMaterial() {
  return createShadedMaterial({
    folds: true,
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
