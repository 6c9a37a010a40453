import type { InstancedBufferAttribute, InstancedMesh } from 'three';

/**
 * Draws the first `count` instances (none: hides the mesh) and queues only their matrices (and colours, when asked, and
 * the `extra` per-instance attributes) for upload. Instanced buffers are sized for the most instances ever drawn; re-sending all of
 * them every frame would copy hundreds of KB per frame into the GPU process.
 */
export function uploadInstances(
  mesh: InstancedMesh,
  count: number,
  colors: boolean,
  extra: readonly InstancedBufferAttribute[] = [],
): void {
  mesh.count = count;
  // An empty mesh draws nothing but would still cost a draw call, and its shader's compile on the
  // first frame.
  mesh.visible = count > 0;
  if (count === 0) return;
  const attributes = [
    mesh.instanceMatrix,
    ...(colors && mesh.instanceColor ? [mesh.instanceColor] : []),
    ...extra,
  ];
  for (const attribute of attributes) {
    attribute.clearUpdateRanges();
    attribute.addUpdateRange(0, count * attribute.itemSize);
    attribute.needsUpdate = true;
  }
}
