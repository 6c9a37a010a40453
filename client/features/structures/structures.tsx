import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { InstancedBufferAttribute, InstancedMesh, Object3D, Vector3 } from 'three';
import { MAX_BANDS, STRUCTURE_KINDS, type Structure, structureOf } from '../../../shared/structures.ts';
import { useApp } from '../../app.ts';
import { worldOfParcel } from '../map/grid.ts';
import { FOLD_END } from '../scene/atmosphere.ts';
import { uploadInstances } from '../scene/instances.ts';
import { structureGeometries } from './structure-geometry.ts';
import { type BandAttributes, RESELECT_DISTANCE, withinReach, writeBands } from './structure-instances.ts';
import { createStructureMaterial } from './structure-material.ts';

/** Structures of one kind drawn at most (those nearest the camera fit; farther ones are folded into the ground). */
const MAX_PER_KIND = 12_288;

interface Placed {
  x: number;
  z: number;
  structure: Structure;
}

interface KindMesh {
  mesh: InstancedMesh;
  /** The band attributes' arrays, and the attributes to upload. */
  bands: BandAttributes;
  uploads: InstancedBufferAttribute[];
}

const dummy = new Object3D();

/**
 * The structure on every claimed parcel (shared/structures.ts), one instanced mesh per kind: four
 * draw calls for the whole city. Only structures within reach of the camera are meshes, chosen
 * again when the camera has moved RESELECT_DISTANCE or parcels changed; the shader folds them
 * flat towards FOLD_END, past which the ground draws their roofs.
 */
export function Structures() {
  const app = useApp();
  const { camera, invalidate } = useThree();
  const { kinds, placed, state } = useMemo(() => {
    const material = createStructureMaterial();
    const kinds: KindMesh[] = structureGeometries().map((geometry) => {
      const uploads: InstancedBufferAttribute[] = [];
      const attribute = (name: string) => {
        const values = new Float32Array(MAX_PER_KIND * MAX_BANDS);
        const instanced = new InstancedBufferAttribute(values, MAX_BANDS);
        geometry.setAttribute(name, instanced);
        uploads.push(instanced);
        return values;
      };
      const bands = {
        red: attribute('bandRed'),
        green: attribute('bandGreen'),
        blue: attribute('bandBlue'),
        top: attribute('bandTop'),
      };
      const mesh = new InstancedMesh(geometry, material, MAX_PER_KIND);
      mesh.count = 0;
      mesh.frustumCulled = false; // instances spread over the map; the GPU clips them
      mesh.name = 'structures';
      return { mesh, bands, uploads };
    });
    return {
      kinds,
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
        if (structure) placed.set(id, { ...worldOfParcel(id), structure });
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
      for (const { mesh } of kinds) mesh.geometry.dispose();
      (kinds[0]?.mesh.material as { dispose(): void } | undefined)?.dispose();
    },
    [kinds],
  );

  useFrame(() => {
    const { position } = camera;
    if (!state.changed && position.distanceTo(state.from) < RESELECT_DISTANCE) return;
    state.changed = false;
    state.from.copy(position);
    const counts = new Array<number>(STRUCTURE_KINDS).fill(0);
    for (const { x, z, structure } of placed.values()) {
      if (!withinReach(x, z, position.x, position.y, position.z, FOLD_END)) continue;
      const kind = kinds[structure.kind] as KindMesh;
      const i = counts[structure.kind] as number;
      if (i >= MAX_PER_KIND) continue;
      dummy.position.set(x, 0, z);
      dummy.scale.set(1, structure.height, 1);
      dummy.updateMatrix();
      kind.mesh.setMatrixAt(i, dummy.matrix);
      writeBands(structure.bands, kind.bands, i);
      counts[structure.kind] = i + 1;
    }
    kinds.forEach(({ mesh, uploads }, kind) => {
      uploadInstances(mesh, counts[kind] as number, false, uploads);
    });
    app.stats.structuresDrawn = counts.reduce((sum, count) => sum + count, 0);
  });

  return (
    <>
      {kinds.map(({ mesh }, kind) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one mesh per structure kind, in kind order
        <primitive key={kind} object={mesh} />
      ))}
    </>
  );
}
