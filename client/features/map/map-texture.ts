import { DataTexture, NearestFilter, RGBAFormat, UnsignedByteType } from 'three';
import { PARCEL_COUNT, type ParcelStatus, WORLD_SIDE } from '../../../shared/world.ts';
import { CITY } from './city-layout.ts';
import { type MapOverlay, tintForOverlay } from './overlay.ts';
import { PALETTE_COLORS, writeGroundTexel } from './palette.ts';
import { TEXEL_BYTES, TexelFlag, type TexelValue } from './texel.ts';

/**
 * The map as data, one texel per parcel (layout in grid.ts and texel.ts), twice: `data` says what
 * each parcel is (status, owner hue, flags; the minimap and the test handle read it), `ground`
 * how the ground draws it (the resolved colour and edge, see writeGroundTexel) and backs the
 * texture the ground shader reads. Every write touches one texel of each and queues a 4-byte
 * update range, so the GPU upload is a one-texel texSubImage2D, never the whole texture.
 */
export class MapTexture {
  readonly data = new Uint8Array(PARCEL_COUNT * TEXEL_BYTES);
  readonly ground = new Uint8Array(PARCEL_COUNT * TEXEL_BYTES);
  readonly texture: DataTexture;
  /**
   * Bumped when what the minimap shows changes (status, hue, the "mine" flag, the overlay), not on hover or
   * selection: the minimap repaints all 90,601 pixels when it changes.
   */
  version = 0;

  constructor() {
    for (let offset = 3; offset < this.data.length; offset += TEXEL_BYTES) this.data[offset] = 255;
    for (let id = 0; id < PARCEL_COUNT; id++) this.resolve(id);
    this.texture = new DataTexture(
      this.ground,
      WORLD_SIDE,
      WORLD_SIDE,
      RGBAFormat,
      UnsignedByteType,
      undefined,
      undefined,
      undefined,
      NearestFilter,
      NearestFilter,
    );
    this.texture.generateMipmaps = false;
    this.texture.needsUpdate = true;
    // The first upload sends the whole texture; update ranges queued before it would make
    // three upload only those texels into freshly allocated (blank) storage.
    this.texture.onUpdate = () => {
      this.uploaded = true;
    };
  }

  private uploaded = false;
  /** The overlay the ground shows (overlay.ts), or null. */
  overlay: MapOverlay | null = null;

  /**
   * Shows `overlay` on the ground and the minimap (null: none); rewrites and uploads every texel
   * once, unless it shows what the current one does (a re-read after a block that changed nothing).
   */
  setOverlay(overlay: MapOverlay | null): void {
    const current = this.overlay;
    if (current === overlay) return;
    if (current && overlay && current.kind === overlay.kind && sameLevels(current.levels, overlay.levels))
      return;
    this.overlay = overlay;
    for (let id = 0; id < PARCEL_COUNT; id++) this.resolve(id);
    // the whole texture: queued one-texel ranges would upload only themselves (none is queued
    // until that upload, see queue)
    this.texture.clearUpdateRanges();
    this.uploaded = false;
    this.texture.needsUpdate = true;
    this.version++;
  }

  read(id: number): TexelValue {
    const offset = this.offsetOf(id);
    return {
      status: this.data[offset] as ParcelStatus,
      hue: this.data[offset + 1] as number,
      flags: this.data[offset + 2] as number,
    };
  }

  /** Sets status and hue, keeping the flags. */
  writeParcel(id: number, status: ParcelStatus, hue: number): void {
    const offset = this.offsetOf(id);
    if (this.data[offset] === status && this.data[offset + 1] === hue) return;
    this.data[offset] = status;
    this.data[offset + 1] = hue;
    this.queue(id, true);
  }

  /** Turns one flag bit of parcel `id` on or off. */
  setFlag(id: number, flag: TexelFlag, on: boolean): void {
    const offset = this.offsetOf(id);
    const before = this.data[offset + 2] as number;
    const after = on ? before | flag : before & ~flag;
    if (after === before) return;
    this.data[offset + 2] = after;
    this.queue(id, flag === TexelFlag.Mine);
  }

  private offsetOf(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= PARCEL_COUNT)
      throw new RangeError(`parcel id ${id} is off the map`);
    return id * TEXEL_BYTES;
  }

  /** Rewrites the ground texel of parcel `id` from its data texel. */
  private resolve(id: number): void {
    const { district, roads } = CITY;
    writeGroundTexel(
      PALETTE_COLORS,
      this.read(id),
      district[id] as number,
      roads[id] as number,
      this.ground,
      id * TEXEL_BYTES,
    );
    if (this.overlay) tintForOverlay(this.overlay, id, this.ground, id * TEXEL_BYTES);
  }

  private queue(id: number, shownOnMinimap: boolean): void {
    this.resolve(id);
    if (this.uploaded) this.texture.addUpdateRange(id * TEXEL_BYTES, TEXEL_BYTES);
    this.texture.needsUpdate = true;
    if (shownOnMinimap) this.version++;
  }
}

function sameLevels(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
