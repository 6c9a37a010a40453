import { describe, expect, it } from 'vitest';
import { AVATAR_HEIGHT, AvatarBatch, avatarTemplate } from './avatar-batch.ts';

const template = avatarTemplate();
const count = template.limbs.length;
const standing = { swing: 0, bob: 0 };
const white = { r: 1, g: 1, b: 1 };

/** Vertex `v` of the batch's avatar `avatar`, as [x, y, z]. */
function vertexOf(batch: AvatarBatch, avatar: number, v: number): [number, number, number] {
  const at = (avatar * count + v) * 3;
  return [
    batch.positions[at] as number,
    batch.positions[at + 1] as number,
    batch.positions[at + 2] as number,
  ];
}

/** The template's vertices of `limb` (+1 left leg, -1 right leg, 0 the rest). */
const verticesOf = (limb: number) => [...template.limbs.keys()].filter((v) => template.limbs[v] === limb);

describe('AvatarBatch', () => {
  it('stands the figure where its player is, feet on the ground and head at AVATAR_HEIGHT', () => {
    const batch = new AvatarBatch(template, 1);
    batch.add(10, -5, 0, standing, white);
    expect(batch.vertices).toBe(count);
    expect(batch.indexCount).toBe(template.indices.length);
    const ys = [...template.limbs.keys()].map((v) => vertexOf(batch, 0, v)[1]);
    expect(Math.min(...ys)).toBeCloseTo(0);
    // the label height: just over the top of the head
    expect(Math.max(...ys)).toBeLessThanOrEqual(AVATAR_HEIGHT);
    expect(Math.max(...ys)).toBeGreaterThan(AVATAR_HEIGHT - 0.05);
    for (let v = 0; v < count; v++) {
      const [x, , z] = vertexOf(batch, 0, v);
      expect(x).toBeCloseTo((template.positions[v * 3] as number) + 10);
      expect(z).toBeCloseTo((template.positions[v * 3 + 2] as number) - 5);
    }
  });

  it('turns the figure by its heading: at a quarter turn the nose points along +X', () => {
    const batch = new AvatarBatch(template, 1);
    batch.add(0, 0, Math.PI / 2, standing, white);
    const nose = [...template.limbs.keys()].reduce((a, b) =>
      (template.positions[b * 3 + 2] as number) > (template.positions[a * 3 + 2] as number) ? b : a,
    );
    const [x, y, z] = vertexOf(batch, 0, nose);
    expect(x).toBeCloseTo(template.positions[nose * 3 + 2] as number);
    expect(y).toBeCloseTo(template.positions[nose * 3 + 1] as number);
    expect(z).toBeCloseTo(-(template.positions[nose * 3] as number));
  });

  it('swings the legs opposite ways by the stride and lifts the body by its bob; the rest stays put', () => {
    const batch = new AvatarBatch(template, 2);
    batch.add(0, 0, 0, standing, white);
    batch.add(0, 0, 0, { swing: 0.5, bob: 0.1 }, white);
    const footOf = (limb: number) => {
      const feet = verticesOf(limb).filter((v) => (template.positions[v * 3 + 1] as number) < 0.01);
      return (
        feet.reduce((sum, v) => sum + vertexOf(batch, 1, v)[2] - vertexOf(batch, 0, v)[2], 0) / feet.length
      );
    };
    // a leg swung by 0.5 rad about the hips (~1.08 up) moves its foot ~0.5: the left back, the right forward
    expect(footOf(1)).toBeLessThan(-0.4);
    expect(footOf(-1)).toBeGreaterThan(0.4);
    for (const v of verticesOf(0)) {
      const [x0, y0, z0] = vertexOf(batch, 0, v);
      const [x1, y1, z1] = vertexOf(batch, 1, v);
      expect([x1, y1 - 0.1, z1].map((c) => c.toFixed(4))).toEqual([x0, y0, z0].map((c) => c.toFixed(4)));
    }
  });

  it('colours each vertex by its player colour under the scene light, and grows past its room', () => {
    const batch = new AvatarBatch(template, 1);
    batch.add(0, 0, 0, standing, white);
    batch.add(5, 5, 0, standing, { r: 0, g: 1, b: 0 });
    batch.add(9, 9, 0, standing, white);
    expect(batch.vertices).toBe(3 * count);
    expect(batch.indices[template.indices.length]).toBe((template.indices[0] as number) + count);
    for (let v = 0; v < count; v++) {
      const lit = (avatar: number, channel: number) =>
        batch.colors[(avatar * count + v) * 4 + channel] as number;
      expect(lit(0, 1)).toBeGreaterThan(0);
      expect(lit(1, 0)).toBe(0);
      expect(lit(1, 1)).toBe(lit(0, 1));
    }
  });
});
