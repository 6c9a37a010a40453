import { z } from 'zod';
import { WORLD_RADIUS } from './world.ts';

/**
 * Messages between browser and game server, by name, with their payload schemas. The server
 * validates every client message against these; the client builds them from the same types.
 */

/** World units per parcel along each axis; parcel (x, y) covers [x - 0.5, x + 0.5] × [y - 0.5, y + 0.5]. */
export const PARCEL_SIZE = 1;
/** Players may walk a little past the outer parcels. */
export const WALK_LIMIT = WORLD_RADIUS * PARCEL_SIZE + 2;
/** Longest chat line, in characters. */
export const CHAT_MAX_LENGTH = 200;
/** Longest player name, in characters. */
export const NAME_MAX_LENGTH = 24;

const coordinate = z.number().finite().min(-WALK_LIMIT).max(WALK_LIMIT);

export const clientMessages = {
  /** Where my avatar stands now (world units) and which way it faces (radians). */
  move: z.object({ x: coordinate, z: coordinate, heading: z.number().finite() }).strict(),
  chat: z.object({ text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) }).strict(),
  rename: z.object({ name: z.string().trim().min(1).max(NAME_MAX_LENGTH) }).strict(),
} as const;

export type ClientMessageType = keyof typeof clientMessages;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof clientMessages)[T]>;

/** Reason codes the server sends back with `error`. */
export const ERROR_CODES = [
  'unknown-type',
  'bad-payload',
  'rate-limited',
  'too-fast',
  'not-signed-in',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ServerMessages {
  /** A message of this client was refused; nothing changed. */
  error: { code: ErrorCode; message: string; type?: string };
  chat: { from: string; name: string; text: string; at: number };
  /** Something happened in the world (a claim, a solution…), for the activity feed. */
  feed: { kind: string; text: string; parcelId?: number; at: number };
}

export type ServerMessageType = keyof ServerMessages;
