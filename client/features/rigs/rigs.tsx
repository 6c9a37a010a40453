import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Color, InstancedBufferAttribute, InstancedMesh, Object3D } from 'three';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { uploadInstances } from '../scene/instances.ts';
import { createRigMaterial, rigGeometry } from './rig-material.ts';
import { flashGlow, RIG_LEVEL_HEIGHT, rotorSpeed } from './rig-motion.ts';

/** Rigs drawn at most; beyond this the map still shows the land, not the towers. */
const MAX_RIGS = 4_096;
/** Rig levels drawn at most (taller rigs are drawn this tall). */
const MAX_DRAWN_LEVEL = 10;

interface Rig {
  x: number;
  z: number;
  level: number;
  /** Radians per second. */
  spin: number;
  /** Clock time (s) of the last solution on this parcel. */
  flashedAt: number;
}

const dummy = new Object3D();
const rigColor = new Color(0x9aa5b1);
const flashColor = new Color(0xfff3a0);
const scratch = new Color();

/**
 * Mining rigs on parcels, one instanced mesh for all: a tower as tall as the rig level and a
 * rotor that spins with the parcel's live hash rate from the room (in the vertex shader). A
 * solution found on the parcel makes its rig flash.
 */
export function Rigs() {
  const app = useApp();
  const invalidate = useThree((state) => state.invalidate);
  const { mesh, material, spins, rigs, state } = useMemo(() => {
    const material = createRigMaterial();
    const geometry = rigGeometry();
    const spins = new InstancedBufferAttribute(new Float32Array(MAX_RIGS), 1);
    geometry.setAttribute('rigSpin', spins);
    const mesh = new InstancedMesh(geometry, material, MAX_RIGS);
    mesh.count = 0;
    mesh.frustumCulled = false; // instances spread over the map; the GPU clips them
    return {
      mesh,
      material,
      spins,
      rigs: new Map<number, Rig>(),
      state: { listChanged: true, wasGlowing: false },
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
          rig = { ...worldOfParcel(id), level: 0, spin: 0, flashedAt: Number.NEGATIVE_INFINITY };
          rigs.set(id, rig);
        }
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
      material.dispose();
    },
    [mesh, material],
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
    // Matrices and spins change with the rig list only; colours also while a rig flashes.
    const recolor = state.listChanged || glowing || state.wasGlowing;
    if (recolor) {
      let i = 0;
      for (const rig of rigs.values()) {
        if (i >= MAX_RIGS) break;
        if (state.listChanged) {
          dummy.position.set(rig.x, 0, rig.z);
          dummy.scale.set(1, rig.level * RIG_LEVEL_HEIGHT, 1);
          dummy.updateMatrix();
          mesh.setMatrixAt(i, dummy.matrix);
          spins.setX(i, rig.spin);
        }
        mesh.setColorAt(i, scratch.copy(rigColor).lerp(flashColor, flashGlow(rig.flashedAt, now)));
        i++;
      }
      uploadInstances(mesh, i, true);
      if (state.listChanged && i > 0) {
        spins.clearUpdateRanges();
        spins.addUpdateRange(0, i);
        spins.needsUpdate = true;
      }
    }
    state.listChanged = false;
    state.wasGlowing = glowing;
    if (spinning || glowing) invalidate();
  });

  return <primitive object={mesh} />;
}
