import { ShaderMaterial, Vector3 } from 'three';
import { ATMOSPHERE_GLSL, HAZE } from '../scene/atmosphere.ts';

/**
 * The structures' material: each vertex comes placed and lit (StructureBatch), so the GPU only
 * folds it flat into the ground with distance (towards FOLD_END, where the ground draws its roof)
 * and fades it into the haze. `tint` is the vertex's lit sRGB colour (normalized bytes).
 */
export function createStructureMaterial(): ShaderMaterial {
  return new ShaderMaterial({
    uniforms: { uHaze: { value: new Vector3(...HAZE) } },
    vertexShader: /* glsl */ `
      attribute vec3 tint;
      uniform vec3 uHaze;
      varying vec3 vColor;
      ${ATMOSPHERE_GLSL}
      void main() {
        vec3 world = position;
        float distance = length(cameraPosition - world);
        world.y *= standing(distance);
        vColor = mix(tint, uHaze, fogAmount(distance));
        // matrix × vector twice, not matrix × matrix per vertex: software WebGL hoists nothing
        gl_Position = projectionMatrix * (viewMatrix * vec4(world, 1.0));
      }
    `,
    fragmentShader: /* glsl */ `
      varying vec3 vColor;
      void main() {
        gl_FragColor = vec4(vColor, 1.0);
      }
    `,
  });
}
