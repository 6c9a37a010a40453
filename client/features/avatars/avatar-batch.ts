import { BoxGeometry, CylinderGeometry } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { MeshBatch } from '../scene/mesh-batch.ts';
import { createShadedMaterial } from '../scene/shaded-material.ts';
import type { Pose } from './live-players.ts';

/** Avatars the first buffers hold; they double when more players are in the room. */
const FIRST_CAPACITY = 128;

/**
 * A low-poly body (software WebGL shades every vertex of every avatar each frame) with a nose
 * pointing along +Z (the heading). About a parcel tall, visible at the default zoom where a
 * parcel is ~10 px.
 */
function avatarGeometry() {
  const body = new CylinderGeometry(0.26, 0.4, 1.7, 6).translate(0, 0.85, 0);
  const nose = new BoxGeometry(0.2, 0.16, 0.4).translate(0, 1.35, 0.35);
  const merged = mergeGeometries([body, nose]);
  body.dispose();
  nose.dispose();
  return merged;
}

/** Shaded per vertex; each body turned to its heading and stood at its place in the vertex shader. */
function createAvatarMaterial() {
  const material = createShadedMaterial({
    declarations: `
      attribute vec3 avatarPose; // x, z (world units), heading (radians about +Y, 0 = facing +Z)
    `,
    deform: `
      float c = cos(avatarPose.z);
      float s = sin(avatarPose.z);
      mat2 turn = mat2(c, -s, s, c);
      transformed.xz = turn * transformed.xz + avatarPose.xy;
      objectNormal.xz = turn * objectNormal.xz;
    `,
  });
  material.vertexColors = true;
  return material;
}

/** Every avatar in one mesh (see MeshBatch): each copy's vertices carry its pose and colour. */
export class AvatarBatch extends MeshBatch<ReturnType<typeof createAvatarMaterial>> {
  constructor() {
    super(avatarGeometry(), createAvatarMaterial(), { avatarPose: 3, color: 3 }, FIRST_CAPACITY);
  }

  pose(copy: number, pose: Pose): void {
    this.write('avatarPose', copy, pose.x, pose.z, pose.heading);
  }
}
