import { ShaderMaterial, Vector3 } from 'three';
import { ATMOSPHERE_GLSL, HAZE } from './atmosphere.ts';

/**
 * The material of a vertex batch (vertex-batch.ts): each vertex comes placed and lit on the CPU,
 * so the GPU only fades it into the haze and, when it `folds` (things standing on land, see
 * atmosphere.ts `standing`; avatars walk and stay), folds it flat into the ground with distance.
 * `tint` is the vertex's lit sRGB colour (normalized bytes).
 */
export function createBakedMaterial({ folds }: { folds: boolean }): ShaderMaterial {
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
        ${folds ? 'world.y *= standing(distance);' : ''}
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
