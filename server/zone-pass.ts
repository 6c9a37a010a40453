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
 *
 * A signed-in address has one pass at a time, so one avatar: zone links key avatars by address,
 * and two tabs of one address would draw one avatar jumping between two places. A tab's first
 * join takes the address over; the passes it replaces are forgotten (no zone room admits them any
 * more) and announced on REPLACED_PASS_CHANNEL, and every zone room closes their seats, telling
 * the older tab why. Guests are one session each and never share a pass.
 */

/** The channel a pass replaced by a newer tab of its address is announced on (the pass id). */
export const REPLACED_PASS_CHANNEL = 'fracterra:zone-pass-replaced';

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
/** The address's passes, oldest first: the last is its one pass, the others are being replaced. */
const addressKey = (address: string) => `fracterra:zone-passes:${address}`;

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

  /**
   * Makes `pass` the one pass of `address` and forgets the ones it replaces; returns them. Each
   * step is atomic: of two tabs joining at once, the one whose pass was recorded last keeps it.
   */
  async takeOver(address: string, pass: string): Promise<string[]> {
    const key = addressKey(address);
    await this.presence.rpush(key, pass);
    await this.presence.expire(key, PASS_TTL_SECONDS);
    const replaced: string[] = [];
    while ((await this.presence.llen(key)) > 1) {
      const old = await this.presence.lpop(key);
      if (old === null) break;
      replaced.push(old);
      await this.presence.del(recordKey(old));
    }
    return replaced;
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
