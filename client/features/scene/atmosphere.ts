import { Vector3 } from 'three';

/**
 * The light and air every shader of the scene shares, so the ground, the structures, the rigs and
 * the sky agree: where the sun is, how thick the haze is with distance, and where structures fold
 * back into the ground. Distances are world units from the camera.
 */

type Rgb = readonly [number, number, number];

/** sRGB 0–1: the haze at the horizon (fog, clear colour, the sky's lowest colour). */
export const HAZE: Rgb = [0xc9 / 255, 0xd6 / 255, 0xdf / 255];
/** sRGB 0–1: the sky straight up. */
export const ZENITH: Rgb = [0x5b / 255, 0x8f / 255, 0xd0 / 255];
/** sRGB 0–1: the wild land beyond the map (a shade darker than the map's outer rings). */
export const LAND_BEYOND: Rgb = [0x37 / 255, 0x52 / 255, 0x33 / 255];
/** sRGB 0–1: the sun's disc. */
export const SUN_COLOR: Rgb = [1, 0xf4 / 255, 0xd6 / 255];

/** Towards the sun (normalized): high in the south-east of the default view. */
export const SUN_DIRECTION = new Vector3(40, 80, 20).normalize();
/** Haze starts here… */
export const FOG_NEAR = 140;
/** …and hides everything from here on. */
export const FOG_FAR = 900;
/** Structures stand at full height up to this distance… */
export const FOLD_START = 110;
/** …and are folded flat into the ground (drawn by the ground shader, not as meshes) from here on. */
export const FOLD_END = 150;

const f = (n: number) => n.toFixed(4);

/**
 * GLSL functions of a distance from the camera: `fogAmount` (0 clear … 1 all haze) and `standing`
 * (1 a structure stands at full height … 0 folded into the ground).
 */
export const ATMOSPHERE_GLSL = /* glsl */ `
  float fogAmount(float d) {
    return clamp((d - ${f(FOG_NEAR)}) / ${f(FOG_FAR - FOG_NEAR)}, 0.0, 1.0);
  }
  float standing(float d) {
    return smoothstep(${f(FOLD_END)}, ${f(FOLD_START)}, d);
  }
`;
