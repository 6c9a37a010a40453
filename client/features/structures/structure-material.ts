import { createShadedMaterial } from '../scene/shaded-material.ts';

/** How much light a roof reflects of what the band it tops does (a darker roof reads as a roof from above). */
const ROOF_SHADE = 0.55;

/**
 * The structures' material (one for every kind): shaded per vertex like the rigs and avatars,
 * folded flat into the ground with distance, each vertex coloured by the band of its floor.
 * Per instance, for up to four bands: `bandRed`, `bandGreen`, `bandBlue` (linear colour, see
 * writeBands) and `bandTop` (height fraction where each band ends, ascending, unused bands at 1).
 */
export function createStructureMaterial() {
  return createShadedMaterial({
    folds: true,
    declarations: /* glsl */ `
      attribute float level; // height fraction of this vertex's floor
      attribute float roof; // 1 on roofs
      attribute vec4 bandRed;
      attribute vec4 bandGreen;
      attribute vec4 bandBlue;
      attribute vec4 bandTop;
    `,
    albedo: /* glsl */ `
      // Bands are bottom to top: the floor takes the first band whose top is above it.
      vec3 past = step(bandTop.xyz, vec3(level));
      vec4 pick = vec4(1.0 - past.x, past.x - past.y, past.y - past.z, past.z);
      albedo = vec3(dot(bandRed, pick), dot(bandGreen, pick), dot(bandBlue, pick)) * mix(1.0, ${ROOF_SHADE.toFixed(2)}, roof);
    `,
  });
}
