import { BufferAttribute, BufferGeometry, Mesh, type ShaderMaterial } from 'three';

/**
 * One geometry drawn many times as ONE plain mesh: the geometry copied once per thing (rig,
 * avatar) into shared buffers, each copy's vertices carrying that thing's own attributes
 * (position on the map, colour…), which the material's vertex shader applies. Not an
 * InstancedMesh: software WebGL (SwiftShader) runs every instance as a draw of its own (measured
 * ~35 µs each: 10 CPU ms per frame for 300 rigs), where one draw of all copies costs only their
 * vertices.
 */
export class MeshBatch<M extends ShaderMaterial> {
  readonly mesh: Mesh<BufferGeometry, M>;
  /** Vertices of one copy. */
  readonly verticesPerCopy: number;
  /** Things drawn. */
  count = 0;
  private capacity = 0;

  /**
   * @param base an indexed geometry, copied as is
   * @param perCopy the per-copy attributes and their item sizes (floats)
   */
  constructor(
    private readonly base: BufferGeometry,
    material: M,
    private readonly perCopy: Readonly<Record<string, number>>,
    firstCapacity: number,
  ) {
    if (!base.getIndex()) throw new Error('a batched geometry must be indexed');
    this.verticesPerCopy = base.getAttribute('position').count;
    this.mesh = new Mesh(new BufferGeometry(), material);
    this.mesh.frustumCulled = false; // copies spread over the map; the GPU clips them
    this.grow(firstCapacity);
  }

  /**
   * Draws the first `count` copies. Write their per-copy attributes after this: growing the
   * buffers for more copies starts them blank (true when it grew).
   */
  draw(count: number): boolean {
    const grow = count > this.capacity;
    if (grow) this.grow(Math.max(count, this.capacity * 2));
    this.count = count;
    this.mesh.geometry.setDrawRange(0, count * (this.base.getIndex()?.count ?? 0));
    return grow;
  }

  /** Sets per-copy attribute `name` of copy `copy` to `values` (one per component). */
  write(name: string, copy: number, ...values: number[]): void {
    const attribute = this.mesh.geometry.getAttribute(name) as BufferAttribute;
    const array = attribute.array as Float32Array;
    const size = attribute.itemSize;
    for (let v = copy * this.verticesPerCopy; v < (copy + 1) * this.verticesPerCopy; v++)
      for (let k = 0; k < size; k++) array[v * size + k] = values[k] as number;
  }

  /** Queues per-copy attribute `name` of the copies drawn for upload (not the whole buffer). */
  upload(name: string): void {
    if (this.count === 0) return;
    const attribute = this.mesh.geometry.getAttribute(name) as BufferAttribute;
    attribute.clearUpdateRanges();
    attribute.addUpdateRange(0, this.count * this.verticesPerCopy * attribute.itemSize);
    attribute.needsUpdate = true;
  }

  dispose(): void {
    this.base.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }

  /** New buffers for `capacity` copies: the base geometry copied, per-copy attributes blank. */
  private grow(capacity: number): void {
    const index = this.base.getIndex() as BufferAttribute;
    const geometry = new BufferGeometry();
    for (const [name, source] of Object.entries(this.base.attributes)) {
      if (name === 'uv') continue; // batched things are not textured
      const from = source.array as Float32Array;
      const array = new Float32Array(capacity * from.length);
      for (let i = 0; i < capacity; i++) array.set(from, i * from.length);
      geometry.setAttribute(name, new BufferAttribute(array, source.itemSize));
    }
    const indices = new Uint32Array(capacity * index.count);
    for (let i = 0; i < capacity; i++)
      for (let k = 0; k < index.count; k++)
        indices[i * index.count + k] = index.getX(k) + i * this.verticesPerCopy;
    geometry.setIndex(new BufferAttribute(indices, 1));
    for (const [name, size] of Object.entries(this.perCopy))
      geometry.setAttribute(
        name,
        new BufferAttribute(new Float32Array(capacity * this.verticesPerCopy * size), size),
      );
    this.mesh.geometry.dispose();
    this.mesh.geometry = geometry;
    this.capacity = capacity;
  }
}
