/**
 * Keccak-256 as Ethereum uses it (original Keccak padding 0x01, not NIST SHA3's 0x06), on 32-bit
 * lane halves so it runs on plain JS numbers. This is the reference the server's work-share
 * verifier and the tests use; the workers' nonce search is a WebAssembly build of the same
 * permutation from the same constants (workers/keccak-search.ts).
 */

/** Bytes absorbed per permutation for a 256-bit output: 1600 - 2·256 bits. */
export const KECCAK256_RATE_BYTES = 136;

/** Lanes of the state, indexed `x + 5·y`. */
export const LANE_COUNT = 25;

/** Rotation offset (rho) of lane `x + 5·y`, in bits. */
export const RHO_OFFSETS: readonly number[] = [
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

/** Where pi moves lane `x + 5·y`: to `y + 5·((2x + 3y) mod 5)`. */
export const PI_DESTINATION: readonly number[] = Array.from({ length: LANE_COUNT }, (_, lane) => {
  const x = lane % 5;
  const y = Math.floor(lane / 5);
  return y + 5 * ((2 * x + 3 * y) % 5);
});

/** The 24 iota round constants, from the degree-8 LFSR of the Keccak reference. */
export const ROUND_CONSTANTS: readonly bigint[] = (() => {
  const constants: bigint[] = [];
  let lfsr = 1;
  for (let round = 0; round < 24; round++) {
    let constant = 0n;
    for (let j = 0; j < 7; j++) {
      if (lfsr & 1) constant |= 1n << BigInt((1 << j) - 1);
      lfsr = lfsr & 0x80 ? ((lfsr << 1) ^ 0x71) & 0xff : (lfsr << 1) & 0xff;
    }
    constants.push(constant);
  }
  return constants;
})();

const RC_LO = Uint32Array.from(ROUND_CONSTANTS, (c) => Number(c & 0xffffffffn));
const RC_HI = Uint32Array.from(ROUND_CONSTANTS, (c) => Number(c >> 32n));

// Scratch space of the permutation: it never allocates per call.
const columns = new Uint32Array(10);
const moved = new Uint32Array(50);

/**
 * Keccak-f[1600] in place. `state` holds 25 lanes as 50 words: lane `i` is
 * `state[2i]` (low 32 bits) and `state[2i + 1]` (high 32 bits).
 */
export function keccakF1600(state: Uint32Array): void {
  for (let round = 0; round < 24; round++) {
    // theta: every lane takes the parities of its two neighbouring columns
    for (let x = 0; x < 5; x++) {
      columns[2 * x] =
        state[2 * x]! ^ state[2 * x + 10]! ^ state[2 * x + 20]! ^ state[2 * x + 30]! ^ state[2 * x + 40]!;
      columns[2 * x + 1] =
        state[2 * x + 1]! ^ state[2 * x + 11]! ^ state[2 * x + 21]! ^ state[2 * x + 31]! ^ state[2 * x + 41]!;
    }
    for (let x = 0; x < 5; x++) {
      const left = 2 * ((x + 4) % 5);
      const right = 2 * ((x + 1) % 5);
      const rightLo = columns[right]!;
      const rightHi = columns[right + 1]!;
      // left column ^ (right column rotated left by 1)
      const dLo = columns[left]! ^ ((rightLo << 1) | (rightHi >>> 31));
      const dHi = columns[left + 1]! ^ ((rightHi << 1) | (rightLo >>> 31));
      for (let y = 0; y < 25; y += 5) {
        state[2 * (x + y)]! ^= dLo;
        state[2 * (x + y) + 1]! ^= dHi;
      }
    }
    // rho and pi: rotate each lane by its offset and move it
    for (let lane = 0; lane < LANE_COUNT; lane++) {
      const lo = state[2 * lane]!;
      const hi = state[2 * lane + 1]!;
      const to = 2 * PI_DESTINATION[lane]!;
      const r = RHO_OFFSETS[lane]!;
      if (r === 0) {
        moved[to] = lo;
        moved[to + 1] = hi;
      } else if (r < 32) {
        moved[to] = (lo << r) | (hi >>> (32 - r));
        moved[to + 1] = (hi << r) | (lo >>> (32 - r));
      } else if (r === 32) {
        moved[to] = hi;
        moved[to + 1] = lo;
      } else {
        const s = r - 32;
        moved[to] = (hi << s) | (lo >>> (32 - s));
        moved[to + 1] = (lo << s) | (hi >>> (32 - s));
      }
    }
    // chi: the only non-linear step, row by row
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        const at = 2 * (y + x);
        const next = 2 * (y + ((x + 1) % 5));
        const after = 2 * (y + ((x + 2) % 5));
        state[at] = moved[at]! ^ (~moved[next]! & moved[after]!);
        state[at + 1] = moved[at + 1]! ^ (~moved[next + 1]! & moved[after + 1]!);
      }
    }
    // iota
    state[0]! ^= RC_LO[round]!;
    state[1]! ^= RC_HI[round]!;
  }
}

/** Keccak-256 of `data`: the digest `keccak256(data)` of Solidity and ethers. */
export function keccak256(data: Uint8Array): Uint8Array {
  const state = new Uint32Array(50);
  const block = new Uint8Array(KECCAK256_RATE_BYTES);
  // Original Keccak padding: 0x01 after the message, 0x80 on the last byte of the last block.
  const blocks = Math.floor(data.length / KECCAK256_RATE_BYTES) + 1;
  for (let b = 0; b < blocks; b++) {
    const start = b * KECCAK256_RATE_BYTES;
    const chunk = data.subarray(start, start + KECCAK256_RATE_BYTES);
    block.fill(0);
    block.set(chunk);
    if (b === blocks - 1) {
      block[chunk.length]! |= 0x01;
      block[KECCAK256_RATE_BYTES - 1]! |= 0x80;
    }
    for (let word = 0; word < KECCAK256_RATE_BYTES / 4; word++) {
      const i = 4 * word;
      state[word]! ^=
        (block[i]! | (block[i + 1]! << 8) | (block[i + 2]! << 16) | (block[i + 3]! << 24)) >>> 0;
    }
    keccakF1600(state);
  }
  const digest = new Uint8Array(32);
  for (let i = 0; i < 32; i++) digest[i] = (state[i >> 2]! >>> (8 * (i & 3))) & 0xff;
  return digest;
}
