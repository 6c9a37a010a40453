import { randomBytes } from 'node:crypto';
import type { Presence } from '@colyseus/core';
import { MAX_WALK_SPEED, VIEW_RADIUS } from '../shared/protocol.ts';
import { MAX_ZONE_ROOMS, zonesInView } from '../shared/zones.ts';

/**
 * A zone pass: what the first zone room a player joins knows of it (its signed-in address, or its
 * guest name), kept in the presence so every zone room of every process admits the player with it
 * instead of a fresh sign-in. The zone room the player stands in writes the player's position into
 * it whenever the zones within reach change, and each zone room adds itself to the pass's set of
 * rooms while the player holds a seat there: a zone room checks both before it admits a player.
 */

export interface ZonePassRecord {
  address: string;
  guest: boolean;
  name: string;
  /** Where the player stood when the home room last wrote it, and when (Unix ms). */
  x: number;
  z: number;
  at: number;
}

/** A pass lives this long past its last write or join, in seconds. */
const PASS_TTL_SECONDS = 60 * 60;
/**
 * World units beyond the view radius a pass's position admits a zone from: a second of walking,
 * so a join that races the home room's write of the position is not refused.
 */
export const PASS_REACH = VIEW_RADIUS + MAX_WALK_SPEED;

const recordKey = (pass: string) => `fracterra:zone-pass:${pass}`;
const roomsKey = (pass: string) => `fracterra:zone-rooms:${pass}`;

/** The zones within PASS_REACH of (x, z), as one string: the home room rewrites the pass when it changes. */
export function reachKey(x: number, z: number): string {
  return zonesInView(x, z, PASS_REACH).join(',');
}

/** Why a pass does not admit a join to `zone`, or null when it does. */
export function passRefusal(record: ZonePassRecord | null, zone: number, rooms: number): string | null {
  if (!record) return 'unknown or expired zone pass: join the zone you stand in without one';
  if (!zonesInView(record.x, record.z, PASS_REACH).includes(zone)) {
    return `zone ${zone} is out of view from (${Math.round(record.x)}, ${Math.round(record.z)})`;
  }
  if (rooms >= MAX_ZONE_ROOMS) return `at most ${MAX_ZONE_ROOMS} zone rooms at once`;
  return null;
}

export class ZonePasses {
  constructor(readonly presence: Presence) {}

  /** A new pass for `record`. */
  async issue(record: ZonePassRecord): Promise<string> {
    const pass = randomBytes(16).toString('hex');
    await this.write(pass, record);
    return pass;
  }

  async write(pass: string, record: ZonePassRecord): Promise<void> {
    await this.presence.setex(recordKey(pass), JSON.stringify(record), PASS_TTL_SECONDS);
  }

  async read(pass: string): Promise<ZonePassRecord | null> {
    const text = (await this.presence.get(recordKey(pass))) as string | null;
    return text ? (JSON.parse(text) as ZonePassRecord) : null;
  }

  /** Rooms that hold a seat of the pass now. */
  async rooms(pass: string): Promise<number> {
    return Number(await this.presence.scard(roomsKey(pass)));
  }

  async enter(pass: string, roomId: string): Promise<void> {
    await this.presence.sadd(roomsKey(pass), roomId);
    await this.presence.expire(roomsKey(pass), PASS_TTL_SECONDS);
  }

  async leave(pass: string, roomId: string): Promise<void> {
    await this.presence.srem(roomsKey(pass), roomId);
  }
}
