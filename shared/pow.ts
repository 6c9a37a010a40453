import { z } from 'zod';
import { keccak256 } from './keccak.ts';

/**
 * The proof of work of `OreMiner` (DESIGN.md §4), defined once for the workers, the server's
 * work-share verifier and the tests:
 *
 *   digest = keccak256(challenge (32 bytes) ‖ miner address (20) ‖ nonce (32, big-endian uint256))
 *
 * which is Solidity's `keccak256(abi.encodePacked(bytes32 challenge, address miner, uint256 nonce))`;
 * a nonce is valid for `target` when `uint256(digest) <= target`.
 */

export type Hex = `0x${string}`;

export const CHALLENGE_BYTES = 32;
export const ADDRESS_BYTES = 20;
export const NONCE_BYTES = 32;
/** Offset of the miner address in the preimage. */
export const MINER_OFFSET = CHALLENGE_BYTES;
/** Offset of the nonce in the preimage. */
export const NONCE_OFFSET = CHALLENGE_BYTES + ADDRESS_BYTES;
/** 84 bytes: one keccak-256 rate block (136 bytes) holds it, so each hash is one permutation. */
export const PREIMAGE_BYTES = NONCE_OFFSET + NONCE_BYTES;

const TWO_256 = 1n << 256n;
/** The largest uint256; the easiest possible target (every digest meets it). */
export const MAX_TARGET = TWO_256 - 1n;

const hex32 = /^0x[0-9a-fA-F]{64}$/;
const hex16 = /^0x[0-9a-fA-F]{32}$/;
const hex20 = /^0x[0-9a-fA-F]{40}$/;

export const bytes32Schema = z
  .string()
  .regex(hex32, 'expected 0x followed by 64 hex digits')
  .transform((value) => value as Hex);
export const minerAddressSchema = z
  .string()
  .regex(hex20, 'an address is 0x followed by 40 hex digits')
  .transform((value) => value as Hex);

const HEX_DIGITS = '0123456789abcdef';
/** Two hex digits of each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!);

/** Value of one hex digit's char code, or −1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1; // a-f, A-F
}

function hexToBytes(hex: string, bytes: number, what: string, into: Uint8Array, offset: number): void {
  const malformed = () =>
    new TypeError(`${what} must be 0x followed by ${2 * bytes} hex digits, got ${JSON.stringify(hex)}`);
  if (typeof hex !== 'string' || hex.length !== 2 + 2 * bytes || !hex.startsWith('0x')) throw malformed();
  for (let i = 0; i < bytes; i++) {
    const high = hexDigit(hex.charCodeAt(2 + 2 * i));
    const low = hexDigit(hex.charCodeAt(3 + 2 * i));
    if (high < 0 || low < 0) throw malformed();
    into[offset + i] = (high << 4) | low;
  }
}

/** Writes `value` as a big-endian uint256 at `offset`. Throws RangeError outside [0, 2²⁵⁶). */
export function writeUint256(value: bigint, into: Uint8Array, offset: number): void {
  hexToBytes(toHex32(value), 32, 'uint256', into, offset);
}

/** Reads a big-endian uint256 at `offset`. */
export function readUint256(from: Uint8Array, offset = 0): bigint {
  let hex = '0x';
  for (let i = 0; i < 32; i++) hex += BYTE_HEX[from[offset + i]!];
  return BigInt(hex);
}

/** The 84-byte preimage. Throws TypeError/RangeError on a malformed challenge, address or nonce. */
export function encodePreimage(challenge: string, miner: string, nonce: bigint): Uint8Array {
  const preimage = new Uint8Array(PREIMAGE_BYTES);
  hexToBytes(challenge, CHALLENGE_BYTES, 'challenge', preimage, 0);
  hexToBytes(miner, ADDRESS_BYTES, 'miner address', preimage, MINER_OFFSET);
  writeUint256(nonce, preimage, NONCE_OFFSET);
  return preimage;
}

/** `uint256(keccak256(challenge ‖ miner ‖ nonce))`. */
export function powDigest(challenge: string, miner: string, nonce: bigint): bigint {
  return readUint256(keccak256(encodePreimage(challenge, miner, nonce)));
}

/** The same rule as `OreMiner`: a digest meets a target when it is not above it. */
export function meetsTarget(digest: bigint, target: bigint): boolean {
  return digest <= target;
}

/** 0x-prefixed 64-digit hex of a uint256 (targets, nonces and digests on the wire). */
export function toHex32(value: bigint): Hex {
  if (value < 0n || value > MAX_TARGET) throw new RangeError(`${value} is not a uint256`);
  return `0x${value.toString(16).padStart(64, '0')}`;
}

/**
 * Difficulty = expected hashes per valid nonce: a uniform digest meets `target` with probability
 * (target + 1) / 2²⁵⁶, so difficulty = 2²⁵⁶ / (target + 1) (floored). Difficulty 1 is MAX_TARGET.
 */
export function difficultyOfTarget(target: bigint): bigint {
  if (target < 0n || target > MAX_TARGET) throw new RangeError(`target ${target} is not a uint256`);
  return TWO_256 / (target + 1n);
}

/**
 * The target whose difficulty is `difficulty` (≥ 1): 2²⁵⁶ / difficulty − 1. Round-trips exactly
 * through difficultyOfTarget for every difficulty up to 2¹²⁸.
 */
export function targetForDifficulty(difficulty: bigint): bigint {
  if (difficulty < 1n || difficulty > TWO_256) {
    throw new RangeError(`difficulty ${difficulty} is outside [1, 2^256]`);
  }
  return TWO_256 / difficulty - 1n;
}

/**
 * Bits of a nonce a miner may choose; the bits above them carry the job's `noncePrefix`. The
 * server draws the prefix at random when it issues the job, so no work done before the job can
 * meet it, while `keccak256(challenge ‖ miner ‖ nonce)` (the on-chain preimage) is unchanged: a
 * solution found under a job is valid on chain as it is.
 */
export const JOB_NONCE_FREE_BITS = 128n;
const FREE_MASK = (1n << JOB_NONCE_FREE_BITS) - 1n;

/** `nonce` with its high bits replaced by the job's prefix (its low JOB_NONCE_FREE_BITS kept). */
export function nonceInJob(noncePrefix: Hex, nonce: bigint): bigint {
  return (BigInt(noncePrefix) << JOB_NONCE_FREE_BITS) | (nonce & FREE_MASK);
}

/** True when `nonce` carries the job's prefix in its high bits. */
export function nonceFitsJob(noncePrefix: Hex, nonce: bigint): boolean {
  return nonce >> JOB_NONCE_FREE_BITS === BigInt(noncePrefix);
}

/** 0x + 32 hex digits of a 128-bit job nonce prefix. */
export function toHex16(value: bigint): Hex {
  if (value < 0n || value > FREE_MASK) throw new RangeError(`${value} is not a uint128`);
  return `0x${value.toString(16).padStart(32, '0')}`;
}

/**
 * A job the server replaced with one at another difficulty (vardiff), on the same parcel and
 * challenge, still takes work shares this long, in ms: the ones already on their way. A job
 * replaced for any other reason (a new challenge, another parcel, a stop) takes none from then on.
 */
export const JOB_HANDOVER_MS = 2_000;

/** What the server hands a miner: one parcel's challenge, bound to the miner's signed-in address. */
export const miningJobSchema = z
  .object({
    jobId: z.string().min(1).max(64),
    parcelId: z.number().int().nonnegative(),
    challenge: bytes32Schema,
    miner: minerAddressSchema,
    /** Work shares are digests at or under this (per-miner variable difficulty). */
    shareTarget: bytes32Schema,
    /** Solutions (submitted on chain by the wallet) are digests at or under this. */
    chainTarget: bytes32Schema,
    /** The high 128 bits every nonce of this job must carry (JOB_NONCE_FREE_BITS). */
    noncePrefix: z
      .string()
      .regex(hex16, 'expected 0x followed by 32 hex digits')
      .transform((value) => value as Hex),
  })
  .strict();
export type MiningJob = z.infer<typeof miningJobSchema>;

/** A work share the client sends: a nonce found for a job. */
export const workShareSchema = z.object({ jobId: z.string().min(1).max(64), nonce: bytes32Schema }).strict();
export type WorkShare = z.infer<typeof workShareSchema>;

/** A nonce a worker found: a work share, and a solution when the digest also meets the chain target. */
export interface FoundNonce {
  jobId: string;
  nonce: Hex;
  digest: Hex;
  solution: boolean;
}

/** What a worker reports after each batch (about every MINER_BATCH_MS while running). */
export interface MinerProgress {
  jobId: string;
  /** Nonces hashed in this batch. */
  hashes: number;
  /** Time spent hashing this batch, in milliseconds (pauses for the throttle excluded). */
  busyMs: number;
  found: FoundNonce[];
}

/** Each worker reports back about this often, in milliseconds. */
export const MINER_BATCH_MS = 250;

/**
 * The API of one mining worker (workers/miner.worker.ts), as the client wraps it with comlink.
 * Defined here so the client and the worker agree without importing each other.
 */
export interface MinerWorkerApi {
  /**
   * Searches nonces for `job` until stopped or given another job, from `firstNonce` upwards
   * (default: a random place, so that workers and players do not repeat each other), every nonce
   * carrying the job's `noncePrefix` (the prefix replaces `firstNonce`'s high bits); reports
   * each batch through `onProgress`. Rejects a malformed job.
   */
  start(job: MiningJob, onProgress: (progress: MinerProgress) => void, firstNonce?: Hex): Promise<void>;
  /** Stops searching; resolves once no more progress will be reported. */
  stop(): Promise<void>;
  /** Fraction of the time spent hashing, 0 (paused) to 1 (flat out). */
  setThrottle(fraction: number): Promise<void>;
}
