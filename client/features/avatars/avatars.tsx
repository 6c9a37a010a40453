import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { BufferGeometry, type Camera, Color, Frustum, Matrix4, Mesh, Vector3 } from 'three';
import { useApp } from '../../app.ts';
import { createBakedMaterial } from '../scene/baked-material.ts';
import { placeLabel } from '../scene/label-pool.tsx';
import { assignSlots } from '../scene/label-slots.ts';
import { uploadBatch } from '../scene/vertex-batch.ts';
import { AVATAR_HEIGHT, AvatarBatch, avatarTemplate } from './avatar-batch.ts';
import type { Pose } from './live-players.ts';
import { advanceStride, type Gait, type Stride } from './stride.ts';

/** Avatars drawn at most (interest management keeps the players sent to us far fewer). */
const MAX_AVATARS = 512;
/** Name labels shown, for the avatars nearest the camera. */
export const NAME_LABELS = 8;
/** Chat bubbles shown at once, over the nearest speakers. */
export const BUBBLE_LABELS = 6;
/** World units above the ground where a name label sits: just over the head. */
const LABEL_HEIGHT = AVATAR_HEIGHT + 0.25;
/** CSS pixels a bubble sits above its speaker's name label. */
const BUBBLE_LIFT_PX = 20;
/** Key of this player's own avatar among the strides (remote ones go by session id). */
const ME = '';

const point = new Vector3();
const viewProjection = new Matrix4();
const frustum = new Frustum();
const colors = new Map<string, Color>();
const gait: Gait = { swing: 0, bob: 0 };

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
  /** Session id ('' for this player): what a label stays on. */
  key: string;
  name: string;
  bubble: string | null;
  pose: Pose;
  distance: number;
}
// Reused every frame: candidates for the labels, entries drawn from a growing pool, the keys a
// pool's labels should show.
const candidates: Labelled[] = [];
const pool: Labelled[] = [];
const wanted: string[] = [];
const byDistance = (a: Labelled, b: Labelled) => a.distance - b.distance;

function candidateOf(key: string | null): Labelled | null {
  if (key !== null) for (const entry of candidates) if (entry.key === key) return entry;
  return null;
}

/**
 * Places `labels` over the nearest candidates that `show` text (a label staying on the thing it
 * showed last frame, see assignSlots; `slots` are their keys) and hides the rest.
 */
function placeLabels(
  labels: HTMLElement[],
  slots: (string | null)[],
  text: (entry: Labelled) => string | null,
  camera: Camera,
  size: { width: number; height: number },
  lift: number,
): void {
  wanted.length = 0;
  for (const entry of candidates) {
    if (wanted.length >= labels.length) break;
    if (text(entry) !== null) wanted.push(entry.key);
  }
  // the pool's elements arrive with the layout's first render
  if (slots.length !== labels.length) slots.splice(0, slots.length, ...labels.map(() => null));
  assignSlots(slots, wanted);
  for (let slot = 0; slot < labels.length; slot++) {
    const label = labels[slot] as HTMLElement;
    const entry = candidateOf(slots[slot] as string | null);
    if (!entry) {
      label.hidden = true;
      continue;
    }
    point.set(entry.pose.x, LABEL_HEIGHT, entry.pose.z).project(camera);
    placeLabel(
      label,
      text(entry) as string,
      ((point.x + 1) / 2) * size.width,
      ((1 - point.y) / 2) * size.height - lift,
    );
  }
}

/**
 * Every avatar in one mesh, written again every frame (avatar-batch.ts): this player's (walked locally) and the remote ones
 * (interpolated between server patches), legs swinging as they walk. Name labels for the
 * NAME_LABELS nearest in view, chat bubbles over the nearest speakers.
 */
export function Avatars() {
  const app = useApp();
  const { camera, size, invalidate } = useThree();
  const { mesh, batch } = useMemo(() => {
    const mesh = new Mesh(new BufferGeometry(), createBakedMaterial({ folds: false }));
    mesh.frustumCulled = false; // avatars spread over the map; the GPU clips them
    mesh.visible = false; // until there is an avatar
    // room for a few avatars at first; the batch grows with the players in range
    return { mesh, batch: new AvatarBatch(avatarTemplate(), 16) };
  }, []);
  useEffect(
    () => () => {
      mesh.geometry.dispose();
      (mesh.material as { dispose(): void }).dispose();
    },
    [mesh],
  );
  const state = useMemo(
    () => ({
      roster: -1,
      strides: new Map<string, Stride>(),
      walking: false,
      expiryTimer: 0,
      // what each name label and each bubble shows (session ids)
      names: [] as (string | null)[],
      bubbles: [] as (string | null)[],
    }),
    [],
  );
  useEffect(() => () => clearTimeout(state.expiryTimer), [state]);

  useFrame(() => {
    const now = performance.now();
    const moving = app.players.update(now);
    viewProjection.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    frustum.setFromProjectionMatrix(viewProjection);
    if (state.roster !== app.players.roster)
      for (const key of state.strides.keys())
        if (key !== ME && !app.players.players.has(key)) state.strides.delete(key);
    batch.clear();
    let count = 0;
    let inView = 0;
    let walking = false;
    candidates.length = 0;
    const place = (key: string, name: string, css: string, pose: Pose) => {
      if (count >= MAX_AVATARS) return;
      let stride = state.strides.get(key);
      if (!stride) {
        stride = { x: pose.x, z: pose.z, phase: 0 };
        state.strides.set(key, stride);
      }
      advanceStride(stride, pose.x, pose.z, gait);
      if (gait.swing !== 0) walking = true;
      batch.add(pose.x, pose.z, pose.heading, gait, colorOf(css));
      count++;
      point.set(pose.x, LABEL_HEIGHT, pose.z);
      if (frustum.containsPoint(point)) {
        inView++;
        let entry = pool[candidates.length];
        if (!entry) {
          entry = { key, name, bubble: null, pose, distance: 0 };
          pool.push(entry);
        }
        entry.key = key;
        entry.name = name;
        entry.bubble = app.bubbles.of(key === ME ? (app.store.getState().sessionId ?? '') : key, now);
        entry.pose = pose;
        entry.distance = point.distanceToSquared(camera.position);
        candidates.push(entry);
      }
    };
    place(ME, app.me.name, app.me.color, app.me);
    for (const player of app.players.players.values())
      place(player.sessionId, player.view.name, player.view.color, player.pose);
    uploadBatch(mesh, batch);
    state.roster = app.players.roster;
    app.stats.playersInView = inView;

    candidates.sort(byDistance);
    placeLabels(app.labels.names, state.names, (entry) => entry.name, camera, size, 0);
    placeLabels(app.labels.bubbles, state.bubbles, (entry) => entry.bubble, camera, size, BUBBLE_LIFT_PX);
    // A frame when the next bubble goes, to hide it (the canvas draws on demand).
    const expiry = app.bubbles.nextExpiry(now);
    clearTimeout(state.expiryTimer);
    if (expiry !== null) state.expiryTimer = window.setTimeout(invalidate, expiry - now + 1);
    // One more frame after the last step: the legs come to rest.
    if (moving || walking || state.walking) invalidate();
    state.walking = walking;
  });

  return <primitive object={mesh} />;
}
