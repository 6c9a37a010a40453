import type { ParcelStatus } from './world.ts';

/** How a guest's address (a player not signed in with a wallet) starts: `guest-<session id>`. */
export const GUEST_PREFIX = 'guest-';

/** True for a guest's address; a signed-in player's is a checksummed `0x` address. */
export function isGuestAddress(address: string): boolean {
  return address.startsWith(GUEST_PREFIX);
}

/**
 * The shape of the world room's synchronized state as clients read it. The server's Schema
 * classes implement these fields; the client decodes them by reflection and reads them through
 * these types (client and server never import each other).
 */
export interface PlayerView {
  /** Checksummed address when signed in, `guest-<id>` otherwise. */
  address: string;
  name: string;
  /** CSS colour of the avatar. */
  color: string;
  /** World position (units of PARCEL_SIZE) and heading in radians. */
  x: number;
  z: number;
  heading: number;
  /** Parcel id being mined, or -1. */
  miningParcel: number;
  /** Hashes per second credited by the server from accepted work shares. */
  hashRate: number;
}

export interface ParcelView {
  id: number;
  status: ParcelStatus;
  /** Owner of the NFT: the player, or the vault once fractionalized. */
  owner: string;
  /** Share vault address when fractionalized, else empty. */
  vault: string;
  rigLevel: number;
  /** Hashes per second credited on this parcel. */
  hashRate: number;
  /** Unix seconds when the buyout auction ends, 0 when none. */
  auctionEnd: number;
  /**
   * Total of the vault's shares staked in ParcelStaking, in share base units (the share token has
   * 18 decimals) as a decimal string (it can exceed 2^53); '0' when none or not fractionalized.
   * The server always sends it; optional so plain views built without it stay valid.
   */
  staked?: string;
  /**
   * The structure style and palette colour chosen on chain (shared/structure-styles.ts); 0 or
   * absent: the generated look in the owner's colour.
   */
  style?: number;
  palette?: number;
  /** Unix seconds when the co-owners' open style vote closes, 0 when none is open. */
  styleVoteEnd?: number;
  /** The vault's largest holders (shared/structures.ts encodeTopHolders); '' when whole. */
  topHolders?: string;
}

export interface WorldStateView {
  /** Keyed by session id. */
  players: Map<string, PlayerView>;
  /** Only parcels that are not unclaimed, keyed by `String(id)`. */
  parcels: Map<string, ParcelView>;
  /** Last chain block the indexer applied. */
  indexedBlock: number;
  /**
   * Server clock (Unix ms) when the patch that changed it was sent: clients measure patch latency
   * with it. It rides on patches that go out anyway, at most twice a second (server/world-room.ts).
   */
  serverTime: number;
}
