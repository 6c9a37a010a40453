import type { BufferGeometry } from 'three';
import type { Band, Structure } from '../../../shared/structures.ts';
import { hslToRgb, OWNER_SATURATION } from '../map/palette.ts';
import { bakeLight, srgbByte, toLinear } from '../scene/light.ts';
import { usedVertices, VertexBatch } from '../scene/vertex-batch.ts';

/**
 * Structures as one static vertex buffer instead of instances: software WebGL (SwiftShader) runs
 * each instance of an instanced draw as a draw of its own (~35 µs each, as much as a separate
 * draw call), so 5,000 instanced structures cost more than all their triangles. Each structure is
 * written here once, already placed, scaled and lit (the light is baked per vertex: structures
 * never move or turn), into arrays one draw call renders.
 */

/** A kind's geometry as the batch copies it: only the vertices its triangles use. */
export interface Template {
  /** x, y, z per vertex (unit height: the structure's height scales y). */
  positions: Float32Array;
  /** Unit normal per vertex. */
  normals: Float32Array;
  /** Height fraction (0–1) of the floor a vertex belongs to: its band. */
  levels: Float32Array;
  /** 1 on roofs (drawn darker), else 0. */
  roofs: Float32Array;
  indices: Uint32Array;
  /**
   * Per triangle, the plane of a wall (a vertical face) as (nx, nz, d): the points (X, Z) with
   * nx·X + nz·Z = d, (nx, nz) the unit normal the face shows to; (0, 0, 0) for any other face.
   * Walls are the same plane at any height (and folded flat), so whether one faces away from a
   * camera depends on the camera's ground position only.
   */
  walls: Float32Array;
}

/** The wall planes of the triangles `indices` make of `positions` (see Template.walls). */
function wallsOf(positions: Float32Array, indices: Uint32Array): Float32Array {
  const walls = new Float32Array(indices.length);
  const at = (vertex: number, axis: number) => positions[vertex * 3 + axis] as number;
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t], indices[t + 1], indices[t + 2]] as [number, number, number];
    const e1 = [at(b, 0) - at(a, 0), at(b, 1) - at(a, 1), at(b, 2) - at(a, 2)] as const;
    const e2 = [at(c, 0) - at(a, 0), at(c, 1) - at(a, 1), at(c, 2) - at(a, 2)] as const;
    // the front face's normal (counter-clockwise seen from the front), as three's culling has it
    const nx = e1[1] * e2[2] - e1[2] * e2[1];
    const ny = e1[2] * e2[0] - e1[0] * e2[2];
    const nz = e1[0] * e2[1] - e1[1] * e2[0];
    const across = Math.hypot(nx, nz);
    if (across < 1e-9 || Math.abs(ny) > 1e-6 * across) continue;
    walls[t] = nx / across;
    walls[t + 1] = nz / across;
    walls[t + 2] = (nx * at(a, 0) + nz * at(a, 2)) / across;
  }
  return walls;
}

/** The template of a kind's geometry (indexed, with `level` and `roof` attributes). */
export function templateOf(geometry: BufferGeometry): Template {
  const { indices, attributes } = usedVertices(geometry, ['position', 'normal', 'level', 'roof']);
  const [positions, normals, levels, roofs] = attributes as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  return { positions, normals, levels, roofs, indices, walls: wallsOf(positions, indices) };
}

/** How much light a roof reflects of what the band it tops does (a darker roof reads as a roof from above). */
export const ROOF_SHADE = 0.55;

/** Index (0-based) of the band covering height fraction `level`: bands are bottom to top. */
export function bandAt(bands: readonly Band[], level: number): number {
  let end = 0;
  for (let i = 0; i < bands.length - 1; i++) {
    end += (bands[i] as Band).share;
    if (level < end) return i;
  }
  return bands.length - 1;
}

// Scratch: band colours (linear RGB) of the structure being written, and one vertex's light.
const bandColors = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const rgb = [0, 0, 0];
const light = [0, 0, 0];
/** Scratch: where each vertex of the template being written went in the batch (-1: not yet). */
let slots = new Int32Array(64);

/** A camera's ground position (world units), for dropping the walls that face away from it. */
export interface Eye {
  x: number;
  z: number;
}

/** The structures within reach, written into one batch. */
export class StructureBatch extends VertexBatch {
  /**
   * Appends `structure` built from `template` standing on ground point (x, z), growing the arrays
   * when full. With an `eye`, leaves out the walls that face away from it by more than
   * RESELECT_DISTANCE (the camera may move that far before the batch is written again, and a wall
   * faces away from every point behind its plane): software WebGL transforms and sets up every
   * triangle it is given, culled or not, and about half the walls of a city face away.
   */
  add(template: Template, structure: Structure, x: number, z: number, eye: Eye | null = null): void {
    const count = template.levels.length;
    const { indices, walls } = template;
    this.reserve(this.vertices + count, this.indexCount + indices.length);
    const { bands } = structure;
    for (let band = 0; band < bands.length; band++) {
      const { hue, lightness } = bands[band] as Band;
      hslToRgb(hue / 256, OWNER_SATURATION, lightness, rgb);
      for (let c = 0; c < 3; c++) bandColors[band * 3 + c] = toLinear(rgb[c] as number);
    }
    if (slots.length < count) slots = new Int32Array(count * 2);
    slots.fill(-1, 0, count);
    for (let t = 0; t < indices.length; t += 3) {
      if (
        eye &&
        (walls[t] as number) * (eye.x - x) +
          (walls[t + 1] as number) * (eye.z - z) -
          (walls[t + 2] as number) <
          -RESELECT_DISTANCE
      )
        continue;
      for (let corner = t; corner < t + 3; corner++) {
        const v = indices[corner] as number;
        if ((slots[v] as number) < 0) {
          slots[v] = this.vertices++;
          this.write(template, structure, v, slots[v] as number, x, z);
        }
        this.indices[this.indexCount++] = slots[v] as number;
      }
    }
  }

  /** Writes vertex `v` of `template` as batch vertex `out`: placed, scaled and lit in its band's colour. */
  private write(
    template: Template,
    { bands, height }: Structure,
    v: number,
    out: number,
    x: number,
    z: number,
  ) {
    const { positions, normals, levels, roofs } = template;
    const y = (positions[v * 3 + 1] as number) * height;
    this.positions[out * 3] = (positions[v * 3] as number) + x;
    this.positions[out * 3 + 1] = y;
    this.positions[out * 3 + 2] = (positions[v * 3 + 2] as number) + z;
    bakeLight(normals[v * 3] as number, normals[v * 3 + 1] as number, normals[v * 3 + 2] as number, y, light);
    const band = bandAt(bands, levels[v] as number) * 3;
    const shade = (roofs[v] as number) > 0 ? ROOF_SHADE : 1;
    for (let c = 0; c < 3; c++)
      this.colors[out * 4 + c] = srgbByte((light[c] as number) * (bandColors[band + c] as number) * shade);
  }
}

/** World units the camera may move before the set of drawn structures is chosen again. */
export const RESELECT_DISTANCE = 10;

/**
 * Whether a structure at ground point (x, z) is drawn as a mesh, seen from camera point
 * (cx, cy, cz): within `reach` plus the RESELECT_DISTANCE the camera may move before the next
 * choice (the shader folds it flat by `reach`, so nothing pops while the camera moves).
 */
export function withinReach(
  x: number,
  z: number,
  cx: number,
  cy: number,
  cz: number,
  reach: number,
): boolean {
  const limit = reach + RESELECT_DISTANCE;
  return (x - cx) ** 2 + cy ** 2 + (z - cz) ** 2 <= limit * limit;
}

/** A structure's ground point (world units) and, while being sorted, its squared distance from the camera. */
export interface Spot {
  x: number;
  z: number;
  distance: number;
}

const nearestFirst = (a: Spot, b: Spot) => a.distance - b.distance;

/**
 * Fills `out` with the `spots` within `reach` of `camera` (see withinReach), nearest first: the
 * batch draws them in this order, so a pixel a nearer structure already covers fails the depth
 * test before a farther one's fragment is shaded (software WebGL shades every fragment that
 * passes it; written far to near, every hidden wall would be shaded and then painted over).
 */
export function nearestWithinReach<T extends Spot>(
  spots: Iterable<T>,
  camera: { x: number; y: number; z: number },
  reach: number,
  out: T[],
): void {
  out.length = 0;
  for (const spot of spots) {
    if (!withinReach(spot.x, spot.z, camera.x, camera.y, camera.z, reach)) continue;
    spot.distance = (spot.x - camera.x) ** 2 + (spot.z - camera.z) ** 2;
    out.push(spot);
  }
  out.sort(nearestFirst);
}
