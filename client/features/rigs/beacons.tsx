import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { CylinderGeometry, InstancedMesh, MeshBasicMaterial, Object3D, Vector3 } from 'three';
import { ParcelStatus } from '../../../shared/world.ts';
import { useApp } from '../../app.ts';
import { countdown } from '../../ui/clock.ts';
import { worldOfParcel } from '../map/grid.ts';
import { palette } from '../map/palette.ts';
import { uploadInstances } from '../scene/instances.ts';
import { hideLabels, placeLabel } from '../scene/label-pool.tsx';

/** Beacons drawn at most. */
const MAX_BEACONS = 1_024;
/** Countdown labels shown, for the beacons nearest the camera. */
export const BEACON_LABELS = 4;
/** World units: a light column visible from far out. */
const BEACON_HEIGHT = 12;

interface Beacon {
  x: number;
  z: number;
  /** Unix seconds. */
  auctionEnd: number;
  distance: number;
}

const dummy = new Object3D();
const point = new Vector3();
const byDistance = (a: Beacon, b: Beacon) => a.distance - b.distance;
// Reused every frame: beacons ordered by distance to the camera.
const nearest: Beacon[] = [];

/** A light column over every parcel in buyout, with the auction countdown on the nearest few. */
export function Beacons() {
  const app = useApp();
  const { camera, size, invalidate } = useThree();
  const { mesh, beacons } = useMemo(() => {
    const geometry = new CylinderGeometry(0.25, 0.45, BEACON_HEIGHT, 8, 1, true).translate(
      0,
      BEACON_HEIGHT / 2,
      0,
    );
    const material = new MeshBasicMaterial({ transparent: true, opacity: 0.55, depthWrite: false });
    material.color.setRGB(...palette.buyout);
    const mesh = new InstancedMesh(geometry, material, MAX_BEACONS);
    mesh.count = 0;
    mesh.visible = false; // until there is one (uploadInstances)
    mesh.frustumCulled = false;
    return { mesh, beacons: new Map<number, Beacon>() };
  }, []);

  useEffect(() => {
    const sync = (ids: Iterable<number>) => {
      const { parcels } = app.store.getState();
      for (const id of ids) {
        const parcel = parcels.get(id);
        if (parcel?.status === ParcelStatus.Buyout) {
          beacons.set(id, { ...worldOfParcel(id), auctionEnd: parcel.auctionEnd, distance: 0 });
        } else beacons.delete(id);
      }
      let i = 0;
      for (const beacon of beacons.values()) {
        if (i >= MAX_BEACONS) break;
        dummy.position.set(beacon.x, 0, beacon.z);
        dummy.updateMatrix();
        mesh.setMatrixAt(i++, dummy.matrix);
      }
      uploadInstances(mesh, i, false);
      invalidate();
    };
    sync(app.store.getState().parcels.keys());
    const unsubscribe = app.store.subscribe((state, previous) => {
      if (state.parcelsVersion !== previous.parcelsVersion) sync(state.lastChanged);
    });
    // Countdowns tick once a second even when nothing else moves.
    const timer = setInterval(() => beacons.size > 0 && invalidate(), 1_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
      mesh.geometry.dispose();
      (mesh.material as MeshBasicMaterial).dispose();
    };
  }, [app, mesh, beacons, invalidate]);

  useFrame(() => {
    if (beacons.size === 0 && !app.labels.beacons.some((label) => !label.hidden)) return;
    nearest.length = 0;
    for (const beacon of beacons.values()) {
      beacon.distance = point.set(beacon.x, 0, beacon.z).distanceToSquared(camera.position);
      nearest.push(beacon);
    }
    nearest.sort(byDistance);
    let shown = 0;
    const now = Date.now();
    for (const beacon of nearest) {
      if (shown >= app.labels.beacons.length) break;
      point.set(beacon.x, BEACON_HEIGHT * 0.6, beacon.z).project(camera);
      if (Math.abs(point.x) > 1 || Math.abs(point.y) > 1 || point.z > 1) continue;
      placeLabel(
        app.labels.beacons[shown] as HTMLElement,
        `Buyout ${countdown(beacon.auctionEnd, now)}`,
        ((point.x + 1) / 2) * size.width,
        ((1 - point.y) / 2) * size.height,
      );
      shown++;
    }
    hideLabels(app, 'beacons', shown);
  });

  return <primitive object={mesh} />;
}
