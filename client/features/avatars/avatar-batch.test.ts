import { describe, expect, it } from 'vitest';
import { AvatarBatch } from './avatar-batch.ts';

describe('AvatarBatch', () => {
  it('writes an avatar pose on every vertex of its copy and says when its buffers grew', () => {
    const batch = new AvatarBatch();
    expect(batch.draw(2)).toBe(false);
    batch.pose(1, { x: 4, z: -2, heading: 0.5 });
    const pose = batch.mesh.geometry.getAttribute('avatarPose');
    const perCopy = batch.verticesPerCopy;
    for (let v = perCopy; v < 2 * perCopy; v++) expect(pose.getX(v)).toBe(4);
    expect(pose.getY(2 * perCopy - 1)).toBe(-2);
    expect(pose.getZ(perCopy)).toBe(0.5);
    expect(pose.getX(perCopy - 1)).toBe(0);
    expect(batch.draw(1_000)).toBe(true);
    expect(batch.mesh.geometry.getAttribute('avatarPose').count).toBeGreaterThanOrEqual(1_000 * perCopy);
    batch.dispose();
  });
});
