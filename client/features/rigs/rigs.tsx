import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { BufferAttribute, type BufferGeometry, Color, Mesh } from 'three';
import { structureOf } from '../../../shared/structures.ts';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { createRigMaterial, rigGeometry } from './rig-material.ts';
import { flashGlow, RIG_LEVEL_HEIGHT, rotorSpeed } from './rig-motion.ts';

/** Rig levels drawn at most (taller rigs are drawn this tall). */
const MAX_DRAWN_LEVEL = 10;
/** Rigs the mesh has room for at first; it grows past them. */
const START_RIGS = 512;

interface Rig {
  x: number;
  z: number;
  /** World units: the roof of the parcel's structure, where the rig stands. */
  base: number;
  level: number;
  /** Radians per second. */
  spin: number;
  /** Clock time (s) of the last solution on this parcel. */
  flashedAt: number;
}

/** How much wider and taller a rig is at the start of its flash (fading with the glow). */
const FLASH_SWELL = 0.8;

/**
 * Room for `rigs` copies of the rig `template` in one geometry: every copy's positions, normals,
 * rotor flags and indices written once here; `rigAt` and `rigShape` say where each copy stands
 * and how it moves (rig-material.ts).
 */
function rigSlots(template: BufferGeometry, rigs: number): BufferGeometry {
  const geometry = template.clone();
  const index = template.getIndex()?.array as ArrayLike<number>;
  const vertices = template.getAttribute('position').count;
  for (const name of ['position', 'normal', 'rotor']) {
    const source = template.getAttribute(name);
    const values = new Float32Array(rigs * vertices * source.itemSize);
    for (let rig = 0; rig < rigs; rig++) values.set(source.array as Float32Array, rig * source.array.length);
    geometry.setAttribute(name, new BufferAttribute(values, source.itemSize));
  }
  geometry.deleteAttribute('uv');
  geometry.setAttribute('rigAt', new BufferAttribute(new Float32Array(rigs * vertices * 3), 3));
  geometry.setAttribute('rigShape', new BufferAttribute(new Float32Array(rigs * vertices * 4), 4));
  const indices = new Uint32Array(rigs * index.length);
  for (let rig = 0; rig < rigs; rig++)
    for (let i = 0; i < index.length; i++)
      indices[rig * index.length + i] = (index[i] as number) + rig * vertices;
  geometry.setIndex(new BufferAttribute(indices, 1));
  return geometry;
}

/** Queues the first `count` values of each attribute for upload. */
function queue(attribute: BufferAttribute, count: number): void {
  attribute.clearUpdateRanges();
  attribute.addUpdateRange(0, count);
  attribute.needsUpdate = true;
}

/**
 * Mining rigs on parcels, all merged into one mesh (software WebGL draws each instance of an
 * instanced mesh as a draw of its own), each on the roof of its parcel's structure: a machine as
 * tall as the rig level and a rotor that spins with the parcel's live hash rate from the room (in
 * the vertex shader). A solution found on the parcel makes its rig flash.
 */
export function Rigs() {
  const app = useApp();
  const invalidate = useThree((state) => state.invalidate);
  const { mesh, material, template, rigs, state } = useMemo(() => {
    const material = createRigMaterial(new Color(0x9aa5b1), new Color(0xfff3a0), FLASH_SWELL);
    const template = rigGeometry();
    const mesh = new Mesh(rigSlots(template, START_RIGS), material);
    mesh.frustumCulled = false; // rigs spread over the map; the GPU clips them
    mesh.visible = false; // until there is a rig
    return {
      mesh,
      material,
      template,
      rigs: new Map<number, Rig>(),
      state: { listChanged: true, wasGlowing: false, capacity: START_RIGS },
    };
  }, []);

  useEffect(() => {
    const sync = (ids: Iterable<number>) => {
      const { parcels } = app.store.getState();
      for (const id of ids) {
        const parcel = parcels.get(id);
        if (!parcel || parcel.rigLevel <= 0) {
          rigs.delete(id);
          continue;
        }
        let rig = rigs.get(id);
        if (!rig) {
          rig = { ...worldOfParcel(id), base: 0, level: 0, spin: 0, flashedAt: Number.NEGATIVE_INFINITY };
          rigs.set(id, rig);
        }
        rig.base = structureOf(parcel)?.height ?? 0;
        rig.level = Math.min(parcel.rigLevel, MAX_DRAWN_LEVEL);
        rig.spin = rotorSpeed(parcel.hashRate);
      }
      state.listChanged = true;
      invalidate();
    };
    sync(app.store.getState().parcels.keys());
    return app.store.subscribe((current, previous) => {
      if (current.parcelsVersion !== previous.parcelsVersion) sync(current.lastChanged);
      const latest = current.feed[0];
      if (
        latest &&
        latest !== previous.feed[0] &&
        latest.kind === 'solution' &&
        latest.parcelId !== undefined
      ) {
        const rig = rigs.get(latest.parcelId);
        if (rig) rig.flashedAt = performance.now() / 1000;
        invalidate();
      }
    });
  }, [app, rigs, state, invalidate]);

  useEffect(
    () => () => {
      mesh.geometry.dispose();
      template.dispose();
      material.dispose();
    },
    [mesh, template, material],
  );

  useFrame(({ clock }) => {
    material.uniforms.uTime.value = clock.elapsedTime;
    const now = performance.now() / 1000;
    let glowing = false;
    let spinning = false;
    for (const rig of rigs.values()) {
      if (flashGlow(rig.flashedAt, now) > 0) glowing = true;
      if (rig.spin > 0) spinning = true;
    }
    // Where rigs stand changes with the rig list only; their glow also while one flashes (a
    // flashing rig glows and swells, so a found block shows at the default zoom).
    if (state.listChanged || glowing || state.wasGlowing) {
      if (rigs.size > state.capacity) {
        state.capacity = rigs.size * 2;
        mesh.geometry.dispose();
        mesh.geometry = rigSlots(template, state.capacity);
      }
      const vertices = template.getAttribute('position').count;
      const at = mesh.geometry.getAttribute('rigAt') as BufferAttribute;
      const shape = mesh.geometry.getAttribute('rigShape') as BufferAttribute;
      let v = 0;
      for (const rig of rigs.values()) {
        const glow = flashGlow(rig.flashedAt, now);
        for (const end = v + vertices; v < end; v++) {
          at.setXYZ(v, rig.x, rig.base, rig.z);
          shape.setXYZW(v, rig.level * RIG_LEVEL_HEIGHT, rig.spin, glow, 0);
        }
      }
      queue(at, v * 3);
      queue(shape, v * 4);
      mesh.geometry.setDrawRange(0, rigs.size * (template.getIndex()?.count ?? 0));
      mesh.visible = rigs.size > 0;
    }
    state.listChanged = false;
    state.wasGlowing = glowing;
    if (spinning || glowing) invalidate();
  });

  return <primitive object={mesh} />;
}
