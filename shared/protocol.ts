import { z } from 'zod';
import { type MiningJob, workShareSchema } from './pow.ts';
import { PARCEL_COUNT, WORLD_RADIUS } from './world.ts';

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
/** Fastest an avatar may walk, in world units per second; faster moves are refused as `too-fast`. */
export const MAX_WALK_SPEED = 12;
/** A player receives the other players within this distance, in world units (interest management). */
export const VIEW_RADIUS = 40;
/** A dropped client may rejoin its seat within this many seconds and keeps its state. */
export const RECONNECT_SECONDS = 20;
/** Chat lines a player receives on join. */
export const CHAT_HISTORY_LINES = 50;

/** Recent activity-feed events a player receives on join (DESIGN.md §5 "recent events"). */
export const FEED_HISTORY_EVENTS = 100;

/**
 * True when a name could pass for an address or an ENS name: `0x` and hex digits in full or
 * shortened (`0xf39F…2266`, `0xf39f...2266`, `0x f39f`), also in lookalike letters (`Ox`, `0×`,
 * full-width digits), or a `.eth` name. Such names would let a player impersonate another.
 */
export function looksLikeAddress(name: string): boolean {
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}]/gu, '');
  if (/\.\s*eth\b/.test(folded)) return true;
  const squeezed = folded
    .replace(/[o\u03bf\u043e]/g, '0') // Latin, Greek and Cyrillic o pass for a zero
    .replace(/[\u00d7\u0445\u03c7]/g, 'x') // ×, Cyrillic ha, Greek chi pass for an x
    .replace(/[^0-9a-z]/g, ''); // … . · - _ and the like between the digits
  return /0x[0-9a-f]{3}/.test(squeezed);
}

/**
 * Characters a chosen name may hold: letters and digits of any script (with their accents), spaces
 * and ' . _ - between them. No symbols, emoji, control or format characters (zero-width, bidi
 * overrides): a name label shows plain words, and no name can reorder or hide its neighbours.
 */
const NAME_CHARACTERS = /^[\p{L}\p{M}\p{N}' ._-]+$/u;

/** A player's chosen name: trimmed, 1…NAME_MAX_LENGTH characters of NAME_CHARACTERS, not passing for an address. */
export const playerNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(NAME_MAX_LENGTH)
  // zod runs refinements after a failed length check too: a long text is not worth normalizing
  .refine(
    (name) => name.length > NAME_MAX_LENGTH || !looksLikeAddress(name),
    'a name may not look like an address or an ENS name',
  )
  .refine((name) => NAME_CHARACTERS.test(name), "a name holds letters, digits, spaces and ' . _ - only");

/** Sustained messages per second and burst size, per client and message type. */
export const RATE_LIMITS = {
  move: { perSecond: 20, burst: 20 },
  chat: { perSecond: 0.5, burst: 3 },
  /** Name changes: two at once, then one per 10 s (a name is an identity, not a chat channel). */
  rename: { perSecond: 0.1, burst: 2 },
  /** Jumps (go-to, minimap, feed links by teleport): a few in a row, then one a second. */
  teleport: { perSecond: 1, burst: 5 },
  mine: { perSecond: 1, burst: 3 },
  mineStop: { perSecond: 1, burst: 3 },
  workShare: { perSecond: 5, burst: 10 },
} as const;

/**
 * Chat lines per second and burst from one network address, whatever the keys and sessions
 * behind it: fresh keys cost nothing, so the per-client limit alone does not bound a spammer.
 * A few players sharing an address still chat freely.
 */
export const CHAT_PER_IP_LIMIT = { perSecond: 1, burst: 8 } as const;

/** Headings a client may send, in radians (many turns either way); the room stores it in [-π, π). */
export const MAX_HEADING = 1_000 * Math.PI;
const coordinate = z.number().finite().min(-WALK_LIMIT).max(WALK_LIMIT);

export const clientMessages = {
  /** Where my avatar stands now (world units) and which way it faces (radians). */
  move: z
    .object({ x: coordinate, z: coordinate, heading: z.number().finite().min(-MAX_HEADING).max(MAX_HEADING) })
    .strict(),
  /**
   * Jump to (x, z) at once (world units): the player chose to teleport rather than walk there. The
   * room takes any spot on the map, at most RATE_LIMITS.teleport often; later moves walk from it.
   */
  teleport: z.object({ x: coordinate, z: coordinate }).strict(),
  chat: z.object({ text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) }).strict(),
  rename: z.object({ name: playerNameSchema }).strict(),
  /** Ask for a mining job on a parcel (signed-in players only); the server answers `job`. */
  mine: z
    .object({
      parcelId: z
        .number()
        .int()
        .min(0)
        .max(PARCEL_COUNT - 1),
    })
    .strict(),
  /**
   * Stop mining (the Stop button, or the tab hidden): the server drops the player's jobs, stops
   * crediting its hash rate at once and sets `miningParcel` back to -1.
   */
  mineStop: z.object({}).strict(),
  /** A nonce found for a job; the server answers `workShareAccepted` or `error`. */
  workShare: workShareSchema,
} as const;

/** Messages guests may not send. */
export const SIGNED_IN_ONLY: ReadonlySet<ClientMessageType> = new Set([
  'chat',
  'mine',
  'mineStop',
  'workShare',
]);

export type ClientMessageType = keyof typeof clientMessages;

/** Options of `joinOrCreate(WORLD_ROOM, options)`; guests send no `siwe`. */
export const joinOptionsSchema = z
  .object({
    name: playerNameSchema.optional(),
    /**
     * Where the avatar appears (world units): where it stood before a rejoin. Without it the room
     * places the player on Genesis Plaza, spread among the others (shared/spawn.ts).
     */
    spawn: z.object({ x: coordinate, z: coordinate }).strict().optional(),
    /** An EIP-4361 message (shared/siwe.ts) and its `personal_sign` signature. */
    siwe: z
      .object({ message: z.string().max(2_000), signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/) })
      .optional(),
  })
  .strip();
export type JoinOptions = z.infer<typeof joinOptionsSchema>;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof clientMessages)[T]>;

/** Reason codes the server sends back with `error`. */
export const ERROR_CODES = [
  'unknown-type',
  'bad-payload',
  'rate-limited',
  'too-fast',
  'not-signed-in',
  /** Work-share verdicts of the mining pool (server/mining/pool.ts ShareRejection). */
  'unknown-job',
  'wrong-miner',
  'stale-job',
  'above-target',
  'duplicate-share',
  'over-rate',
  /** Only claimed parcels have rigs to mine on. */
  'parcel-unclaimed',
  /** The server could not read the chain; try again. */
  'chain-unavailable',
  /** The server could not record it (its database is away); nothing changed, try again. */
  'store-unavailable',
  /** Sent to a zone room of a neighbouring zone (shared/zones.ts): it goes to the zone you stand in. */
  'read-only',
  /** In zone rooms, another tab of this address joined: this tab's seats closed (server/zone-pass.ts). */
  'replaced',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ServerMessages {
  /** A message of this client was refused; nothing changed. */
  error: { code: ErrorCode; message: string; type?: string };
  /**
   * `from` is the sender's address; `at` is Unix milliseconds. A live line names the session that
   * spoke (its avatar shows the line in a bubble); lines of the history have none.
   */
  chat: { from: string; name: string; text: string; at: number; sessionId?: string };
  /** The last CHAT_HISTORY_LINES chat lines, oldest first, sent once on join. */
  chatHistory: { lines: ServerMessages['chat'][] };
  /** A mining job for the parcel asked for with `mine`. */
  job: MiningJob;
  /** The work share is in the ledger (durably): credited to the miner. */
  workShareAccepted: {
    jobId: string;
    digest: string;
    difficulty: number;
    /** The digest meets the chain target too: the wallet may submit `OreMiner.mine` with it. */
    solution: boolean;
  };
  /** Something happened in the world (a claim, a solution…), for the activity feed. */
  feed: {
    kind: string;
    text: string;
    parcelId?: number;
    at: number;
    /** Who did it (an address). */
    who?: string;
    /** The amounts it moved (18-decimal units as decimal text), shown after the text. */
    amounts?: { units: string; unit: 'shares' | 'ETH' | 'ORE' }[];
  };
  /**
   * The last FEED_HISTORY_EVENTS `feed` events since the server started, oldest first, sent on
   * join (the server keeps them in memory; a restart starts the history afresh), and again to
   * everyone after a reorg: the chain's last events then, those of dropped blocks gone.
   */
  feedHistory: { events: ServerMessages['feed'][] };
  /** The first zone room's pass (shared/zones.ts): the player's other zone rooms admit it with it. */
  zonePass: { pass: string };
}

export type ServerMessageType = keyof ServerMessages;
