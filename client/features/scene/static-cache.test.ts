import { BufferAttribute, BufferGeometry, Color, Mesh, PerspectiveCamera, Scene } from 'three';
import { describe, expect, it } from 'vitest';
import { createGroundMaterial } from '../map/ground-material.ts';
import { MapTexture } from '../map/map-texture.ts';
import { TexelFlag } from '../map/texel.ts';
import { createBakedMaterial } from './baked-material.ts';
import { planStatics, sameKey, staticKey } from './static-cache.ts';
import { uploadBatch, VertexBatch } from './vertex-batch.ts';

/** A scene like the game's: the ground (map texture), a vertex batch, a background; the camera placed and updated. */
function world() {
  const map = new MapTexture();
  const ground = new Mesh(new BufferGeometry(), createGroundMaterial(map));
  ground.name = 'ground';
  const batch = new VertexBatch(8, 8);
  batch.vertices = 3;
  batch.indexCount = 3;
  const structures = new Mesh(new BufferGeometry(), createBakedMaterial({ folds: true }));
  uploadBatch(structures, batch);
  const scene = new Scene();
  scene.background = new Color(0.1, 0.2, 0.3);
  scene.add(ground, structures);
  const camera = new PerspectiveCamera(45, 16 / 9, 0.5, 2_000);
  camera.position.set(0, 60, 60);
  camera.lookAt(0, 0, 0);
  scene.updateMatrixWorld();
  camera.updateMatrixWorld();
  const size = { x: 1280, y: 720 };
  const key = () => staticKey(camera, size, scene, [ground, structures]);
  return { map, ground, structures, batch, scene, camera, size, key };
}

describe('staticKey', () => {
  it('is the same while nothing changes', () => {
    const { key } = world();
    expect(sameKey(key(), key())).toBe(true);
  });

  it('changes with the camera, the drawing buffer and the background', () => {
    const { key, camera, size, scene } = world();
    const before = key();
    camera.position.x += 0.01;
    camera.updateMatrixWorld();
    expect(sameKey(before, key())).toBe(false);
    camera.position.x -= 0.01;
    camera.updateMatrixWorld();
    expect(sameKey(before, key())).toBe(true);
    camera.position.z += 1; // moved since the last render: its world matrix not yet updated
    expect(sameKey(before, key())).toBe(false);
    camera.position.z -= 1;
    expect(sameKey(before, key())).toBe(true);
    camera.fov = 50;
    camera.updateProjectionMatrix();
    expect(sameKey(before, key())).toBe(false);
    camera.fov = 45;
    camera.updateProjectionMatrix();
    size.x = 1000;
    expect(sameKey(before, key())).toBe(false);
    size.x = 1280;
    (scene.background as Color).r = 0.5;
    expect(sameKey(before, key())).toBe(false);
  });

  it('changes when a parcel is hovered or selected on the ground (its texture is re-uploaded)', () => {
    const { key, map } = world();
    const before = key();
    map.setFlag(1_234, TexelFlag.Hovered, true);
    const hovered = key();
    expect(sameKey(before, hovered)).toBe(false);
    map.setFlag(1_234, TexelFlag.Selected, true);
    expect(sameKey(hovered, key())).toBe(false);
  });

  it("changes with a material's uniforms and version, and with visibility", () => {
    const { key, ground, structures } = world();
    const material = ground.material;
    let before = key();
    (material.uniforms.uFocal as { value: number }).value = 500;
    expect(sameKey(before, key())).toBe(false);
    before = key();
    (material.uniforms.uRoad as { value: { x: number } }).value.x = 0.9;
    expect(sameKey(before, key())).toBe(false);
    before = key();
    material.needsUpdate = true;
    expect(sameKey(before, key())).toBe(false);
    before = key();
    structures.visible = false;
    expect(sameKey(before, key())).toBe(false);
  });

  it('changes when the batch is rewritten, grows or draws fewer triangles', () => {
    const { key, structures, batch } = world();
    let before = key();
    uploadBatch(structures, batch); // the same counts, new contents
    expect(sameKey(before, key())).toBe(false);
    before = key();
    batch.indexCount = 0;
    uploadBatch(structures, batch);
    expect(sameKey(before, key())).toBe(false);
    before = key();
    batch.positions = new Float32Array(300); // grown: new buffers, a new geometry
    batch.indices = new Uint32Array(100);
    batch.indexCount = 3;
    uploadBatch(structures, batch);
    expect(sameKey(before, key())).toBe(false);
  });

  it('changes when an attribute is swapped for another like it, or the mesh moves', () => {
    const { key, ground } = world();
    ground.geometry.setAttribute('position', new BufferAttribute(new Float32Array(9), 3));
    let before = key();
    ground.geometry.setAttribute('position', new BufferAttribute(new Float32Array(9), 3));
    expect(sameKey(before, key())).toBe(false);
    before = key();
    ground.position.y = 1;
    ground.updateMatrixWorld();
    expect(sameKey(before, key())).toBe(false);
  });

  it('never matches a value it cannot read', () => {
    const { key, ground } = world();
    ground.material.uniforms.uOdd = { value: () => 1 };
    expect(sameKey(key(), key())).toBe(false);
  });
});

describe('planStatics', () => {
  const a = [1, 2, 3];
  const b = [1, 2, 4];
  it('copies the cache while what it holds is what the frame would draw', () => {
    expect(planStatics(a, a, [...a])).toBe('copy');
    expect(planStatics(a, b, [...a])).toBe('copy');
  });
  it('stores once the view has come to rest: the same as the last frame, not cached', () => {
    expect(planStatics(null, a, [...a])).toBe('store');
    expect(planStatics(b, a, [...a])).toBe('store');
  });
  it('just draws while the statics change from frame to frame', () => {
    expect(planStatics(null, a, b)).toBe('draw');
    expect(planStatics(a, a, b)).toBe('draw');
  });
});
