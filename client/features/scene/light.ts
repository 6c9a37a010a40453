import { Color } from 'three';
import { SUN_DIRECTION } from './atmosphere.ts';

/**
 * The scene's light: a sky/ground hemisphere and a sun, as three's Lambert material would shade
 * with a HemisphereLight(SKY, GROUND, HEMISPHERE_INTENSITY) and a DirectionalLight from
 * SUN_DIRECTION (diffuse = colour × irradiance / π). The shaded material evaluates it per vertex
 * on the GPU (things that move); `bakeLight` evaluates it once on the CPU for geometry that stands
 * still (structures), so both look the same.
 */
export const SKY_LIGHT = new Color(0xdde8ff).multiplyScalar(2.2 / Math.PI);
export const GROUND_LIGHT = new Color(0x3a4a2a).multiplyScalar(2.2 / Math.PI);
export const SUN_LIGHT = new Color(1, 1, 1).multiplyScalar(1.6 / Math.PI);
/** Light at the foot of a wall (baked ambient occlusion: the ground hides half the sky there)… */
export const FOOT_LIGHT = 0.55;
/** …rising to full light this many world units up. */
export const OCCLUSION_HEIGHT = 0.8;

/**
 * Writes into `out` (linear RGB) the light falling on a surface with unit normal (nx, ny, nz) at
 * `height` world units above the ground, ambient occlusion included.
 */
export function bakeLight(nx: number, ny: number, nz: number, height: number, out: number[]): void {
  const up = 0.5 * ny + 0.5;
  const sun = Math.max(nx * SUN_DIRECTION.x + ny * SUN_DIRECTION.y + nz * SUN_DIRECTION.z, 0);
  const occlusion = FOOT_LIGHT + (1 - FOOT_LIGHT) * Math.min(Math.max(height / OCCLUSION_HEIGHT, 0), 1);
  out[0] = (GROUND_LIGHT.r + (SKY_LIGHT.r - GROUND_LIGHT.r) * up + sun * SUN_LIGHT.r) * occlusion;
  out[1] = (GROUND_LIGHT.g + (SKY_LIGHT.g - GROUND_LIGHT.g) * up + sun * SUN_LIGHT.g) * occlusion;
  out[2] = (GROUND_LIGHT.b + (SKY_LIGHT.b - GROUND_LIGHT.b) * up + sun * SUN_LIGHT.b) * occlusion;
}

/** sRGB 0–1 to linear light, as the GPU decodes an sRGB texture. */
export function toLinear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

/** Steps of the linear → sRGB table (linear light is quantized finer than the 8-bit output). */
const SRGB_STEPS = 4096;
const SRGB_BYTES = Uint8Array.from({ length: SRGB_STEPS + 1 }, (_, i) => {
  const c = i / SRGB_STEPS;
  return Math.round(255 * (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055));
});

/** Linear light (clamped to 0–1) to an sRGB byte, by table: no power function per vertex. */
export function srgbByte(linear: number): number {
  return SRGB_BYTES[Math.round(Math.min(Math.max(linear, 0), 1) * SRGB_STEPS)] as number;
}
