import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Color, Object3D } from 'three';
import { structureOf } from '../../../shared/structures.ts';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { createInstancedMesh, uploadInstances } from '../scene/instances.ts';
import { createRigMaterial, rigGeometry } from './rig-material.ts';
import { flashGlow, RIG_LEVEL_HEIGHT, rotorSpeed } from './rig-motion.ts';

/** Rigs drawn at most; beyond this the map still shows the land, not the towers. */
const MAX_RIGS = 4_096;
/** Rig levels drawn at most (taller rigs are drawn this tall). */
const MAX_DRAWN_LEVEL = 10;

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

const dummy = new Object3D();
const rigColor = new Color(0x9aa5b1);
const flashColor = new Color(0xfff3a0);
const scratch = new Color();

/**
 * Mining rigs on parcels, one instanced mesh for all, each on the roof of its parcel's structure:
 * a machine as tall as the rig level and a rotor that spins with the parcel's live hash rate from the room (in the vertex shader). A
 * solution found on the parcel makes its rig flash.
 */
export function Rigs() {
  const app = useApp();
  const invalidate = useThree((state) => state.invalidate);
  const { mesh, material, spins, rigs, state } = useMemo(() => {
    const material = createRigMaterial();
    const geometry = rigGeometry();
    const { mesh, values: spins } = createInstancedMesh(geometry, material, MAX_RIGS, 'rigSpin');
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
    // Spins change with the rig list only; matrices and colours also while a rig flashes (a
    // flashing rig glows and swells, so a found block shows at the default zoom).
    const redraw = state.listChanged || glowing || state.wasGlowing;
    if (redraw) {
      let i = 0;
      for (const rig of rigs.values()) {
        if (i >= MAX_RIGS) break;
        const glow = flashGlow(rig.flashedAt, now);
        const swell = 1 + FLASH_SWELL * glow;
        dummy.position.set(rig.x, rig.base, rig.z);
        dummy.scale.set(swell, rig.level * RIG_LEVEL_HEIGHT * swell, swell);
        dummy.updateMatrix();
        mesh.setMatrixAt(i, dummy.matrix);
        if (state.listChanged) spins.setX(i, rig.spin);
        mesh.setColorAt(i, scratch.copy(rigColor).lerp(flashColor, glow));
        i++;
      }
      uploadInstances(mesh, i, true, state.listChanged ? [spins] : []);
    }
    state.listChanged = false;
    state.wasGlowing = glowing;
    if (spinning || glowing) invalidate();
  });

  return <primitive object={mesh} />;
}
