import { ShaderMaterial, Vector2, Vector3 } from 'three';
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
  uniform float uFocal;
  varying vec2 vCell;
  // per vertex of the subdivided quad (GROUND_SEGMENTS), interpolated: see the fragment shader
  varying vec2 vLod;
  varying vec3 vFade;
  varying float vShadow, vRoof, vFog;
  ${ATMOSPHERE_GLSL}
  // 0 below a, 1 above b, linear between: a fade (a smoothstep's curve costs more and shows no
  // difference over a few pixels)
  float ramp(float a, float b, float x) {
    return clamp((x - a) / (b - a), 0.0, 1.0);
  }
  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    // Parcel units shifted so parcel (x, y) spans [x + R, x + R + 1) × [y + R, y + R + 1).
    vCell = world.xz / ${f(PARCEL_SIZE)} + ${f(WORLD_RADIUS + 0.5)};
    vec3 fromCamera = world.xyz - cameraPosition;
    float distance = length(fromCamera);
    vec4 view = viewMatrix * world;
    // Parcel units per pixel here, the level-of-detail measure: the depth over the focal length,
    // stretched by how far the ground tilts away (depth over height below the camera): what
    // fwidth(vCell) measures per pixel, near enough to interpolate over one quad. Patterns finer
    // than a few pixels fade out, so the far map stays flat instead of shimmering (no moiré).
    float px = max(view.z * view.z / (max(-fromCamera.y, 1e-3) * uFocal * ${f(PARCEL_SIZE)}), 1e-4);
    vLod = vec2(px, 1.0 / px);
    // x: stripes blend to their average under ~5 px; y: streets gone under ~4 px; z: borders gone under ~3 px
    vFade = vec3(ramp(0.1, 0.3, px), 1.0 - ramp(1.0, 2.5, px), 1.0 - ramp(0.12, 0.35, px));
    // While a structure stands its shadow falls beside it; once folded, its roof is drawn here.
    float up = standing(distance);
    vShadow = up * ${f(SHADOW_STRENGTH)};
    vRoof = (1.0 - up) * 0.3 * (1.0 - ramp(0.25, 0.5, px));
    vFog = fogAmount(distance);
    gl_Position = projectionMatrix * view;
  }
`;

/**
 * Per pixel: one fetch of the parcel's ground texel (its colour already resolved, see
 * writeGroundTexel; its alpha the GroundCode), then its stripes, the structure on it (a soft
 * shadow beside the standing mesh, its roof once folded into the ground), the streets along its
 * edges, its edge line, and the haze. Software WebGL pays for every instruction on ~1M pixels
 * each frame, and for both sides of every branch, so this is straight-line code: the parts pick
 * widths, colours and strengths by arithmetic, not by `if`; what changes only with distance
 * (fades, the pixel size) comes from the vertices; and the layers, each a mix towards a colour,
 * are one weighted sum (a weight per colour, scalars) instead of a chain of colour mixes.
 */
const fragmentShader = /* glsl */ `
  precision highp float;
  uniform sampler2D uMap;
  uniform vec3 uRoad, uBorder, uSelected, uMine, uHaze;
  varying vec2 vCell;
  varying vec2 vLod;
  varying vec3 vFade;
  varying float vShadow, vRoof, vFog;

  void main() {
    vec2 cell = min(floor(vCell), ${f(WORLD_SIDE - 1)});
    vec4 texel = texelFetch(uMap, ivec2(cell.yx), 0);
    vec2 inCell = vCell - cell;
    float px = vLod.x;
    float perPx = vLod.y;
    // Lines are anti-aliased over one pixel and never thinner than one pixel.
    float minHalfWidth = 0.5 * px;

    // GroundCode bits: edge | ${GroundCode.Stripes}·striped | ${GroundCode.Built}·built | ${GroundCode.Roads}·roads
    ivec4 code = ivec4(int(texel.a * 255.0 + 0.5));
    vec3 parts = vec3(code.xyz & ivec3(${GroundCode.Stripes - 1}, ${GroundCode.Stripes}, ${GroundCode.Built}));
    float kind = parts.x;
    float striped = min(parts.y, 1.0);
    float built = min(parts.z, 1.0);

    // Fractionalized land: diagonal stripes (towards white), blending to their average far out.
    float stripe = step(0.5, fract((inCell.x + inCell.y) * 2.0));
    float toWhite = striped * ${f(FRACTIONAL_STRIPE)} * mix(stripe, 0.5, vFade.x);
    // The structure: its shadow away from the sun while it stands, its roof (a lighter square)
    // once folded.
    vec2 fromShadow = abs(inCell - vec2(${f(0.5 + shadowX)}, ${f(0.5 + shadowY)}));
    float inShadow = clamp((${f(FOOTPRINT_HALF + 0.06)} - max(fromShadow.x, fromShadow.y)) * ${f(1 / 0.12)}, 0.0, 1.0);
    float shade = 1.0 - built * vShadow * inShadow;
    vec2 fromCentre = abs(inCell - 0.5);
    float onFoot = clamp((${f(FOOTPRINT_HALF)} - max(fromCentre.x, fromCentre.y)) * perPx * 0.5 + 0.5, 0.0, 1.0);
    float roof = built * vRoof * onFoot;
    // (colour mixed to white by toWhite, shaded, mixed to white by roof) = colour · keep + white
    float keep = (1.0 - toWhite) * shade * (1.0 - roof);
    float white = toWhite * shade * (1.0 - roof) + roof;

    // Streets along the edges the parcel's road bits name (west, east, south, north): an edge
    // without a street is 9 parcels away.
    vec4 side = min(vec4(code & ivec4(${roadBits})), 9.0);
    vec4 toSide = vec4(inCell.x, 1.0 - inCell.x, inCell.y, 1.0 - inCell.y) + (9.0 - side);
    float toStreet = min(min(toSide.x, toSide.y), min(toSide.z, toSide.w));
    float road = clamp((max(${f(STREET_HALF_WIDTH)}, minHalfWidth) - toStreet) * perPx + 0.5, 0.0, 1.0) * 0.85 * vFade.y;

    // The parcel's edge: a faint border, gone once a parcel is under ~3 px; the player's own land
    // a wider outline that fades the same way; the selection a white outline at every distance.
    // GroundEdge: Border ${GroundEdge.Border}, Mine ${GroundEdge.Mine}, Selected ${GroundEdge.Selected}
    float selected = max(kind - ${f(GroundEdge.Mine)}, 0.0);
    float outlined = min(kind, 1.0);
    vec2 toEdge = min(inCell, 1.0 - inCell);
    float edge = min(toEdge.x, toEdge.y);
    float halfWidth = mix(0.025, 0.08 + 0.02 * selected, outlined);
    float strength = mix(0.55, 1.0, outlined) * max(selected, vFade.z);
    float line = strength * clamp((max(halfWidth, minHalfWidth) - edge) * perPx + 0.5, 0.0, 1.0);

    // the layers in order (land, street, edge line, haze), each mixed over the ones below
    float clear = 1.0 - vFog;
    float overLine = (1.0 - line) * clear;
    float overRoad = (1.0 - road) * overLine;
    vec3 lineColor = uBorder * (1.0 - outlined) + (uMine * (1.0 - selected) + uSelected * selected) * outlined;
    vec3 color = texel.rgb * (keep * overRoad) + uRoad * (road * overLine) + lineColor * (line * clear)
      + uHaze * vFog + white * overRoad;
    gl_FragColor = vec4(color, 1.0);
  }
`;

const drawingBuffer = new Vector2();
const rgb = (value: readonly [number, number, number]) => new Vector3(...value);

/** The ground's material: reads the map's ground texels, draws parcels, streets, folded structures, borders and haze. */
export function createGroundMaterial(map: MapTexture): ShaderMaterial {
  const material = new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: {
      uMap: { value: map.texture },
      uRoad: { value: rgb(palette.road) },
      uBorder: { value: rgb(palette.border) },
      uSelected: { value: rgb(palette.selected) },
      uMine: { value: rgb(palette.mine) },
      uHaze: { value: rgb(HAZE) },
      uFocal: { value: 1 },
    },
  });
  // Pixels per unit of the view's tangent (half the drawing buffer's height times the projection's
  // vertical scale), for the vertex shader's pixel size: read at every draw, so resizes, the pixel
  // ratio and the field of view all follow.
  material.onBeforeRender = (renderer, _scene, camera) => {
    (material.uniforms.uFocal as { value: number }).value =
      renderer.getDrawingBufferSize(drawingBuffer).y * 0.5 * (camera.projectionMatrix.elements[5] as number);
  };
  return material;
}
