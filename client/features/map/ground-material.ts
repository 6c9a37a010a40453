import { ShaderMaterial, Vector3 } from 'three';
import { RoadSide } from '../../../shared/city.ts';
import { PARCEL_SIZE } from '../../../shared/protocol.ts';
import { WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';
import { ATMOSPHERE_GLSL, HAZE, SUN_DIRECTION } from '../scene/atmosphere.ts';
import type { MapTexture } from './map-texture.ts';
import { FRACTIONAL_STRIPE, GroundCode, GroundEdge, palette } from './palette.ts';

/** Half a street's width, in parcels: a street along an edge takes this much of each parcel beside it. */
const STREET_HALF_WIDTH = 0.14;
/** Half the side of a structure's footprint as the ground draws it (its roof far out, its shadow near). */
export const FOOTPRINT_HALF = 0.3;
/** Parcels a structure's shadow reaches out from its footprint, away from the sun. */
const SHADOW_LENGTH = 0.18;
/** How dark a shadow is (0 none … 1 black). */
const SHADOW_STRENGTH = 0.35;

const f = (n: number) => n.toFixed(4);
/** Offset of the shadow from the footprint (parcel units; x = world X, y = world Z). */
const sunAcross = Math.hypot(SUN_DIRECTION.x, SUN_DIRECTION.z);
const shadowX = (-SUN_DIRECTION.x / sunAcross) * SHADOW_LENGTH;
const shadowY = (-SUN_DIRECTION.z / sunAcross) * SHADOW_LENGTH;

/** The GroundCode bit of each street side, in the shader's order (west, east, south, north). */
const roadBits = [RoadSide.West, RoadSide.East, RoadSide.South, RoadSide.North]
  .map((side) => side * GroundCode.Roads)
  .join(', ');

const vertexShader = /* glsl */ `
  varying vec2 vCell;
  varying float vUp, vFog;
  ${ATMOSPHERE_GLSL}
  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    // Parcel units shifted so parcel (x, y) spans [x + R, x + R + 1) × [y + R, y + R + 1).
    vCell = world.xz / ${f(PARCEL_SIZE)} + ${f(WORLD_RADIUS + 0.5)};
    // per vertex of the subdivided quad (GROUND_SEGMENTS): the haze and the folding change
    // slowly enough with distance to interpolate, and no square root or curve per pixel
    float distance = length(world.xyz - cameraPosition);
    vUp = standing(distance);
    vFog = fogAmount(distance);
    gl_Position = projectionMatrix * viewMatrix * world;
  }
`;

/**
 * Per pixel: one fetch of the parcel's ground texel (its colour already resolved, see
 * writeGroundTexel; its alpha the GroundCode), then its stripes, the streets along its edges,
 * the structure on it (a soft shadow beside the standing mesh, its roof once folded into the
 * ground), its edge line, and the haze. Software WebGL pays for every instruction on ~1M pixels
 * each frame, and for both sides of every branch, so this is straight-line code: the code's
 * parts pick widths, colours and strengths by arithmetic, not by `if`.
 */
const fragmentShader = /* glsl */ `
  precision highp float;
  uniform sampler2D uMap;
  uniform vec3 uRoad, uBorder, uSelected, uMine, uHaze;
  varying vec2 vCell;
  varying float vUp, vFog;

  // 0 below a, 1 above b, linear between: a fade (a smoothstep's curve costs more and shows no
  // difference over a few pixels)
  float ramp(float a, float b, float x) {
    return clamp((x - a) / (b - a), 0.0, 1.0);
  }

  void main() {
    vec2 cell = clamp(floor(vCell), 0.0, ${f(WORLD_SIDE - 1)});
    vec4 texel = texelFetch(uMap, ivec2(cell.y, cell.x), 0);
    vec3 color = texel.rgb;

    vec2 inCell = fract(vCell);
    vec2 toEdge = min(inCell, 1.0 - inCell);
    float edge = min(toEdge.x, toEdge.y);
    // Parcel units per pixel: the level-of-detail measure. Patterns finer than a few pixels
    // fade out, so the far map stays flat instead of shimmering (no moiré).
    vec2 footprint = fwidth(vCell);
    float px = max(max(footprint.x, footprint.y), 1e-4);
    float perPx = 1.0 / px;
    // Lines are anti-aliased over one pixel and never thinner than one pixel.
    float minHalfWidth = 0.5 * px;

    // GroundCode bits: edge | ${GroundCode.Stripes}·striped | ${GroundCode.Built}·built | ${GroundCode.Roads}·roads
    int code = int(texel.a * 255.0 + 0.5);
    float kind = float(code & ${GroundCode.Stripes - 1});
    float striped = float((code & ${GroundCode.Stripes}) != 0);
    float built = float((code & ${GroundCode.Built}) != 0);

    // Fractionalized land: diagonal stripes, blending to their average once under ~5 px.
    float stripe = step(0.5, fract((inCell.x + inCell.y) * 2.0));
    color = mix(color, vec3(1.0), striped * ${f(FRACTIONAL_STRIPE)} * mix(stripe, 0.5, ramp(0.1, 0.3, px)));

    // The structure: while it stands, its shadow falls on the land away from the sun; once it has
    // folded into the ground (far from the camera), its roof is drawn here instead, a lighter
    // square in the parcel's colour.
    float up = vUp;
    vec2 fromCentre = abs(inCell - 0.5);
    float onFoot = clamp((${f(FOOTPRINT_HALF)} - max(fromCentre.x, fromCentre.y)) * perPx * 0.5 + 0.5, 0.0, 1.0);
    vec2 fromShadow = abs(inCell - 0.5 - vec2(${f(shadowX)}, ${f(shadowY)}));
    float inShadow = 1.0 - ramp(${f(FOOTPRINT_HALF - 0.06)}, ${f(FOOTPRINT_HALF + 0.06)}, max(fromShadow.x, fromShadow.y));
    float detail = 1.0 - ramp(0.25, 0.5, px);
    color *= 1.0 - built * up * inShadow * ${f(SHADOW_STRENGTH)};
    color = mix(color, vec3(1.0), built * (1.0 - up) * onFoot * 0.3 * detail);

    // Streets along the edges the parcel's road bits name (west, east, south, north); gone once
    // districts are under ~4 px.
    vec4 side = vec4(notEqual(ivec4(code) & ivec4(${roadBits}), ivec4(0)));
    vec4 toSide = vec4(inCell.x, 1.0 - inCell.x, inCell.y, 1.0 - inCell.y) + (1.0 - side) * 9.0;
    float toStreet = min(min(toSide.x, toSide.y), min(toSide.z, toSide.w));
    float onStreet = clamp((max(${f(STREET_HALF_WIDTH)}, minHalfWidth) - toStreet) * perPx + 0.5, 0.0, 1.0);
    color = mix(color, uRoad, onStreet * 0.85 * (1.0 - ramp(1.0, 2.5, px)));

    // The parcel's edge: a faint border, gone once a parcel is under ~3 px; the player's own land
    // a wider outline that fades the same way; the selection a white outline at every distance.
    float selected = step(${f(GroundEdge.Selected - 0.5)}, kind);
    float outlined = step(${f(GroundEdge.Mine - 0.5)}, kind);
    float halfWidth = mix(0.025, mix(0.08, 0.1, selected), outlined);
    vec3 lineColor = mix(uBorder, mix(uMine, uSelected, selected), outlined);
    float strength = mix(0.55, 1.0, outlined) * max(selected, 1.0 - ramp(0.12, 0.35, px));
    float onEdge = clamp((max(halfWidth, minHalfWidth) - edge) * perPx + 0.5, 0.0, 1.0);
    color = mix(color, lineColor, strength * onEdge);

    gl_FragColor = vec4(mix(color, uHaze, vFog), 1.0);
  }
`;

const rgb = (value: readonly [number, number, number]) => new Vector3(...value);

/** The ground's material: reads the map's ground texels, draws parcels, streets, folded structures, borders and haze. */
export function createGroundMaterial(map: MapTexture): ShaderMaterial {
  return new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: {
      uMap: { value: map.texture },
      uRoad: { value: rgb(palette.road) },
      uBorder: { value: rgb(palette.border) },
      uSelected: { value: rgb(palette.selected) },
      uMine: { value: rgb(palette.mine) },
      uHaze: { value: rgb(HAZE) },
    },
  });
}
