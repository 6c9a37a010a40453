import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { Color } from 'three';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { RigBatch } from './rig-batch.ts';
import { flashGlow, rotorSpeed } from './rig-motion.ts';

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

const rigColor = new Color(0x9aa5b1);
const flashColor = new Color(0xfff3a0);
const scratch = new Color();

/**
 * Mining rigs on parcels, one mesh for all (see RigBatch): a tower as tall as the rig level and a
 * rotor that spins with the parcel's live hash rate from the room (in the vertex shader). A
 * solution found on the parcel makes its rig flash.
 */
export function Rigs() {
  const app = useApp();
  const invalidate = useThree((state) => state.invalidate);
  const { batch, rigs, drawn, state } = useMemo(
    () => ({
      batch: new RigBatch(),
      rigs: new Map<number, Rig>(),
      /** The rigs in batch order (copy i is drawn[i]). */
      drawn: [] as Rig[],
      state: { listChanged: true, wasGlowing: false },
    }),
    [],
  );

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

  useEffect(() => () => batch.dispose(), [batch]);

  useFrame(({ clock }) => {
    batch.mesh.material.uniforms.uTime.value = clock.elapsedTime;
    const now = performance.now() / 1000;
    let glowing = false;
    let spinning = false;
    for (const rig of rigs.values()) {
      if (flashGlow(rig.flashedAt, now) > 0) glowing = true;
      if (rig.spin > 0) spinning = true;
    }
    if (state.listChanged) {
      drawn.length = 0;
      for (const rig of rigs.values()) {
        if (drawn.length >= MAX_RIGS) break;
        drawn.push(rig);
      }
      batch.place(drawn);
    }
    // Colours change with the rig list, and while a rig flashes.
    if (state.listChanged || glowing || state.wasGlowing) {
      batch.paint((i) => {
        const rig = drawn[i] as Rig;
        return scratch.copy(rigColor).lerp(flashColor, flashGlow(rig.flashedAt, now));
      });
    }
    state.listChanged = false;
    state.wasGlowing = glowing;
    if (spinning || glowing) invalidate();
  });

  return <primitive object={batch.mesh} />;
}
