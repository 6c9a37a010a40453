import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { BoxGeometry, Color, InstancedMesh, MeshLambertMaterial, Object3D } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { uploadInstances } from '../scene/instances.ts';
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
  /** Rotor angle, radians. */
  angle: number;
  /** Clock time (s) of the last solution on this parcel. */
  flashedAt: number;
}

function rotorGeometry() {
  const a = new BoxGeometry(0.9, 0.06, 0.12);
  const b = new BoxGeometry(0.12, 0.06, 0.9);
  const merged = mergeGeometries([a, b]);
  a.dispose();
  b.dispose();
  return merged;
}

const dummy = new Object3D();
const towerColor = new Color(0x8c96a3);
const rotorColor = new Color(0xd9e2ec);
const flashColor = new Color(0xfff3a0);
const scratch = new Color();

/**
 * Mining rigs on parcels: towers (height = rig level) and rotors (spin = the parcel's live hash
 * rate from the room), two instanced meshes for all rigs. A solution found makes a rig flash.
 */
export function Rigs() {
  const app = useApp();
  const invalidate = useThree((state) => state.invalidate);
  const { towers, rotors, rigs, state } = useMemo(() => {
    const material = new MeshLambertMaterial();
    const tower = new BoxGeometry(0.45, 1, 0.45).translate(0, 0.5, 0);
    const towers = new InstancedMesh(tower, material, MAX_RIGS);
    const rotors = new InstancedMesh(rotorGeometry(), material, MAX_RIGS);
    for (const mesh of [towers, rotors]) {
      mesh.count = 0;
      mesh.frustumCulled = false;
    }
    return { towers, rotors, rigs: new Map<number, Rig>(), state: { listChanged: true, wasGlowing: false } };
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
          const { x, z } = worldOfParcel(id);
          rig = { x, z, level: 0, spin: 0, angle: 0, flashedAt: Number.NEGATIVE_INFINITY };
          rigs.set(id, rig);
        }
        rig.level = Math.min(parcel.rigLevel, MAX_DRAWN_LEVEL);
        rig.spin = rotorSpeed(parcel.hashRate);
      }
      state.listChanged = true;
      invalidate();
    };
    sync(app.store.getState().parcels.keys());
    return app.store.subscribe((state, previous) => {
      if (state.parcelsVersion !== previous.parcelsVersion) sync(state.lastChanged);
      const latest = state.feed[0];
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
      for (const mesh of [towers, rotors]) mesh.geometry.dispose();
      (towers.material as MeshLambertMaterial).dispose();
    },
    [towers, rotors],
  );

  useFrame((_, delta) => {
    const now = performance.now() / 1000;
    let glowing = false;
    for (const rig of rigs.values()) if (flashGlow(rig.flashedAt, now) > 0) glowing = true;
    // Towers and colours change only with the rig list or while a rig flashes; rotors turn.
    const recolor = state.listChanged || glowing || state.wasGlowing;
    let i = 0;
    let spinning = false;
    for (const rig of rigs.values()) {
      if (i >= MAX_RIGS) break;
      const height = rig.level * RIG_LEVEL_HEIGHT;
      if (state.listChanged) {
        dummy.position.set(rig.x, 0, rig.z);
        dummy.rotation.set(0, 0, 0);
        dummy.scale.set(1, height, 1);
        dummy.updateMatrix();
        towers.setMatrixAt(i, dummy.matrix);
      }
      rig.angle = (rig.angle + rig.spin * Math.min(delta, 0.1)) % (2 * Math.PI);
      dummy.position.set(rig.x, height + 0.05, rig.z);
      dummy.rotation.set(0, rig.angle, 0);
      dummy.scale.set(1, 1, 1);
      dummy.updateMatrix();
      rotors.setMatrixAt(i, dummy.matrix);
      if (recolor) {
        const glow = flashGlow(rig.flashedAt, now);
        towers.setColorAt(i, scratch.copy(towerColor).lerp(flashColor, glow));
        rotors.setColorAt(i, scratch.copy(rotorColor).lerp(flashColor, glow));
      }
      if (rig.spin > 0) spinning = true;
      i++;
    }
    if (state.listChanged || recolor) uploadInstances(towers, i, recolor);
    if (state.listChanged || recolor || spinning) uploadInstances(rotors, i, recolor);
    state.listChanged = false;
    state.wasGlowing = glowing;
    if (spinning || glowing) invalidate();
  });

  return (
    <>
      <primitive object={towers} />
      <primitive object={rotors} />
    </>
  );
}
