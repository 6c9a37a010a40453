import { BoxGeometry, BufferAttribute, BufferGeometry, type Color, Mesh } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { createShadedMaterial } from '../scene/shaded-material.ts';
import { RIG_LEVEL_HEIGHT } from './rig-motion.ts';

/** Rigs the first buffers hold; they double when more rigs stand. */
const FIRST_CAPACITY = 256;

/**
 * One rig: a tower of unit height (stretched to the rig's height in the vertex shader) and a
 * rotor on top, with a per-vertex `rotor` flag (1 on the rotor, 0 on the tower).
 */
export function rigGeometry(): BufferGeometry {
  const tower = new BoxGeometry(0.45, 1, 0.45).translate(0, 0.5, 0);
  const bladeA = new BoxGeometry(0.9, 0.06, 0.12).translate(0, 1.05, 0);
  const bladeB = new BoxGeometry(0.12, 0.06, 0.9).translate(0, 1.05, 0);
  const parts = [tower, bladeA, bladeB];
  for (const part of parts) {
    const count = part.getAttribute('position').count;
    part.setAttribute('rotor', new BufferAttribute(new Float32Array(count).fill(part === tower ? 0 : 1), 1));
  }
  const merged = mergeGeometries(parts);
  for (const part of parts) part.dispose();
  return merged;
}

export interface PlacedRig {
  x: number;
  z: number;
  /** Rig level as drawn (tower height = level × RIG_LEVEL_HEIGHT). */
  level: number;
  /** Rotor speed, radians per second. */
  spin: number;
}

/**
 * Every rig in ONE plain mesh: the rig geometry copied once per rig, each copy's vertices carrying
 * that rig's place (x, z, tower height, rotor speed) and colour. Not an InstancedMesh: software
 * WebGL (SwiftShader) runs every instance as a draw of its own (measured ~35 µs each, 10 CPU ms
 * per frame for 300 rigs), where one draw of all copies costs only their vertices. The rotor
 * still turns in the vertex shader, so a spinning rig costs no per-frame upload.
 */
export class RigBatch {
  readonly mesh: Mesh<BufferGeometry, ReturnType<typeof createRigBatchMaterial>>;
  private readonly base = rigGeometry();
  private capacity = 0;
  private count = 0;

  constructor() {
    this.mesh = new Mesh(new BufferGeometry(), createRigBatchMaterial());
    this.mesh.frustumCulled = false; // rigs spread over the map; the GPU clips them
    this.grow(FIRST_CAPACITY);
  }

  /** Vertices of one rig. */
  get verticesPerRig(): number {
    return this.base.getAttribute('position').count;
  }

  /** Places the rigs (in order: rig i is copy i) and draws exactly them. */
  place(rigs: readonly PlacedRig[]): void {
    if (rigs.length > this.capacity) this.grow(Math.max(rigs.length, this.capacity * 2));
    const place = this.mesh.geometry.getAttribute('rigPlace') as BufferAttribute;
    const perRig = this.verticesPerRig;
    rigs.forEach((rig, i) => {
      for (let v = i * perRig; v < (i + 1) * perRig; v++)
        place.setXYZW(v, rig.x, rig.z, rig.level * RIG_LEVEL_HEIGHT, rig.spin);
    });
    this.count = rigs.length;
    upload(place, rigs.length * perRig);
    const indices = this.base.getIndex()?.count ?? 0;
    this.mesh.geometry.setDrawRange(0, rigs.length * indices);
  }

  /** Colours rig i with `colorOf(i)` (linear RGB), for every rig placed. */
  paint(colorOf: (i: number) => Color): void {
    const color = this.mesh.geometry.getAttribute('color') as BufferAttribute;
    const perRig = this.verticesPerRig;
    for (let i = 0; i < this.count; i++) {
      const { r, g, b } = colorOf(i);
      for (let v = i * perRig; v < (i + 1) * perRig; v++) color.setXYZ(v, r, g, b);
    }
    upload(color, this.count * perRig);
  }

  dispose(): void {
    this.base.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
  }

  /** New buffers for `capacity` rigs: the static geometry copied, places and colours blank. */
  private grow(capacity: number): void {
    const perRig = this.verticesPerRig;
    const baseIndex = this.base.getIndex();
    if (!baseIndex) throw new Error('the rig geometry must be indexed');
    const geometry = new BufferGeometry();
    for (const name of ['position', 'normal', 'rotor']) {
      const source = this.base.getAttribute(name) as BufferAttribute;
      const array = new Float32Array(capacity * source.array.length);
      for (let i = 0; i < capacity; i++) array.set(source.array as Float32Array, i * source.array.length);
      geometry.setAttribute(name, new BufferAttribute(array, source.itemSize));
    }
    const index = new Uint32Array(capacity * baseIndex.count);
    for (let i = 0; i < capacity; i++)
      for (let k = 0; k < baseIndex.count; k++)
        index[i * baseIndex.count + k] = baseIndex.getX(k) + i * perRig;
    geometry.setIndex(new BufferAttribute(index, 1));
    geometry.setAttribute('rigPlace', new BufferAttribute(new Float32Array(capacity * perRig * 4), 4));
    geometry.setAttribute('color', new BufferAttribute(new Float32Array(capacity * perRig * 3), 3));
    geometry.setDrawRange(0, 0);
    this.mesh.geometry.dispose();
    this.mesh.geometry = geometry;
    this.capacity = capacity;
    this.count = 0;
  }
}

/** Queues the first `vertices` of a per-vertex attribute for upload (not the whole buffer). */
function upload(attribute: BufferAttribute, vertices: number): void {
  if (vertices === 0) return;
  attribute.clearUpdateRanges();
  attribute.addUpdateRange(0, vertices * attribute.itemSize);
  attribute.needsUpdate = true;
}

/** Shaded per vertex; rotor vertices spun in the vertex shader; `uniforms.uTime` is seconds. */
function createRigBatchMaterial() {
  const material = createShadedMaterial({
    uniforms: { uTime: { value: 0 } },
    declarations: `
      uniform float uTime;
      attribute float rotor;   // 1 on the rotor, 0 on the tower
      attribute vec4 rigPlace; // x, z, tower height, rotor radians per second
    `,
    deform: `
      if (rotor > 0.5) {
        float a = mod(uTime * rigPlace.w, 6.2831853);
        mat2 turn = mat2(cos(a), -sin(a), sin(a), cos(a));
        objectNormal.xz = turn * objectNormal.xz;
        transformed.xz = turn * transformed.xz;
        // The rotor sits on top of the tower at its own thickness.
        transformed.y += rigPlace.z - 1.0;
      } else {
        transformed.y *= rigPlace.z;
      }
      transformed.xz += rigPlace.xy;
    `,
  });
  material.vertexColors = true;
  return material;
}
