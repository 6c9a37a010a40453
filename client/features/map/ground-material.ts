import { ShaderMaterial, Vector3 } from 'three';
import { PARCEL_SIZE } from '../../../shared/protocol.ts';
import { CENTRE_RING, INNER_RING, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';
import type { MapTexture } from './map-texture.ts';
import { FRACTIONAL_LIGHTNESS, MINE_TINT, OWNER_LIGHTNESS, OWNER_SATURATION, palette } from './palette.ts';
import { TexelFlag } from './texel.ts';

/** Parcels between two roads: roads run along every tenth parcel edge outside the plaza. */
const DISTRICT = 10;

const vertexShader = /* glsl */ `
  varying vec2 vCell;
  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    // Parcel units shifted so parcel (x, y) spans [x + R, x + R + 1) × [y + R, y + R + 1).
    vCell = world.xz / ${PARCEL_SIZE.toFixed(1)} + ${(WORLD_RADIUS + 0.5).toFixed(1)};
    gl_Position = projectionMatrix * viewMatrix * world;
  }
`;

const f = (n: number) => n.toFixed(4);

const fragmentShader = /* glsl */ `
  precision highp float;
  uniform sampler2D uMap;
  uniform vec3 uUnclaimedOuter, uUnclaimedInner, uUnclaimedPlaza, uRoad, uBorder, uSelected, uMine, uBuyout;
  varying vec2 vCell;

  vec3 hsl2rgb(float h, float s, float l) {
    vec3 k = mod(h * 6.0 + vec3(0.0, 4.0, 2.0), 6.0);
    vec3 c = clamp(abs(k - 3.0) - 1.0, 0.0, 1.0);
    return l + s * (c - 0.5) * (1.0 - abs(2.0 * l - 1.0));
  }

  // Coverage of a line of half width hw (parcel units) at distance d, anti-aliased over one
  // pixel (px = parcel units per pixel); never thinner than one pixel.
  float line(float d, float hw, float px) {
    return clamp((max(hw, 0.5 * px) - d) / px + 0.5, 0.0, 1.0);
  }

  void main() {
    vec2 cell = clamp(floor(vCell), 0.0, ${f(WORLD_SIDE - 1)});
    vec4 texel = texelFetch(uMap, ivec2(cell.y, cell.x), 0);
    int status = int(texel.r * 255.0 + 0.5);
    float hue = texel.g * 255.0 / 256.0;
    int flags = int(texel.b * 255.0 + 0.5);

    vec2 xy = cell - ${f(WORLD_RADIUS)};
    float ring = max(abs(xy.x), abs(xy.y));
    vec2 inCell = fract(vCell);
    vec2 toEdge = min(inCell, 1.0 - inCell);
    float edge = min(toEdge.x, toEdge.y);
    // Parcel units per pixel: the level-of-detail measure. Patterns finer than a few pixels
    // fade to their mean colour, so the far map stays flat instead of shimmering (no moiré).
    float px = max(max(fwidth(vCell.x), fwidth(vCell.y)), 1e-4);

    vec3 color;
    if (status == 0) {
      color = ring <= ${f(CENTRE_RING)} ? uUnclaimedPlaza : (ring <= ${f(INNER_RING)} ? uUnclaimedInner : uUnclaimedOuter);
    } else if (status == 2) {
      float stripe = step(0.5, fract((inCell.x + inCell.y) * 2.0));
      stripe = mix(stripe, 0.5, smoothstep(0.1, 0.3, px));
      color = hsl2rgb(hue, ${f(OWNER_SATURATION)}, mix(${f(OWNER_LIGHTNESS)}, ${f(FRACTIONAL_LIGHTNESS)}, stripe));
    } else {
      color = hsl2rgb(hue, ${f(OWNER_SATURATION)}, ${f(OWNER_LIGHTNESS)});
      if (status == 3) color = mix(color, uBuyout, 0.6);
    }
    if ((flags & ${TexelFlag.Mine}) != 0) {
      color = mix(color, uMine, ${f(MINE_TINT)});
      color = mix(color, uMine, line(edge, 0.08, px) * (1.0 - smoothstep(0.15, 0.4, px)));
    }

    // Parcel borders: one pixel wide, gone once a parcel is under ~3 px.
    float border = line(edge, 0.025, px) * (1.0 - smoothstep(0.12, 0.35, px));
    color = mix(color, uBorder, 0.55 * border);

    // Roads along every ${DISTRICT}th parcel edge outside the plaza; gone once districts are under ~4 px.
    vec2 world = abs(vCell - ${f(WORLD_RADIUS + 0.5)});
    vec2 toRoad = abs(mod(world - ${f(CENTRE_RING + 0.5)} + ${f(DISTRICT / 2)}, ${f(DISTRICT)}) - ${f(DISTRICT / 2)});
    vec2 onRoad = vec2(line(toRoad.x, 0.12, px), line(toRoad.y, 0.12, px)) * step(${f(CENTRE_RING)}, world);
    color = mix(color, uRoad, max(onRoad.x, onRoad.y) * 0.8 * (1.0 - smoothstep(1.0, 2.5, px)));

    if ((flags & ${TexelFlag.Hovered}) != 0) color = mix(color, vec3(1.0), 0.3);
    if ((flags & ${TexelFlag.Selected}) != 0) {
      color = mix(color, vec3(1.0), 0.15);
      color = mix(color, uSelected, line(edge, 0.1, px));
    }
    gl_FragColor = vec4(color, 1.0);
  }
`;

const rgb = (value: readonly [number, number, number]) => new Vector3(...value);

/** The ground's material: reads the map texture, draws parcels, borders, roads and the plaza. */
export function createGroundMaterial(map: MapTexture): ShaderMaterial {
  return new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: {
      uMap: { value: map.texture },
      uUnclaimedOuter: { value: rgb(palette.unclaimedOuter) },
      uUnclaimedInner: { value: rgb(palette.unclaimedInner) },
      uUnclaimedPlaza: { value: rgb(palette.unclaimedPlaza) },
      uRoad: { value: rgb(palette.road) },
      uBorder: { value: rgb(palette.border) },
      uSelected: { value: rgb(palette.selected) },
      uMine: { value: rgb(palette.mine) },
      uBuyout: { value: rgb(palette.buyout) },
    },
  });
}
