import { BoxGeometry, BufferAttribute, type BufferGeometry, ConeGeometry, CylinderGeometry } from 'three';
import { mergeGeometries, mergeVertices } from 'three/addons/utils/BufferGeometryUtils.js';
import { MAX_BANDS, STRUCTURE_KINDS, StructureKind } from '../../../shared/structures.ts';
import { Face, WALLS, withFaces } from '../scene/box-faces.ts';

/**
 * One geometry per structure kind, each one unit tall (the instance matrix scales it to the
 * structure's height) and inside a parcel's footprint, merged from a few parts. Every vertex
 * carries `level`, the height fraction (0–1) of the floor it belongs to (the shader colours it by
 * the band covering that height), and `roof` (1 on roofs, drawn darker). Parts never share a
 * vertex across a band edge, so bands stay crisp with colours computed per vertex.
 * Flat-faced and low-poly: software WebGL shades every vertex of every instance.
 */

/** Floors of a co-owned tower (its bands snap to them): one per band when the bands are equal. */
export const TOWER_FLOORS = MAX_BANDS;

function tagged(part: BufferGeometry, level: number, roof: boolean): BufferGeometry {
  const count = part.getAttribute('position').count;
  part.setAttribute('level', new BufferAttribute(new Float32Array(count).fill(level), 1));
  part.setAttribute('roof', new BufferAttribute(new Float32Array(count).fill(roof ? 1 : 0), 1));
  // mergeGeometries needs the same attributes on every part; uv is unused here
  part.deleteAttribute('uv');
  return part;
}

/**
 * A box from height `from` to `to` (fractions of the unit height), `width` × `depth`, on the
 * parcel's centre, with only `faces` drawn: a bottom is never seen, and an indexed draw shades
 * only the vertices its triangles use.
 */
function box(width: number, depth: number, from: number, to: number, faces: readonly number[]) {
  return withFaces(new BoxGeometry(width, to - from, depth).translate(0, (from + to) / 2, 0), faces);
}

/** Walls (and a roof on top when `roofed`) of one floor, coloured by the band at `level`. */
function floor(width: number, depth: number, from: number, to: number, level: number, roofed = false) {
  return merged([
    tagged(box(width, depth, from, to, WALLS), level, false),
    ...(roofed ? [tagged(box(width, depth, from, to, [Face.Top]), level, true)] : []),
  ]);
}

function merged(parts: BufferGeometry[]): BufferGeometry {
  const geometry = mergeGeometries(parts);
  for (const part of parts) part.dispose();
  return geometry;
}

/**
 * A pyramid roof of five vertices: the cone's apex (one copy per side, each with its side's
 * normal) is one vertex facing up, and its seam closed. Houses are most of a city: four vertices
 * fewer on each is a tenth of the structures' vertices.
 */
function pyramid(): BufferGeometry {
  const cone = tagged(new ConeGeometry(0.48, 0.3, 4, 1, true), 0.85, true);
  const normal = cone.getAttribute('normal');
  const position = cone.getAttribute('position');
  for (let v = 0; v < position.count; v++) if (position.getY(v) > 0) normal.setXYZ(v, 0, 1, 0);
  const roof = mergeVertices(cone, 1e-4)
    .rotateY(Math.PI / 4)
    .translate(0, 0.85, 0);
  cone.dispose();
  return roof;
}

/** A house: walls and a pyramid roof. */
function house(): BufferGeometry {
  return merged([floor(0.62, 0.62, 0, 0.7, 0.35), pyramid()]);
}

/** A workshop: a wide, flat-roofed hall with a chimney stack. */
function workshop(): BufferGeometry {
  return merged([
    floor(0.8, 0.58, 0, 0.68, 0.34, true),
    tagged(box(0.14, 0.14, 0.68, 1, [...WALLS, Face.Top]).translate(0.25, 0, -0.15), 0.84, true),
  ]);
}

/** A tower: TOWER_FLOORS floors, each its own band's colour, and a flat roof. */
function tower(): BufferGeometry {
  return merged(
    Array.from({ length: TOWER_FLOORS }, (_, i) =>
      floor(
        0.6,
        0.6,
        i / TOWER_FLOORS,
        (i + 1) / TOWER_FLOORS,
        (i + 0.5) / TOWER_FLOORS,
        i === TOWER_FLOORS - 1,
      ),
    ),
  );
}

/** An auction hall: an octagonal hall in two bands under a low spire. */
function hall(): BufferGeometry {
  const drum = (from: number, to: number, level: number) =>
    tagged(
      new CylinderGeometry(0.36, 0.38, to - from, 8, 1, true).translate(0, (from + to) / 2, 0),
      level,
      false,
    );
  const spire = new ConeGeometry(0.38, 0.3, 8, 1, true).translate(0, 0.85, 0);
  return merged([drum(0, 0.55, 0.3), drum(0.55, 0.7, 0.7), tagged(spire, 0.85, true)]);
}

/** The geometry of each kind, indexed by StructureKind. */
export function structureGeometries(): BufferGeometry[] {
  const byKind: Record<StructureKind, () => BufferGeometry> = {
    [StructureKind.House]: house,
    [StructureKind.Workshop]: workshop,
    [StructureKind.Tower]: tower,
    [StructureKind.Hall]: hall,
  };
  return Array.from({ length: STRUCTURE_KINDS }, (_, kind) => byKind[kind as StructureKind]());
}
