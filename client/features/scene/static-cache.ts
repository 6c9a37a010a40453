import {
  type BufferGeometry,
  type Camera,
  type Material,
  type Mesh,
  type Object3D,
  type Scene,
  ShaderMaterial,
  Texture,
  Vector2,
  Vector4,
  type WebGLRenderer,
  WebGLRenderTarget,
} from 'three';

/**
 * Appends to `out` what the pixels (and depths) of the `statics` depend on, besides the shaders'
 * code: the camera's placement and projection, the drawing buffer's size, the scene's background,
 * and per object its visibility, placement, draw order, geometry (which, the versions of its
 * attributes and index, its draw range) and material (which, its version, every uniform's value:
 * numbers, vectors, colours and matrices by value, textures by id and version). Two keys equal
 * element by element: the statics would draw the same frame. Objects are read as they are, not
 * their descendants (the statics are meshes). Updates the scene's and the camera's world matrices
 * first, as a render does (a camera moved since the last render has a stale one until then).
 */
export function staticKey(
  camera: Camera,
  drawingBuffer: { x: number; y: number },
  scene: Scene,
  statics: readonly Object3D[],
  out: number[] = [],
): number[] {
  // the world matrices as the next render will have them: it updates them first, as here
  if (scene.matrixWorldAutoUpdate) scene.updateMatrixWorld();
  if (camera.parent === null && camera.matrixWorldAutoUpdate) camera.updateMatrixWorld();
  out.length = 0;
  out.push(
    ...camera.matrixWorld.elements,
    ...camera.projectionMatrix.elements,
    drawingBuffer.x,
    drawingBuffer.y,
  );
  pushValue(scene.background, out);
  for (const object of statics) {
    out.push(object.id, object.visible ? 1 : 0, object.renderOrder, ...object.matrixWorld.elements);
    const { geometry, material } = object as Partial<Mesh>;
    if (geometry) pushGeometry(geometry, out);
    for (const each of Array.isArray(material) ? material : material ? [material] : [])
      pushMaterial(each, out);
  }
  return out;
}

function pushGeometry(geometry: BufferGeometry, out: number[]): void {
  out.push(geometry.id, geometry.drawRange.start, geometry.drawRange.count);
  const index = geometry.getIndex();
  out.push(index ? idOf(index) : -1, index ? index.version : -1);
  for (const name in geometry.attributes) {
    const attribute = geometry.getAttribute(name);
    out.push(idOf(attribute), 'version' in attribute ? attribute.version : -1);
  }
}

/** Ids for attributes, which three numbers not (a swapped attribute of the same version is another). */
const ids = new WeakMap<object, number>();
let lastId = 0;
function idOf(object: object): number {
  let id = ids.get(object);
  if (id === undefined) {
    id = ++lastId;
    ids.set(object, id);
  }
  return id;
}

function pushMaterial(material: Material, out: number[]): void {
  out.push(material.id, material.version, material.visible ? 1 : 0);
  if (!(material instanceof ShaderMaterial)) return;
  for (const name in material.uniforms) pushValue(material.uniforms[name]?.value, out);
}

/** A uniform's value (or the background): numbers as they are, vectors and matrices by their elements, textures by id and version. */
function pushValue(value: unknown, out: number[]): void {
  if (typeof value === 'number') out.push(value);
  else if (typeof value === 'boolean') out.push(value ? 1 : 0);
  else if (value === null || value === undefined) out.push(-1);
  else if (typeof value !== 'object') out.push(Number.NaN);
  else if (value instanceof Texture) out.push(value.id, value.version);
  else if ('toArray' in value && typeof value.toArray === 'function')
    out.push(...(value.toArray() as number[]));
  else if (Array.isArray(value)) for (const each of value) pushValue(each, out);
  else out.push(Number.NaN); // unknown: never equal (NaN !== NaN), so the cache never holds
}

/** Whether two keys are equal element by element (NaN never equals: an unreadable value never matches). */
export function sameKey(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What a frame does with the static layers, from the key of the statics the cache holds (null:
 * none), of those the last frame showed, and of those this frame would draw: `copy` them from the
 * cache (unchanged since cached); `store` them, drawn and then copied into the cache (unchanged
 * since the last frame: the view has come to rest); or just `draw` them with the rest of the
 * frame (they change: a moving view would make a copy stale by the next frame, so it pays for none).
 */
export type StaticPlan = 'copy' | 'store' | 'draw';

export function planStatics(
  cached: readonly number[] | null,
  shown: readonly number[],
  now: readonly number[],
): StaticPlan {
  if (cached && sameKey(cached, now)) return 'copy';
  return sameKey(shown, now) ? 'store' : 'draw';
}

const drawingBuffer = new Vector2();
const onePixel = new Vector4(0, 0, 1, 1);

/**
 * The static layers of a still view (the ground, the city, the land beyond and the sky: most of
 * a frame's pixels, which software WebGL pays for again every frame) kept, colour and depth, in
 * an offscreen target: a frame whose statics would draw what they drew last copies them from
 * there (one blit) and draws only the moving things over them, depth-tested against them (see
 * planStatics). The statics are drawn to the screen as before, then copied to the target, so the
 * cached pixels are the screen's own (no colour conversion of a render target between them).
 */
export class StaticLayerCache {
  // depth with stencil: the screen's depth format, as a blit between them requires
  private readonly target = new WebGLRenderTarget(1, 1, { depthBuffer: true, stencilBuffer: true });
  /** Keys of the statics in the target, of those the last frame showed, of those this frame would draw. */
  private cached: number[] = [];
  private shown: number[] = [];
  private now: number[] = [];
  /** Whether the target holds the statics of `cached`. */
  private held = false;
  /** False once a copy failed (the screen's depth format is not the target's): frames draw everything. */
  private usable = true;

  /**
   * Draws the frame: the `statics` (children of `scene`) from the cache or drawn (see
   * planStatics), then every other object of the scene. Returns what it did with the statics.
   */
  render(renderer: WebGLRenderer, scene: Scene, camera: Camera, statics: readonly Object3D[]): StaticPlan {
    const size = renderer.getDrawingBufferSize(drawingBuffer);
    staticKey(camera, size, scene, statics, this.now);
    const plan = this.usable ? planStatics(this.held ? this.cached : null, this.shown, this.now) : 'draw';
    if (plan === 'draw') renderer.render(scene, camera);
    else {
      if (plan === 'copy') this.copy(renderer, this.target, null);
      else {
        const others = scene.children.filter((child) => !statics.includes(child));
        withoutLayers(others, () => renderer.render(scene, camera));
        if (this.target.width !== size.x || this.target.height !== size.y)
          this.target.setSize(size.x, size.y);
        this.held = this.copy(renderer, null, this.target);
      }
      const { autoClear } = renderer;
      const { background } = scene;
      renderer.autoClear = false;
      scene.background = null;
      withoutLayers(statics, () => renderer.render(scene, camera));
      renderer.autoClear = autoClear;
      scene.background = background;
    }
    if (plan === 'copy') assign(this.shown, this.cached);
    else {
      // read after the draw: its hooks (uniforms, visibility) set what the pixels show
      staticKey(camera, size, scene, statics, this.shown);
      if (plan === 'store') assign(this.cached, this.shown);
    }
    return plan;
  }

  dispose(): void {
    this.target.dispose();
  }

  /** Blits colour and depth from `from` to `to` (null: the screen). False (and the cache off for good) if the formats did not match. */
  private copy(
    renderer: WebGLRenderer,
    from: WebGLRenderTarget | null,
    to: WebGLRenderTarget | null,
  ): boolean {
    const gl = renderer.getContext() as WebGL2RenderingContext;
    const framebuffer = (target: WebGLRenderTarget | null) => {
      if (!target) return null;
      renderer.initRenderTarget(target);
      return (renderer.properties.get(target) as { __webglFramebuffer: WebGLFramebuffer }).__webglFramebuffer;
    };
    const { state } = renderer;
    state.buffers.color.setMask(true);
    state.buffers.depth.setMask(true);
    if (!to) {
      // The browser clears the screen's buffer after it is shown, lazily, at the next draw or
      // clear into it, which a blit is not: a one-pixel clear makes it clear now, not after the copy.
      state.bindFramebuffer(gl.DRAW_FRAMEBUFFER, null);
      state.setScissorTest(true);
      state.scissor(onePixel);
      gl.clear(gl.COLOR_BUFFER_BIT);
    }
    state.setScissorTest(false);
    state.bindFramebuffer(gl.READ_FRAMEBUFFER, framebuffer(from));
    state.bindFramebuffer(gl.DRAW_FRAMEBUFFER, framebuffer(to));
    const { width, height } = this.target;
    gl.blitFramebuffer(
      0,
      0,
      width,
      height,
      0,
      0,
      width,
      height,
      gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT,
      gl.NEAREST,
    );
    state.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
    state.bindFramebuffer(gl.DRAW_FRAMEBUFFER, null);
    if (!this.held && gl.getError() !== gl.NO_ERROR) this.usable = false;
    return this.usable;
  }
}

function assign(to: number[], from: readonly number[]): void {
  to.length = from.length;
  for (let i = 0; i < from.length; i++) to[i] = from[i] as number;
}

/** Runs `draw` with `objects` and their descendants left out of the camera's layers (layers, not visibility: the sky sets its own visibility as it draws). */
function withoutLayers(objects: readonly Object3D[], draw: () => void): void {
  const masks: Array<[Object3D, number]> = [];
  for (const object of objects)
    object.traverse((each) => {
      masks.push([each, each.layers.mask]);
      each.layers.mask = 0;
    });
  try {
    draw();
  } finally {
    for (const [each, mask] of masks) each.layers.mask = mask;
  }
}
