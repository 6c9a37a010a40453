import { BufferAttribute, BufferGeometry, type Mesh } from 'three';

/**
 * Growable vertex and index arrays drawn in one call: software WebGL (SwiftShader) runs each
 * instance of an instanced draw as a draw of its own (~35 µs each, as much as a separate draw
 * call), so things drawn by the thousand (structures, avatars) are written here already placed
 * and lit, for the baked material (baked-material.ts).
 */
export class VertexBatch {
  /** x, y, z per vertex, world units. */
  positions: Float32Array;
  /** sRGB bytes per vertex (r, g, b, unused): lit colour. */
  colors: Uint8Array;
  indices: Uint32Array;
  vertices = 0;
  indexCount = 0;

  constructor(vertices: number, indices: number) {
    this.positions = new Float32Array(vertices * 3);
    this.colors = new Uint8Array(vertices * 4);
    this.indices = new Uint32Array(indices);
  }

  clear(): void {
    this.vertices = 0;
    this.indexCount = 0;
  }

  /** Grows the arrays to hold at least `vertices` vertices and `indices` indices. */
  protected reserve(vertices: number, indices: number): void {
    if (vertices * 3 > this.positions.length) {
      const size = Math.max(vertices, this.positions.length / 3) * 2;
      this.positions = grown(this.positions, new Float32Array(size * 3));
      this.colors = grown(this.colors, new Uint8Array(size * 4));
    }
    if (indices > this.indices.length)
      this.indices = grown(this.indices, new Uint32Array(Math.max(indices, this.indices.length) * 2));
  }
}

/** `next` with `array` copied into its start. */
function grown<T extends Float32Array | Uint8Array | Uint32Array>(array: T, next: T): T {
  next.set(array);
  return next;
}

/**
 * Points `mesh`'s geometry at the batch's arrays (new buffers when the batch grew) and queues only
 * the used part for upload: the buffers are sized for the most ever written.
 */
export function uploadBatch(mesh: Mesh, batch: VertexBatch): void {
  let geometry = mesh.geometry;
  const position = geometry.getAttribute('position') as BufferAttribute | undefined;
  if (position?.array !== batch.positions || geometry.getIndex()?.array !== batch.indices) {
    geometry.dispose();
    geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(batch.positions, 3));
    geometry.setAttribute('tint', new BufferAttribute(batch.colors, 4, true));
    geometry.setIndex(new BufferAttribute(batch.indices, 1));
    mesh.geometry = geometry;
  }
  const sizes: Array<[BufferAttribute, number]> = [
    [geometry.getAttribute('position') as BufferAttribute, batch.vertices * 3],
    [geometry.getAttribute('tint') as BufferAttribute, batch.vertices * 4],
    [geometry.getIndex() as BufferAttribute, batch.indexCount],
  ];
  for (const [attribute, count] of sizes) {
    attribute.clearUpdateRanges();
    attribute.addUpdateRange(0, count);
    attribute.needsUpdate = true;
  }
  geometry.setDrawRange(0, batch.indexCount);
  // nothing to draw: no draw call, and no shader compile before the world's first frame
  mesh.visible = batch.indexCount > 0;
}

/**
 * The vertices of indexed `geometry` its triangles use, in order of first use: `indices` renumbered
 * to them and each attribute of `names` copied for them only (an indexed draw may leave vertices
 * out, see box-faces.ts; a batch writes every vertex it copies).
 */
export function usedVertices(
  geometry: BufferGeometry,
  names: readonly string[],
): { indices: Uint32Array; attributes: Float32Array[] } {
  const index = geometry.getIndex();
  if (!index) throw new Error('a batched geometry must be indexed');
  const slot = new Map<number, number>();
  const used: number[] = [];
  const indices = Uint32Array.from(index.array as ArrayLike<number>, (vertex) => {
    let at = slot.get(vertex);
    if (at === undefined) {
      at = used.length;
      slot.set(vertex, at);
      used.push(vertex);
    }
    return at;
  });
  const attributes = names.map((name) => {
    const { array, itemSize: size } = geometry.getAttribute(name);
    return Float32Array.from(
      { length: used.length * size },
      (_, i) =>
        (array as ArrayLike<number>)[(used[Math.floor(i / size)] as number) * size + (i % size)] as number,
    );
  });
  return { indices, attributes };
}
