import { DataTexture, NearestFilter, RGBAFormat, ShaderMaterial, UnsignedByteType, Vector3 } from 'three';
import { PARCEL_SIZE } from '../../../shared/protocol.ts';
import { CENTRE_RING, INNER_RING, ParcelStatus, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';
import type { MapTexture } from './map-texture.ts';
import { MINE_TINT, PALETTE_COLUMNS, PALETTE_ROWS, PaletteRow, palette } from './palette.ts';
import { TexelFlag } from './texel.ts';

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
 * Per pixel: one fetch of the parcel's texel, one palette fetch, then borders, roads and flag
 * outlines as anti-aliased lines. Software WebGL pays for every instruction on ~1M pixels, so
 * colours come from the palette texture (no HSL maths) and rare cases sit behind branches.
 */
const fragmentShader = /* glsl */ `
  precision highp float;
  uniform sampler2D uMap;
  uniform sampler2D uPalette;
  uniform vec3 uRoad, uBorder, uSelected, uMine;
  varying vec2 vCell;

  // Coverage of a line of half width hw (parcel units) at distance d, anti-aliased over one
  // pixel (px = parcel units per pixel); never thinner than one pixel.
  float line(float d, float hw, float px) {
    return clamp((max(hw, 0.5 * px) - d) / px + 0.5, 0.0, 1.0);
  }

  void main() {
    vec2 cell = clamp(floor(vCell), 0.0, ${f(WORLD_SIDE - 1)});
    vec4 texel = floor(texelFetch(uMap, ivec2(cell.y, cell.x), 0) * 255.0 + 0.5);
    float status = texel.r;
    vec2 fromCentre = abs(cell - ${f(WORLD_RADIUS)});
    float ring = max(fromCentre.x, fromCentre.y);
    // Unclaimed land: palette column = price zone; otherwise the owner hue.
    float zone = step(${f(CENTRE_RING + 0.5)}, ring) + step(${f(INNER_RING + 0.5)}, ring);
    float column = status < 0.5 ? zone : texel.g;
    vec3 color = texelFetch(uPalette, ivec2(column, status), 0).rgb;

    vec2 inCell = fract(vCell);
    vec2 toEdge = min(inCell, 1.0 - inCell);
    float edge = min(toEdge.x, toEdge.y);
    // Parcel units per pixel: the level-of-detail measure. Patterns finer than a few pixels
    // fade out, so the far map stays flat instead of shimmering (no moiré).
    float px = max(max(fwidth(vCell.x), fwidth(vCell.y)), 1e-4);

    if (abs(status - ${f(ParcelStatus.Fractional)}) < 0.5) {
      float stripe = step(0.5, fract((inCell.x + inCell.y) * 2.0));
      vec3 light = texelFetch(uPalette, ivec2(column, ${PaletteRow.FractionalLight}), 0).rgb;
      color = mix(color, light, mix(stripe, 0.5, smoothstep(0.1, 0.3, px)));
    }

    // Parcel borders, one pixel wide, gone once a parcel is under ~3 px.
    color = mix(color, uBorder, 0.55 * line(edge, 0.025, px) * (1.0 - smoothstep(0.12, 0.35, px)));

    // Roads along every ${DISTRICT}th parcel edge outside the plaza; gone once districts are under ~4 px.
    vec2 world = abs(vCell - ${f(WORLD_RADIUS + 0.5)});
    vec2 toRoad = abs(mod(world + ${f(DISTRICT / 2 - CENTRE_RING - 0.5)}, ${f(DISTRICT)}) - ${f(DISTRICT / 2)});
    vec2 onRoad = step(${f(CENTRE_RING)}, world);
    float road = max(line(toRoad.x, 0.12, px) * onRoad.x, line(toRoad.y, 0.12, px) * onRoad.y);
    color = mix(color, uRoad, road * 0.8 * (1.0 - smoothstep(1.0, 2.5, px)));

    float flags = texel.b;
    if (flags > 0.5) {
      float outline = line(edge, 0.08, px) * (1.0 - smoothstep(0.15, 0.4, px));
      if (mod(flags, 2.0) >= 1.0) color = mix(mix(color, uMine, ${f(MINE_TINT)}), uMine, outline);
      if (mod(flags, ${f(TexelFlag.Hovered * 2)}) >= ${f(TexelFlag.Hovered)}) color = mix(color, vec3(1.0), 0.3);
      if (mod(flags, ${f(TexelFlag.Selected * 2)}) >= ${f(TexelFlag.Selected)}) {
        color = mix(mix(color, vec3(1.0), 0.15), uSelected, line(edge, 0.1, px));
      }
    }
    gl_FragColor = vec4(color, 1.0);
  }
`;

const rgb = (value: readonly [number, number, number]) => new Vector3(...value);

/** The palette as a texture: column = hue (or zone), row = PaletteRow. */
export function createPaletteTexture(colors: Uint8Array): DataTexture {
  const texture = new DataTexture(
    colors,
    PALETTE_COLUMNS,
    PALETTE_ROWS,
    RGBAFormat,
    UnsignedByteType,
    undefined,
    undefined,
    undefined,
    NearestFilter,
    NearestFilter,
  );
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}

/** The ground's material: reads the map texture, draws parcels, borders, roads and the plaza. */
export function createGroundMaterial(map: MapTexture, paletteTexture: DataTexture): ShaderMaterial {
  return new ShaderMaterial({
    vertexShader,
    fragmentShader,
    uniforms: {
      uMap: { value: map.texture },
      uPalette: { value: paletteTexture },
      uRoad: { value: rgb(palette.road) },
      uBorder: { value: rgb(palette.border) },
      uSelected: { value: rgb(palette.selected) },
      uMine: { value: rgb(palette.mine) },
    },
  });
}
