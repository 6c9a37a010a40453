import { createKeccak, type IHasher } from 'hash-wasm';
import { encodePreimage, type Hex, type MiningJob, NONCE_OFFSET, readUint256 } from '../shared/pow.ts';

/**
 * Fast work-share verification. The mining pool (server/mining/pool.ts) decides on shares with
 * the reference JavaScript Keccak; this WebAssembly one computes the same digests an order of
 * magnitude faster, for the benchmark's verifications per second and for tests that mine.
 */

/** A job as the verifier needs it: the preimage with nonce 0 and the share target, as bytes. */
export interface PreparedJob {
  preimage: Uint8Array;
  /** Big-endian share target. */
  target: Uint8Array;
}

export function prepareJob(job: Pick<MiningJob, 'challenge' | 'miner' | 'shareTarget'>): PreparedJob {
  return {
    preimage: encodePreimage(job.challenge, job.miner, 0n),
    target: Buffer.from(job.shareTarget.slice(2), 'hex'),
  };
}

/**
 * Checks work shares with a WebAssembly Keccak-256 (hash-wasm): the digest of
 * shared/pow.ts `powDigest`, at several hundred thousand per second and core where the reference
 * JavaScript Keccak manages tens of thousands. Tests hold the two to the same digests.
 */
export class WorkShareVerifier {
  readonly #hasher: IHasher;
  readonly #preimage = new Uint8Array(NONCE_OFFSET + 32);

  private constructor(hasher: IHasher) {
    this.#hasher = hasher;
  }

  static async create(): Promise<WorkShareVerifier> {
    return new WorkShareVerifier(await createKeccak(256));
  }

  /** The digest when `nonce` (0x + 64 hex digits) meets the job's share target, else null. */
  verify(job: PreparedJob, nonce: Hex): Uint8Array | null {
    this.#preimage.set(job.preimage);
    this.#preimage.set(Buffer.from(nonce.slice(2), 'hex'), NONCE_OFFSET);
    this.#hasher.init();
    this.#hasher.update(this.#preimage);
    const digest = this.#hasher.digest('binary');
    // digest <= target, both big-endian: the first differing byte decides.
    for (let i = 0; i < 32; i++) {
      const d = digest[i] as number;
      const t = job.target[i] as number;
      if (d !== t) return d < t ? digest : null;
    }
    return digest;
  }
}

/** `uint256` of a 32-byte big-endian digest. */
export const digestValue = (digest: Uint8Array): bigint => readUint256(digest);
