import { OWNER_SATURATION } from '../map/palette.ts';
import { createShadedMaterial } from '../scene/shaded-material.ts';

/** How much darker a roof is than the band it tops (HSL lightness factor). */
const ROOF_SHADE = 0.7;

/**
 * The structures' material (one for every kind): shaded per vertex like the rigs and avatars,
 * folded flat into the ground with distance, each vertex coloured by the band of its floor.
 * Per instance: `bandHue` (0–1), `bandLight` (HSL lightness) and `bandTop` (height fraction where
 * each band ends, ascending, unused bands ending at 1) for up to four bands.
 */
export function createStructureMaterial() {
  return createShadedMaterial({
    folds: true,
    declarations: /* glsl */ `
      attribute float level; // height fraction of this vertex's floor
      attribute float roof; // 1 on roofs
      attribute vec4 bandHue;
      attribute vec4 bandLight;
      attribute vec4 bandTop;
      vec3 hslToLinear(float h, float s, float l) {
        vec3 k = mod(vec3(0.0, 4.0, 2.0) + h * 6.0, 6.0);
        vec3 srgb = l + s * (clamp(abs(k - 3.0) - 1.0, 0.0, 1.0) - 0.5) * (1.0 - abs(2.0 * l - 1.0));
        return pow(srgb, vec3(2.2));
      }
    `,
    albedo: /* glsl */ `
      // Bands are bottom to top: the floor takes the first band whose top is above it.
      vec3 past = step(bandTop.xyz, vec3(level));
      float hue = mix(mix(mix(bandHue.x, bandHue.y, past.x), bandHue.z, past.y), bandHue.w, past.z);
      float lightness = mix(mix(mix(bandLight.x, bandLight.y, past.x), bandLight.z, past.y), bandLight.w, past.z);
      albedo = hslToLinear(hue, ${OWNER_SATURATION.toFixed(2)}, lightness * mix(1.0, ${ROOF_SHADE.toFixed(2)}, roof));
    `,
  });
}
