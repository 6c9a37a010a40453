import { createKeccak } from 'hash-wasm';
import { encodePreimage, type Hex, NONCE_BYTES, NONCE_OFFSET, PREIMAGE_BYTES } from '../shared/pow.ts';
import type { PowDigest } from './mining/pool.ts';

/**
 * The digest the world room's mining pool verifies work shares with: shared/pow.ts `powDigest`
 * on a WebAssembly Keccak-256 (hash-wasm), several hundred thousand per second and core where the
 * reference JavaScript Keccak manages tens of thousands. Tests hold the two to the same digests.
 *
 * One hasher and one preimage buffer per returned function: calls must not interleave (they are
 * synchronous, so in one thread they cannot).
 */
export async function createWasmDigest(): Promise<PowDigest> {
  const hasher = await createKeccak(256);
  const preimage = new Uint8Array(PREIMAGE_BYTES);
  const nonceBytes = Buffer.from(preimage.buffer, NONCE_OFFSET, NONCE_BYTES);
  // challenge ‖ miner already in `preimage`: consecutive shares of one job skip re-encoding them
  let prefix = '';
  return (challenge, miner, nonce) => {
    if (challenge + miner !== prefix) {
      preimage.set(encodePreimage(challenge, miner, 0n));
      prefix = challenge + miner;
    }
    // Buffer.write stops at the first non-hex digit: a short count means a malformed nonce.
    if (nonce.length !== 2 + 2 * NONCE_BYTES || nonceBytes.write(nonce.slice(2), 'hex') !== NONCE_BYTES) {
      throw new TypeError(`nonce must be 0x followed by 64 hex digits, got ${JSON.stringify(nonce)}`);
    }
    hasher.init();
    hasher.update(preimage);
    return `0x${hasher.digest('hex')}` as Hex;
  };
}
