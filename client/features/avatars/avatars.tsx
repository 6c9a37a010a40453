import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import {
  BoxGeometry,
  Color,
  CylinderGeometry,
  Frustum,
  InstancedMesh,
  Matrix4,
  Object3D,
  type ShaderMaterial,
  Vector3,
} from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { useApp } from '../../app.ts';
import { uploadInstances } from '../scene/instances.ts';
import { hideLabels, placeLabel } from '../scene/label-pool.tsx';
import { createShadedMaterial } from '../scene/shaded-material.ts';
import type { Pose } from './live-players.ts';

/** Avatars drawn at most (interest management keeps the players sent to us far fewer). */
const MAX_AVATARS = 512;
/** Name labels shown, for the avatars nearest the camera. */
export const NAME_LABELS = 8;
/** World units above the ground where a name label sits. */
const LABEL_HEIGHT = 2;

/**
 * A low-poly body (software WebGL shades every vertex of every avatar each frame) with a nose
 * pointing along +Z (the heading), merged: one draw call for all avatars. About a parcel tall,
 * visible at the default zoom where a parcel is ~10 px.
 */
function avatarGeometry() {
  const body = new CylinderGeometry(0.26, 0.4, 1.7, 6).translate(0, 0.85, 0);
  const nose = new BoxGeometry(0.2, 0.16, 0.4).translate(0, 1.35, 0.35);
  const merged = mergeGeometries([body, nose]);
  body.dispose();
  nose.dispose();
  return merged;
}

const dummy = new Object3D();
const point = new Vector3();
const viewProjection = new Matrix4();
const frustum = new Frustum();
const colors = new Map<string, Color>();

function colorOf(css: string): Color {
  let color = colors.get(css);
  if (!color) {
    color = new Color();
    try {
      color.setStyle(css);
    } catch {
      color.set(0xffffff);
    }
    colors.set(css, color);
  }
  return color;
}

interface Labelled {
  name: string;
  pose: Pose;
  distance: number;
}
// Reused every frame: candidates for the name labels, entries drawn from a growing pool.
const candidates: Labelled[] = [];
const pool: Labelled[] = [];
const byDistance = (a: Labelled, b: Labelled) => a.distance - b.distance;

/**
 * Every avatar in one instanced mesh: this player's (walked locally) and the remote ones
 * (interpolated between server patches). Name labels for the LABEL_COUNT nearest in view.
 */
export function Avatars() {
  const app = useApp();
  const { camera, size, invalidate } = useThree();
  const mesh = useMemo(() => {
    const instanced = new InstancedMesh(avatarGeometry(), createShadedMaterial(), MAX_AVATARS);
    instanced.count = 0;
    instanced.frustumCulled = false; // instances spread over the map; the GPU clips them
    return instanced;
  }, []);
  useEffect(
    () => () => {
      mesh.dispose();
      mesh.geometry.dispose();
      (mesh.material as ShaderMaterial).dispose();
    },
    [mesh],
  );
  const colored = useMemo(() => ({ roster: -1, me: '' }), []);

  useFrame(() => {
    const moving = app.players.update(performance.now());
    viewProjection.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    frustum.setFromProjectionMatrix(viewProjection);
    // Colours change only when players join or leave (instance order follows the roster).
    const recolor = colored.roster !== app.players.roster || colored.me !== app.me.color;
    let count = 0;
    let inView = 0;
    candidates.length = 0;
    const place = (name: string, css: string, pose: Pose) => {
      if (count >= MAX_AVATARS) return;
      dummy.position.set(pose.x, 0, pose.z);
      dummy.rotation.set(0, pose.heading, 0);
      dummy.updateMatrix();
      mesh.setMatrixAt(count, dummy.matrix);
      if (recolor) mesh.setColorAt(count, colorOf(css));
      count++;
      point.set(pose.x, LABEL_HEIGHT, pose.z);
      if (frustum.containsPoint(point)) {
        inView++;
        let entry = pool[candidates.length];
        if (!entry) {
          entry = { name, pose, distance: 0 };
          pool.push(entry);
        }
        entry.name = name;
        entry.pose = pose;
        entry.distance = point.distanceToSquared(camera.position);
        candidates.push(entry);
      }
    };
    place(app.me.name, app.me.color, app.me);
    for (const player of app.players.players.values())
      place(player.view.name, player.view.color, player.pose);
    uploadInstances(mesh, count, recolor);
    colored.roster = app.players.roster;
    colored.me = app.me.color;
    app.stats.playersInView = inView;

    candidates.sort(byDistance);
    const shown = Math.min(candidates.length, app.labels.names.length);
    for (let i = 0; i < shown; i++) {
      const { name, pose } = candidates[i] as Labelled;
      point.set(pose.x, LABEL_HEIGHT, pose.z).project(camera);
      placeLabel(
        app.labels.names[i] as HTMLElement,
        name,
        ((point.x + 1) / 2) * size.width,
        ((1 - point.y) / 2) * size.height,
      );
    }
    hideLabels(app, 'names', shown);
    if (moving) invalidate();
  });

  return <primitive object={mesh} />;
}
