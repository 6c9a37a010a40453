import type { BufferGeometry } from 'three';
import { describe, expect, it } from 'vitest';
import { StructureKind } from '../../../shared/structures.ts';
import { templateOf } from './structure-batch.ts';
import { structureGeometries } from './structure-geometry.ts';

describe('structureGeometries', () => {
  it('gives a house a pyramid roof of five vertices: four eaves and one apex facing up', () => {
    const house = templateOf(structureGeometries()[StructureKind.House] as BufferGeometry);
    const roof = Array.from({ length: house.roofs.length }, (_, v) => v).filter((v) => house.roofs[v] === 1);
    expect(roof).toHaveLength(5);
    const apex = roof.filter((v) => (house.positions[v * 3 + 1] as number) > 0.99);
    expect(apex).toHaveLength(1);
    expect([0, 1, 2].map((axis) => house.normals[(apex[0] as number) * 3 + axis])).toEqual([0, 1, 0]);
    // the roof's four sides meet at that apex
    const roofTriangles = [];
    for (let t = 0; t < house.indices.length; t += 3)
      if (house.roofs[house.indices[t] as number] === 1)
        roofTriangles.push([...house.indices.slice(t, t + 3)]);
    expect(roofTriangles).toHaveLength(4);
    for (const triangle of roofTriangles) expect(triangle).toContain(apex[0]);
  });
});
