import type { BoxGeometry } from 'three';

/** BoxGeometry's faces, in its index order (two triangles, six indices each). */
export const Face = { East: 0, West: 1, Top: 2, Bottom: 3, North: 4, South: 5 } as const;
/** The four vertical faces. */
export const WALLS: readonly number[] = [Face.East, Face.West, Face.North, Face.South];

/**
 * `box` with only `faces` drawn (the rest of its vertices stay, unused): software WebGL sets up
 * every triangle it is given, seen or not, and an indexed draw shades only the vertices its
 * triangles use. For faces no camera sees: a bottom on the ground, a top inside another part.
 */
export function withFaces(box: BoxGeometry, faces: readonly number[]): BoxGeometry {
  const index = box.getIndex()?.array as ArrayLike<number>;
  box.setIndex(faces.flatMap((face) => Array.from({ length: 6 }, (_, i) => index[face * 6 + i] as number)));
  return box;
}
