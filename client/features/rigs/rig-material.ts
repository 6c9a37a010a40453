import { BoxGeometry, BufferAttribute, type BufferGeometry, type Color } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { Face, WALLS, withFaces } from '../scene/box-faces.ts';
import { createShadedMaterial } from '../scene/shaded-material.ts';

/**
 * One rig = a machine housing and a mast (unit height, stretched to the rig level in the vertex
 * shader) and a two-bladed rotor wider than the parcel on top, merged into one geometry (copied
 * once per rig into the rigs' one mesh). The rotor is what reads as a machine at the default zoom
 * (a parcel is ~10 px there): it turns in the vertex shader (angle = time × the rig's speed), so
 * a spinning rig costs no per-frame upload.
 */
export function rigGeometry(): BufferGeometry {
  // no housing bottom (on the roof), no mast ends (inside the housing, under the rotor's hub)
  const housing = withFaces(new BoxGeometry(0.46, 0.3, 0.46), [...WALLS, Face.Top]).translate(0, 0.15, 0);
  const mast = withFaces(new BoxGeometry(0.16, 0.7, 0.16), WALLS).translate(0, 0.65, 0);
  // no blade tips: 0.07 × 0.16 ends, under a pixel at the default zoom, a third of the rotor's triangles
  const bladeA = withFaces(new BoxGeometry(1.3, 0.07, 0.16), [Face.Top, Face.Bottom, Face.North, Face.South]);
  const bladeB = withFaces(new BoxGeometry(0.16, 0.07, 1.3), [Face.Top, Face.Bottom, Face.East, Face.West]);
  for (const blade of [bladeA, bladeB]) blade.translate(0, 1.04, 0);
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
 * The rigs' material, for all rigs merged into one mesh (rigs.tsx): every vertex carries its
 * rig's `rigAt` (the roof it stands on, world units) and `rigShape` (x: height in world units,
 * y: rotor speed in radians per second, z: flash glow 0–1). Shaded per vertex, rotor vertices
 * spun in the vertex shader, a flashing rig swollen and lit up, folded into the ground with the
 * structure it stands on; `uniforms.uTime` is seconds.
 */
export function createRigMaterial(color: Color, flash: Color, swell: number) {
  return createShadedMaterial({
    folds: true,
    uniforms: { uTime: { value: 0 }, uRigColor: { value: color }, uFlashColor: { value: flash } },
    declarations: `
      uniform float uTime;
      uniform vec3 uRigColor, uFlashColor;
      attribute float rotor;
      attribute vec3 rigAt;
      attribute vec4 rigShape;
    `,
    deform: `
      float height = rigShape.x;
      if (rotor > 0.5) {
        float a = mod(uTime * rigShape.y, 6.2831853);
        mat2 turn = mat2(cos(a), -sin(a), sin(a), cos(a));
        objectNormal.xz = turn * objectNormal.xz;
        transformed.xz = turn * transformed.xz;
        // The rig is stretched to its height; keep the rotor its own thickness.
        transformed.y = 1.0 + (transformed.y - 1.0) / height;
      }
      float swell = 1.0 + ${swell.toFixed(2)} * rigShape.z;
      transformed = rigAt + transformed * vec3(swell, height * swell, swell);
      origin = rigAt;
    `,
    albedo: 'albedo = mix(uRigColor, uFlashColor, rigShape.z);',
  });
}
