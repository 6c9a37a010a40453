import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { BufferGeometry, Mesh, Vector3 } from 'three';
import { type Structure, structureOf } from '../../../shared/structures.ts';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { FOLD_END } from '../scene/atmosphere.ts';
import { createBakedMaterial } from '../scene/baked-material.ts';
import { uploadBatch } from '../scene/vertex-batch.ts';
import {
  nearestWithinReach,
  RESELECT_DISTANCE,
  type Spot,
  StructureBatch,
  templateOf,
} from './structure-batch.ts';
import { structureGeometries } from './structure-geometry.ts';

/** Vertices (and indices) the batch starts with room for; it grows past them. */
const START_VERTICES = 65_536;

interface Placed extends Spot {
  structure: Structure;
}

/** Scratch: the structures within reach, nearest first. */
const inReach: Placed[] = [];

/**
 * The structure on every claimed parcel (shared/structures.ts), all in one mesh: one draw call for
 * the whole city. Only structures within reach of the camera are written into it, chosen again
 * when the camera has moved RESELECT_DISTANCE or parcels changed; the shader folds them flat
 * towards FOLD_END, past which the ground draws their roofs.
 */
export function Structures() {
  const app = useApp();
  const { camera, invalidate } = useThree();
  const { mesh, templates, batch, placed, state } = useMemo(() => {
    const mesh = new Mesh(new BufferGeometry(), createBakedMaterial({ folds: true }));
    mesh.frustumCulled = false; // structures spread over the map; the GPU clips them
    mesh.name = 'structures';
    mesh.visible = false; // until a structure is within reach
    return {
      mesh,
      templates: structureGeometries().map((geometry) => {
        const template = templateOf(geometry);
        geometry.dispose();
        return template;
      }),
      batch: new StructureBatch(START_VERTICES, START_VERTICES * 2),
      placed: new Map<number, Placed>(),
      state: { changed: true, from: new Vector3(Number.POSITIVE_INFINITY, 0, 0) },
    };
  }, []);

  useEffect(() => {
    const sync = (ids: Iterable<number>) => {
      const { parcels } = app.store.getState();
      for (const id of ids) {
        const parcel = parcels.get(id);
        const structure = parcel ? structureOf(parcel) : null;
        if (structure) placed.set(id, { ...worldOfParcel(id), structure, distance: 0 });
        else placed.delete(id);
      }
      state.changed = true;
      invalidate();
    };
    sync(app.store.getState().parcels.keys());
    return app.store.subscribe((current, previous) => {
      if (current.parcelsVersion !== previous.parcelsVersion) sync(current.lastChanged);
    });
  }, [app, placed, state, invalidate]);

  useEffect(
    () => () => {
      mesh.geometry.dispose();
      (mesh.material as { dispose(): void }).dispose();
    },
    [mesh],
  );

  useFrame(() => {
    const { position } = camera;
    if (!state.changed && position.distanceTo(state.from) < RESELECT_DISTANCE) return;
    state.changed = false;
    state.from.copy(position);
    batch.clear();
    nearestWithinReach(placed.values(), position, FOLD_END, inReach);
    for (const { x, z, structure } of inReach)
      batch.add(templates[structure.kind] as (typeof templates)[number], structure, x, z, position);
    app.stats.structuresDrawn = inReach.length;
    inReach.length = 0;
    uploadBatch(mesh, batch);
  });

  return <primitive object={mesh} />;
}
