import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import {
  BackSide,
  type Camera,
  Mesh,
  Path,
  ShaderMaterial,
  Shape,
  ShapeGeometry,
  SphereGeometry,
  Vector3,
} from 'three';
import { ATMOSPHERE_GLSL, HAZE, LAND_BEYOND, SUN_COLOR, SUN_DIRECTION, ZENITH } from './atmosphere.ts';

/** World units: inside the camera's far plane (2,000) from anywhere the camera can go (≤ ~600 from the centre). */
const SKY_RADIUS = 1_400;
/** World units: the land beyond ends inside the sky. */
const LAND_RADIUS = 1_300;
/** Cosine of the sun disc's angular radius (~2.5°) and of its glow's (~12°). */
const SUN_DISC = Math.cos((2.5 * Math.PI) / 180);
const SUN_GLOW = Math.cos((12 * Math.PI) / 180);

const f = (n: number) => n.toFixed(5);

/** The view's corners in normalized device coordinates (on the far half of the frustum). */
const CORNERS = [
  [-1, -1],
  [1, -1],
  [-1, 1],
  [1, 1],
] as const;
const corner = new Vector3();

/**
 * What the view shows besides the map: `sky` when a corner's ray points above the horizon (the
 * camera never rolls, so the corners hold the highest and lowest rays), `beyond` when a corner's
 * ray meets the ground outside the map square of side `mapSide` (or never meets it). The view's
 * footprint on the ground is convex, as is the map, so it lies on the map when its corners do.
 * Whatever is not shown is not drawn: software WebGL pays for every pixel of a mesh in view,
 * covered or not, and the clear colour is the haze the sky and the land fade into.
 */
export function beyondTheMap(camera: Camera, mapSide: number): { sky: boolean; beyond: boolean } {
  const half = mapSide / 2;
  let sky = false;
  let beyond = false;
  const { x, y, z } = camera.position;
  for (const [cx, cy] of CORNERS) {
    const ray = corner.set(cx, cy, 0.5).unproject(camera).sub(camera.position);
    if (ray.y >= 0) {
      sky = true;
      beyond = true;
      continue;
    }
    const t = -y / ray.y;
    if (Math.abs(x + ray.x * t) > half || Math.abs(z + ray.z * t) > half) beyond = true;
  }
  return { sky, beyond };
}

/**
 * Both meshes' vertex shader: `vFromCamera` is the vector from the camera to the point, left for
 * the pixel to take the length or direction of (their triangles span hundreds of units, over
 * which neither is near linear).
 */
const fromCameraVertex = /* glsl */ `
  varying vec3 vFromCamera;
  void main() {
    vec4 world = modelMatrix * vec4(position, 1.0);
    vFromCamera = world.xyz - cameraPosition;
    gl_Position = projectionMatrix * viewMatrix * world;
  }
`;

/**
 * The land beyond the map out to the sky: a flat disc around the map (a square hole of
 * `mapSide` world units), in a plain wild colour that has faded into the haze (FOG_FAR) well
 * before its rim, so the map no longer floats and the rim never shows. Drawn after the ground (renderOrder 2); it never overlaps it, so nothing fights.
 */
function landBeyond(mapSide: number): Mesh {
  const outer = new Shape().absarc(0, 0, LAND_RADIUS, 0, 2 * Math.PI, false);
  const half = mapSide / 2;
  outer.holes.push(
    new Path().moveTo(-half, -half).lineTo(-half, half).lineTo(half, half).lineTo(half, -half),
  );
  const geometry = new ShapeGeometry(outer).rotateX(-Math.PI / 2);
  const material = new ShaderMaterial({
    uniforms: { uLand: { value: new Vector3(...LAND_BEYOND) }, uHaze: { value: new Vector3(...HAZE) } },
    vertexShader: fromCameraVertex,
    fragmentShader: /* glsl */ `
      uniform vec3 uLand, uHaze;
      varying vec3 vFromCamera;
      ${ATMOSPHERE_GLSL}
      void main() {
        gl_FragColor = vec4(mix(uLand, uHaze, fogAmount(length(vFromCamera))), 1.0);
      }
    `,
  });
  const land = new Mesh(geometry, material);
  land.name = 'land-beyond';
  land.renderOrder = 2;
  return land;
}

/**
 * The sky and the land beyond the map. The sky: a dome from the haze at the horizon (the colour
 * the fog fades the land into, so far land meets the sky without a seam) to blue overhead, with
 * the sun where the scene's light comes from. Drawn last with the depth test and no depth writes: it costs pixels only where no land
 * covers it (none at the default view, which looks down at the map).
 */
export function Sky({ mapSide }: { mapSide: number }) {
  const land = useMemo(() => landBeyond(mapSide), [mapSide]);
  const mesh = useMemo(() => {
    const material = new ShaderMaterial({
      side: BackSide,
      depthWrite: false,
      uniforms: {
        uHaze: { value: new Vector3(...HAZE) },
        uZenith: { value: new Vector3(...ZENITH) },
        uSun: { value: new Vector3(...SUN_COLOR) },
        uSunDirection: { value: SUN_DIRECTION },
      },
      vertexShader: fromCameraVertex,
      fragmentShader: /* glsl */ `
        uniform vec3 uHaze, uZenith, uSun, uSunDirection;
        varying vec3 vFromCamera;
        void main() {
          vec3 direction = normalize(vFromCamera);
          vec3 color = mix(uHaze, uZenith, smoothstep(0.0, 0.7, direction.y));
          float toSun = dot(direction, uSunDirection);
          color = mix(color, uSun, smoothstep(${f(SUN_GLOW)}, 1.0, toSun) * 0.35 + smoothstep(${f(SUN_DISC - 0.0005)}, ${f(SUN_DISC)}, toSun));
          gl_FragColor = vec4(color, 1.0);
        }
      `,
    });
    const sky = new Mesh(new SphereGeometry(SKY_RADIUS, 24, 12), material);
    sky.name = 'sky';
    sky.frustumCulled = false;
    // after the ground and the land beyond: the depth test then skips every pixel land covers
    sky.renderOrder = 3;
    return sky;
  }, []);
  const scene = useThree((state) => state.scene);
  useEffect(() => {
    // after the camera's matrices are updated for the frame, before what to draw is chosen
    const previous = scene.onBeforeRender;
    scene.onBeforeRender = (...args) => {
      previous.apply(scene, args);
      const shown = beyondTheMap(args[2], mapSide);
      mesh.visible = shown.sky;
      land.visible = shown.beyond;
    };
    return () => {
      scene.onBeforeRender = previous;
    };
  }, [scene, mesh, land, mapSide]);
  useEffect(
    () => () => {
      for (const each of [mesh, land]) {
        each.geometry.dispose();
        (each.material as ShaderMaterial).dispose();
      }
    },
    [mesh, land],
  );
  return (
    <>
      <primitive object={land} />
      <primitive object={mesh} />
    </>
  );
}
