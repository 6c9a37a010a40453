import { type Client, ClientState, Protocol, SchemaSerializer } from '@colyseus/core';
import {
  $changes,
  $encoder,
  type ChangeTree,
  type Encoder,
  encode,
  type Iterator,
  type Metadata,
  type Schema,
  type StateView,
} from '@colyseus/schema';

/** The wire's "changes of structure refId follow" marker (@colyseus/schema encoding/spec; not exported). */
const SWITCH_TO_STRUCTURE = 255;
/** Room left in the chunk buffer before each structure: more than one encoded Player takes. */
const CHUNK_HEADROOM = 64 * 1024;

type ChangeTreeList = Encoder['root']['filteredChanges'];
type ChangeTreeNode = NonNullable<ChangeTreeList['next']>;
type FieldEncoder = (
  encoder: Encoder,
  bytes: Buffer,
  changeTree: ChangeTree,
  index: number,
  operation: number,
  it: Iterator,
  isEncodeAll: boolean,
  hasView: boolean,
  metadata: Metadata,
) => void;

/**
 * Colyseus' schema serializer with filtered patches that cost per client what the client sees,
 * not what changed in the whole room.
 *
 * Colyseus encodes each client's view by walking every filtered structure that changed (with
 * 1,000 walking players: 1,000 clients × 1,000 players, two WeakSet look-ups each, 20 times a
 * second). Here the changes of each changed instance of `chunked` (the players) are encoded once
 * per patch into a chunk of bytes, and a client's patch is the shared part, its own visibility
 * changes and the other filtered structures (Colyseus' encoder, unchanged), then the chunks of
 * the instances its view holds. The bytes are the same Colyseus would send, in the same order
 * (a structure's visibility ADD before its field changes), so colyseus.js decodes them as ever.
 *
 * A client none of whose view changed gets no patch at all.
 *
 * Needs iterable views (`new StateView(true)`), whose `items` are the instances the room added,
 * and a `chunked` type without @view() fields of its own, whose encoding is the same for every view.
 */
export class ChunkedPatchSerializer<T extends Schema> extends SchemaSerializer<T> {
  readonly #chunked: typeof Schema;
  #chunks = Buffer.allocUnsafe(4 * CHUNK_HEADROOM);
  /** Where each chunk of this patch is in #chunkBounds, by the structure's refId. */
  readonly #chunkOf = new Map<number, number>();
  /** Start and end in #chunks of every chunk of this patch, one after the other. */
  readonly #chunkBounds: number[] = [];

  constructor(chunked: typeof Schema) {
    super();
    const metadata = chunked[Symbol.metadata] as Metadata & Record<number, { tag?: number }>;
    for (let i = 0; metadata[i]; i++) {
      if (metadata[i]?.tag !== undefined)
        throw new Error(`${chunked.name} has @view() fields: chunks would differ per view`);
    }
    this.#chunked = chunked;
  }

  /** Whether the state changed since the last patch (shared or filtered changes). */
  get hasChanges(): boolean {
    return this.encoder.hasChanges;
  }

  override applyPatches(clients: Client[]): boolean {
    if (clients.length === 0 || !this.encoder.hasChanges) return super.applyPatches(clients);
    this.needFullEncode = true;
    const it = { offset: 1 };
    this.encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    this.encoder.encode(it);
    const sharedOffset = it.offset;
    const root = this.encoder.root;
    const all = root.filteredChanges;
    // The chunked structures are encoded once here; Colyseus' per-view pass sees only the others.
    const others = this.#encodeChunks(all);
    root.filteredChanges = others;
    try {
      for (const client of clients) {
        if (client.state !== ClientState.JOINED) continue;
        const patch = client.view
          ? this.#patchOf(client.view, sharedOffset, others.next !== undefined)
          : sharedOffset > 1
            ? this.encoder.sharedBuffer.subarray(0, sharedOffset)
            : null;
        if (patch) client.raw(patch);
      }
    } finally {
      root.filteredChanges = all;
      this.#chunkOf.clear();
      this.#chunkBounds.length = 0;
    }
    this.encoder.discardChanges();
    return true;
  }

  /** Encodes the changes of every chunked structure in `list`; returns a list of the others. */
  #encodeChunks(list: ChangeTreeList): ChangeTreeList {
    const others: ChangeTreeList = { next: undefined, tail: undefined };
    const it = { offset: 0 };
    for (let node = list.next; node; node = node.next) {
      const tree = node.changeTree;
      if (!(tree.ref instanceof this.#chunked)) {
        const copy = { changeTree: tree, next: undefined, prev: others.tail, position: 0 } as ChangeTreeNode;
        if (others.tail) others.tail.next = copy;
        else others.next = copy;
        others.tail = copy;
        continue;
      }
      const start = it.offset;
      this.#encodeChanges(tree, it);
      if (it.offset > start) {
        this.#chunkOf.set(tree.refId, this.#chunkBounds.length);
        this.#chunkBounds.push(start, it.offset);
      }
    }
    return others;
  }

  /** The filtered changes of one structure, as Colyseus' encoder writes them for any view. */
  #encodeChanges(tree: ChangeTree, it: Iterator): void {
    const operations = tree.filteredChanges.operations;
    if (operations.length === 0) return;
    if (this.#chunks.length - it.offset < CHUNK_HEADROOM) {
      const larger = Buffer.allocUnsafe(this.#chunks.length * 2);
      this.#chunks.copy(larger, 0, 0, it.offset);
      this.#chunks = larger;
    }
    const bytes = this.#chunks;
    const ctor = tree.ref.constructor as typeof Schema & { [$encoder]: FieldEncoder };
    const metadata = ctor[Symbol.metadata] as Metadata;
    bytes[it.offset++] = SWITCH_TO_STRUCTURE;
    encode.number(bytes, tree.refId, it);
    for (const index of operations) {
      if (index === undefined) continue;
      const operation = tree.indexedOperations[index];
      if (operation === undefined) continue;
      ctor[$encoder](this.encoder, bytes, tree, index, operation, it, false, true, metadata);
    }
  }

  /**
   * One client's patch: shared changes, its view's own changes, then its visible chunks; null when
   * nothing of these changed. Items that left the state (a player who left) leave the view's list here.
   */
  #patchOf(view: StateView, sharedOffset: number, othersChanged: boolean): Buffer | null {
    if (!view.iterable) throw new Error('ChunkedPatchSerializer needs iterable views: new StateView(true)');
    const it = { offset: sharedOffset };
    // the view's visibility changes and the other filtered changes, after the shared part (most
    // patches have neither: no one came into view, no one joined or left)
    if (othersChanged || view.changes.size > 0) this.encoder.encodeView(view, sharedOffset, it);
    const bytes = this.encoder.sharedBuffer;
    const items = view.items;
    let kept = 0;
    for (const item of items) {
      const tree = (item as Schema)[$changes];
      if (!tree || tree.root === undefined) continue;
      items[kept++] = item;
      const chunk = this.#chunkOf.get(tree.refId);
      if (chunk === undefined) continue;
      const start = this.#chunkBounds[chunk] as number;
      const end = this.#chunkBounds[chunk + 1] as number;
      if (it.offset + end - start > bytes.length) throw new Error('patch larger than Encoder.BUFFER_SIZE');
      it.offset += this.#chunks.copy(bytes, it.offset, start, end);
    }
    items.length = kept;
    if (it.offset === 1) return null; // the protocol byte alone
    const patch = Buffer.allocUnsafe(it.offset);
    bytes.copy(patch, 0, 0, it.offset);
    return patch;
  }
}
