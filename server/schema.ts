import { Encoder, MapSchema, Schema, type, view } from '@colyseus/schema';
import type { ParcelView, PlayerView } from '../shared/state.ts';
import { ParcelStatus } from '../shared/world.ts';

/**
 * Bytes of the encoder's buffer. The full state sent on join holds every claimed parcel: with all
 * 90,601 claimed, at most ~185 bytes each (a co-owned one with an open style vote and three
 * banded holders), about 17 MB. A buffer that overflows mid-encode yields
 * patches clients cannot decode ("refId not found"), so it is sized for the whole map up front.
 */
Encoder.BUFFER_SIZE = 24 * 1024 * 1024;

/** Synchronized state of the world room: fields only, the rules live in `rules.ts` and the room. */

export class Player extends Schema implements PlayerView {
  @type('string') address = '';
  @type('string') name = '';
  @type('string') color = '';
  @type('float32') x = 0;
  @type('float32') z = 0;
  @type('float32') heading = 0;
  @type('int32') miningParcel = -1;
  @type('float32') hashRate = 0;
}

export class Parcel extends Schema implements ParcelView {
  @type('uint32') id = 0;
  @type('uint8') status: ParcelStatus = ParcelStatus.Unclaimed;
  @type('string') owner = '';
  @type('string') vault = '';
  @type('uint8') rigLevel = 0;
  @type('float32') hashRate = 0;
  @type('uint32') auctionEnd = 0;
  /** Share base units staked, decimal string (shared/state.ts ParcelView). */
  @type('string') staked = '0';
  /** Structure style and palette colour on chain (shared/structure-styles.ts). */
  @type('uint8') style = 0;
  @type('uint8') palette = 0;
  @type('uint32') styleVoteEnd = 0;
  /** The vault's largest holders (shared/structures.ts encodeTopHolders). */
  @type('string') topHolders = '';
}

export class WorldState extends Schema {
  /** Each client sees only the players its StateView holds: the ones near it (interest management). */
  @view() @type({ map: Player }) players = new MapSchema<Player>();
  /** Every parcel that is not unclaimed, for everyone. */
  @type({ map: Parcel }) parcels = new MapSchema<Parcel>();
  @type('uint32') indexedBlock = 0;
  /** Server clock (Unix ms) when the patch that changed it was sent (shared/state.ts WorldStateView). */
  @type('float64') serverTime = 0;
}
