import { type IUniform, ShaderMaterial, Vector3 } from 'three';
import { ATMOSPHERE_GLSL, HAZE, SUN_DIRECTION } from './atmosphere.ts';
import { FOOT_LIGHT, GROUND_LIGHT, OCCLUSION_HEIGHT, SKY_LIGHT, SUN_LIGHT } from './light.ts';

/**
 * The scene's light (light.ts) evaluated per vertex: software WebGL pays for every instruction on
 * every pixel of every rig, and these are flat-faced boxes and rotors where
 * per-pixel lighting shows no difference.
 */
export interface ShadedOptions<U extends Record<string, IUniform>> {
  /** Extra declarations for the vertex shader (uniforms, attributes, functions). */
  declarations?: string;
  /**
   * Code run first in main(), which may change `transformed` (the vertex position, model space),
   * `objectNormal` and `origin` (the point the thing stands on, world space; by default the
   * model's, instance included).
   */
  deform?: string;
  /**
   * Code run after `deform` that may set `albedo` (linear RGB, default white): the colour the
   * light falls on, before the instance colour.
   */
  albedo?: string;
  /** Uniforms the extra code reads. */
  uniforms?: U;
  /**
   * Whether instances fold flat into the ground with distance (see atmosphere.ts `standing`):
   * things that stand on land (structures, rigs); avatars walk and stay.
   */
  folds?: boolean;
}

/**
 * An unlit-cost material for instanced meshes (and merged ones, whose `deform` places each
 * vertex): each vertex lit by the scene's light and coloured by its instance colour (linear, as
 * `setColorAt` stores it), converted to sRGB in the vertex shader, so the fragment shader only
 * writes the interpolated colour.
 */
export function createShadedMaterial<U extends Record<string, IUniform> = Record<never, IUniform>>({
  declarations = '',
  deform = '',
  albedo = '',
  uniforms,
  folds = false,
}: ShadedOptions<U> = {}): ShaderMaterial & { uniforms: U } {
  const material = new ShaderMaterial({
    uniforms: {
      ...uniforms,
      uSky: { value: SKY_LIGHT },
      uGround: { value: GROUND_LIGHT },
      uSun: { value: SUN_LIGHT },
      uSunDirection: { value: SUN_DIRECTION },
      uHaze: { value: new Vector3(...HAZE) },
    },
    vertexShader: /* glsl */ `
      uniform vec3 uSky, uGround, uSun, uSunDirection, uHaze;
      varying vec3 vColor;
      ${ATMOSPHERE_GLSL}
      ${declarations}
      vec3 linearToSrgb(vec3 c) {
        return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
      }
      void main() {
        vec3 transformed = position;
        vec3 objectNormal = normal;
        #ifdef USE_INSTANCING
          mat4 model = modelMatrix * instanceMatrix;
        #else
          mat4 model = modelMatrix;
        #endif
        // where the thing stands: its distance folds it and fades it into the haze
        vec3 origin = model[3].xyz;
        ${deform}
        vec3 albedo = vec3(1.0);
        ${albedo}
        // Instances are rotated about Y and scaled along their axes, so the model matrix turns
        // axis-aligned and horizontal normals correctly once normalized.
        vec3 n = normalize(mat3(model) * objectNormal);
        vec4 world = model * vec4(transformed, 1.0);
        float distance = length(cameraPosition - origin);
        ${folds ? 'world.y *= standing(distance);' : ''}
        vec3 light = mix(uGround, uSky, 0.5 * n.y + 0.5) + max(dot(n, uSunDirection), 0.0) * uSun;
        light *= albedo * mix(${FOOT_LIGHT.toFixed(2)}, 1.0, clamp(world.y / ${OCCLUSION_HEIGHT.toFixed(2)}, 0.0, 1.0));
        #ifdef USE_INSTANCING_COLOR
          light *= instanceColor;
        #endif
        // sRGB, as the ground writes it: far things fade into the same haze as the land under them.
        vColor = mix(linearToSrgb(clamp(light, 0.0, 1.0)), uHaze, fogAmount(distance));
        // matrix × vector twice, not matrix × matrix per vertex: software WebGL hoists nothing
        gl_Position = projectionMatrix * (viewMatrix * world);
      }
    `,
    fragmentShader: /* glsl */ `
      varying vec3 vColor;
      void main() {
        gl_FragColor = vec4(vColor, 1.0);
      }
    `,
  });
  return material as ShaderMaterial & { uniforms: U };
}
