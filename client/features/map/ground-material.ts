import { ShaderMaterial, Vector3 } from 'three';
import { PARCEL_SIZE } from '../../../shared/protocol.ts';
import { CENTRE_RING, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';
import type { MapTexture } from './map-texture.ts';
import { FRACTIONAL_STRIPE, GROUND_STRIPES, GroundEdge, palette } from './palette.ts';

/** Parcels between two roads: roads run along every tenth parcel edge outside the plaza. */
const DISTRICT = 10;

const f = (n: number) => n.toFixed(4);

const vertexShader = /* glsl */ `
  varying vec2 vCell;
  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    // Parcel units shifted so parcel (x, y) spans [x + R, x + R + 1) × [y + R, y + R + 1).
    vCell = world.xz / ${f(PARCEL_SIZE)} + ${f(WORLD_RADIUS + 0.5)};
    gl_Position = projectionMatrix * viewMatrix * world;
  }
`;

/**
 * Per pixel: one fetch of the parcel's ground texel (its colour already resolved, see
 * writeGroundTexel), then its stripes, its edge line and the roads as anti-aliased lines.
 * Software WebGL pays for every instruction on ~1M pixels each frame, and for both sides of every
 * branch, so this is straight-line code: the parcel's edge kind picks the line's width, colour
 * and strength by arithmetic, not by `if`.
 */
const fragmentShader = /* glsl */ `
  precision highp float;
  uniform sampler2D uMap;
  uniform vec3 uRoad, uBorder, uSelected, uMine;
  varying vec2 vCell;

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

    float code = floor(texel.a * 255.0 + 0.5);
    float striped = step(${f(GROUND_STRIPES - 0.5)}, code);
    float kind = code - ${f(GROUND_STRIPES)} * striped;
    // Fractionalized land: diagonal stripes, blending to their average once under ~5 px.
    float stripe = step(0.5, fract((inCell.x + inCell.y) * 2.0));
    color = mix(color, vec3(1.0), striped * ${f(FRACTIONAL_STRIPE)} * mix(stripe, 0.5, smoothstep(0.1, 0.3, px)));

    // The parcel's edge: a faint border, gone once a parcel is under ~3 px; the player's own land
    // a wider outline that fades the same way; the selection a white outline at every distance.
    float selected = step(${f(GroundEdge.Selected - 0.5)}, kind);
    float outlined = step(${f(GroundEdge.Mine - 0.5)}, kind);
    float halfWidth = mix(0.025, mix(0.08, 0.1, selected), outlined);
    vec3 lineColor = mix(uBorder, mix(uMine, uSelected, selected), outlined);
    float strength = mix(0.55, 1.0, outlined) * max(selected, 1.0 - smoothstep(0.12, 0.35, px));
    float onEdge = clamp((max(halfWidth, minHalfWidth) - edge) * perPx + 0.5, 0.0, 1.0);
    color = mix(color, lineColor, strength * onEdge);

    // Roads along every ${DISTRICT}th parcel edge outside the plaza; gone once districts are under ~4 px.
    vec2 world = abs(vCell - ${f(WORLD_RADIUS + 0.5)});
    vec2 toRoad = abs(mod(world + ${f(DISTRICT / 2 - CENTRE_RING - 0.5)}, ${f(DISTRICT)}) - ${f(DISTRICT / 2)});
    vec2 onRoad = clamp((max(0.12, minHalfWidth) - toRoad) * perPx + 0.5, 0.0, 1.0) * step(${f(CENTRE_RING)}, world);
    color = mix(color, uRoad, max(onRoad.x, onRoad.y) * 0.8 * (1.0 - smoothstep(1.0, 2.5, px)));

    gl_FragColor = vec4(color, 1.0);
  }
`;

const rgb = (value: readonly [number, number, number]) => new Vector3(...value);

/** The ground's material: reads the map's ground texels, draws parcels, borders, roads and the plaza. */
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
    },
  });
}
