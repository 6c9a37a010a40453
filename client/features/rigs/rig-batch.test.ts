import { Color } from 'three';
import { describe, expect, it } from 'vitest';
import { RigBatch } from './rig-batch.ts';
import { RIG_LEVEL_HEIGHT } from './rig-motion.ts';

const rig = (x: number, level = 1, spin = 0) => ({ x, z: -x, level, spin });

describe('RigBatch', () => {
  it('gives every vertex of copy i the place of rig i and draws exactly the rigs placed', () => {
    const batch = new RigBatch();
    const perRig = batch.verticesPerRig;
    batch.place([rig(3, 2, 1.5), rig(-7, 5)]);
    const place = batch.mesh.geometry.getAttribute('rigPlace');
    for (let v = 0; v < perRig; v++) {
      expect([place.getX(v), place.getY(v), place.getZ(v), place.getW(v)]).toEqual([
        3,
        -3,
        Math.fround(2 * RIG_LEVEL_HEIGHT),
        1.5,
      ]);
      expect(place.getX(perRig + v)).toBe(-7);
      expect(place.getZ(perRig + v)).toBeCloseTo(5 * RIG_LEVEL_HEIGHT);
    }
    const { index } = batch.mesh.geometry;
    const perRigIndices = (index?.count ?? 0) / (place.count / perRig);
    expect(batch.mesh.geometry.drawRange.count).toBe(2 * perRigIndices);
    // Copy 1's triangles use copy 1's vertices only.
    for (let k = perRigIndices; k < 2 * perRigIndices; k++) {
      const vertex = index?.getX(k) ?? -1;
      expect(vertex).toBeGreaterThanOrEqual(perRig);
      expect(vertex).toBeLessThan(2 * perRig);
    }
    batch.dispose();
  });

  it('paints each rig its colour and grows past its first buffers', () => {
    const batch = new RigBatch();
    const many = Array.from({ length: 600 }, (_, i) => rig(i));
    batch.place(many);
    batch.paint((i) => new Color(i === 599 ? 1 : 0, 0.5, 0));
    const color = batch.mesh.geometry.getAttribute('color');
    const last = 599 * batch.verticesPerRig;
    expect([color.getX(last), color.getY(last), color.getZ(last)]).toEqual([1, 0.5, 0]);
    expect(color.getX(0)).toBe(0);
    expect(batch.mesh.geometry.getAttribute('rigPlace').getX(last)).toBe(599);
    batch.place([]);
    expect(batch.mesh.geometry.drawRange.count).toBe(0);
    batch.dispose();
  });
});
