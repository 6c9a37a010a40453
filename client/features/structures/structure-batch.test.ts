import { BoxGeometry, BufferAttribute } from 'three';
import { describe, expect, it } from 'vitest';
import { StructureKind } from '../../../shared/structures.ts';
import { bakeLight, srgbByte, toLinear } from '../scene/light.ts';
import {
  bandAt,
  nearestWithinReach,
  RESELECT_DISTANCE,
  StructureBatch,
  templateOf,
  withinReach,
} from './structure-batch.ts';

/** A unit box standing on the ground with only its top face drawn, every vertex at `level`. */
function topOnly(level: number) {
  const box = new BoxGeometry(1, 1, 1).translate(0, 0.5, 0);
  const count = box.getAttribute('position').count;
  box.setAttribute('level', new BufferAttribute(new Float32Array(count).fill(level), 1));
  box.setAttribute('roof', new BufferAttribute(new Float32Array(count).fill(1), 1));
  const index = box.getIndex()?.array as ArrayLike<number>;
  box.setIndex(Array.from({ length: 6 }, (_, i) => index[12 + i] as number)); // face 2: +Y
  return box;
}

describe('templateOf', () => {
  it('keeps only the vertices the triangles use, renumbered in first-use order', () => {
    const template = templateOf(topOnly(0.5));
    expect(template.levels).toHaveLength(4);
    expect([...template.indices]).toEqual([0, 1, 2, 1, 3, 2]);
    // every kept vertex is on the top face, facing up
    for (let v = 0; v < 4; v++) {
      expect(template.positions[v * 3 + 1]).toBe(1);
      expect(template.normals[v * 3 + 1]).toBe(1);
    }
  });

  it('refuses a geometry without an index', () => {
    expect(() => templateOf(topOnly(0).toNonIndexed())).toThrow(/indexed/);
  });
});

/** A unit box standing on the ground, all faces but the bottom drawn, every vertex at level 0.5. */
function openBox() {
  const box = topOnly(0.5);
  const index = new BoxGeometry(1, 1, 1).getIndex()?.array as ArrayLike<number>;
  // faces East (+X), West (-X), Top, North (+Z), South (-Z): two triangles each; no bottom (face 3)
  box.setIndex(
    [0, 1, 2, 4, 5].flatMap((face) => Array.from({ length: 6 }, (_, i) => index[face * 6 + i] as number)),
  );
  return box;
}

describe('walls', () => {
  it('gives each wall triangle its outward plane, and none to the roof', () => {
    const { walls } = templateOf(openBox());
    const planes = Array.from({ length: walls.length / 3 }, (_, t) => [...walls.slice(t * 3, t * 3 + 3)]);
    expect(
      planes.map(([nx, nz, d]) => [nx, nz, d].map((n) => Math.round((n as number) * 100) / 100 + 0)),
    ).toEqual([
      [1, 0, 0.5],
      [1, 0, 0.5],
      [-1, 0, 0.5],
      [-1, 0, 0.5],
      [0, 0, 0],
      [0, 0, 0],
      [0, 1, 0.5],
      [0, 1, 0.5],
      [0, -1, 0.5],
      [0, -1, 0.5],
    ]);
  });
});

describe('bandAt', () => {
  const bands = [
    { hue: 0, lightness: 0.5, share: 0.5 },
    { hue: 0, lightness: 0.5, share: 0.3 },
    { hue: 0, lightness: 0.5, share: 0.2 },
  ];
  it('picks the band covering a height fraction, bottom to top', () => {
    expect([0, 0.49, 0.5, 0.79, 0.8, 1].map((level) => bandAt(bands, level))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(bandAt([bands[0] as (typeof bands)[number]], 0.9)).toBe(0);
  });
});

describe('StructureBatch', () => {
  it('places, scales and lights each structure, and offsets its indices past the ones before', () => {
    const template = templateOf(topOnly(0.5));
    const batch = new StructureBatch(2, 3); // too small: it grows
    const white = { hue: 0, lightness: 1, share: 1 };
    batch.add(template, { kind: StructureKind.House, height: 2, bands: [white] }, 10, -5);
    batch.add(template, { kind: StructureKind.House, height: 3, bands: [white] }, 0, 0);
    expect(batch.vertices).toBe(8);
    expect(batch.indexCount).toBe(12);
    expect([...batch.indices.slice(6, 12)]).toEqual([4, 5, 6, 5, 7, 6]);
    // first structure's first vertex: x and z moved to its parcel, y scaled by its height
    expect(batch.positions[0]).toBeCloseTo(10 + (template.positions[0] as number));
    expect(batch.positions[1]).toBe(2);
    expect(batch.positions[2]).toBeCloseTo(-5 + (template.positions[2] as number));
    expect(batch.positions[4 * 3 + 1]).toBe(3);
    // a white roof under the full light facing up, at the roof's shade
    const light = [0, 0, 0];
    bakeLight(0, 1, 0, 2, light);
    expect([...batch.colors.slice(0, 3)]).toEqual(light.map((c) => srgbByte(c * 0.55)));
  });

  it('colours each vertex with its band', () => {
    const batch = new StructureBatch(8, 8);
    const bands = [
      { hue: 0, lightness: 0.5, share: 0.5 }, // red
      { hue: 85, lightness: 0.5, share: 0.5 }, // green
    ];
    batch.add(templateOf(topOnly(0.25)), { kind: StructureKind.Tower, height: 1, bands }, 0, 0);
    batch.add(templateOf(topOnly(0.75)), { kind: StructureKind.Tower, height: 1, bands }, 0, 0);
    const low = [...batch.colors.slice(0, 3)];
    const high = [...batch.colors.slice(16, 19)];
    expect(low[0]).toBeGreaterThan(low[1] as number);
    expect(high[1]).toBeGreaterThan(high[0] as number);
  });
});

describe('StructureBatch with an eye', () => {
  const structure = { kind: StructureKind.House, height: 1, bands: [{ hue: 0, lightness: 0.5, share: 1 }] };
  const drawn = (eye: { x: number; z: number } | null) => {
    const batch = new StructureBatch(4, 4);
    batch.add(templateOf(openBox()), structure, 20, 0, eye);
    return { triangles: batch.indexCount / 3, vertices: batch.vertices, batch };
  };

  it('leaves out the walls that face away from a far eye, and the vertices only they use', () => {
    expect(drawn(null)).toMatchObject({ triangles: 10, vertices: 20 });
    // far east of the structure: its west wall faces away; north and south are edge-on
    const east = drawn({ x: 20 + RESELECT_DISTANCE + 5, z: 0 });
    expect(east).toMatchObject({ triangles: 8, vertices: 16 });
    // far north-east: west and south walls face away
    expect(drawn({ x: 60, z: 40 })).toMatchObject({ triangles: 6, vertices: 12 });
    // every index points at a written vertex
    expect(Math.max(...east.batch.indices.slice(0, east.batch.indexCount))).toBe(15);
  });

  it('keeps every wall while the eye is within RESELECT_DISTANCE of its plane', () => {
    expect(drawn({ x: 20 + 0.5 + RESELECT_DISTANCE - 1, z: 0 })).toMatchObject({ triangles: 10 });
    expect(drawn({ x: 20, z: 0 })).toMatchObject({ triangles: 10 });
  });
});

describe('light', () => {
  it('converts linear light to sRGB bytes as the GPU encodes them', () => {
    for (const byte of [0, 1, 30, 128, 200, 255]) expect(srgbByte(toLinear(byte / 255))).toBe(byte);
    expect(srgbByte(-1)).toBe(0);
    expect(srgbByte(2)).toBe(255);
  });

  it('darkens the foot of a wall', () => {
    const foot = [0, 0, 0];
    const up = [0, 0, 0];
    bakeLight(1, 0, 0, 0, foot);
    bakeLight(1, 0, 0, 2, up);
    expect(foot[0]).toBeLessThan(up[0] as number);
  });
});

describe('withinReach', () => {
  it('keeps structures within the reach plus the reselect margin, by distance from the camera', () => {
    expect(withinReach(0, 0, 0, 50, 0, 60)).toBe(true);
    expect(withinReach(0, 60 + RESELECT_DISTANCE, 0, 0, 0, 60)).toBe(true);
    expect(withinReach(0, 61 + RESELECT_DISTANCE, 0, 0, 0, 60)).toBe(false);
    // high above, nothing is in reach however close below
    expect(withinReach(0, 0, 0, 100, 0, 60)).toBe(false);
  });
});

describe('nearestWithinReach', () => {
  it('keeps the spots within reach, nearest the camera first', () => {
    const spot = (x: number, z: number) => ({ x, z, distance: 0, name: `${x},${z}` });
    const spots = [spot(0, -40), spot(0, 0), spot(0, 200), spot(5, -10), spot(-3, 2)];
    const out = [spot(9, 9)]; // left over from the last choice: replaced
    nearestWithinReach(spots, { x: 0, y: 30, z: 0 }, 60, out);
    expect(out.map((entry) => entry.name)).toEqual(['0,0', '-3,2', '5,-10', '0,-40']);
    expect(out[1]?.distance).toBe(13);
  });
});
