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

/**
 * Keccak-f[1600] in place. `state` holds 25 lanes as 50 words: lane `i` is
 * `state[2i]` (low 32 bits) and `state[2i + 1]` (high 32 bits).
 *
 * Each round is written out lane by lane (from RHO_OFFSETS and PI_DESTINATION) with the state in
 * local variables, the way fast JS Keccaks do: about 2–3× the speed of the same steps as loops
 * over typed arrays. Agreement with ethers on random inputs is tested.
 */
export function keccakF1600(state: Uint32Array): void {
  let s0 = state[0]!,
    s1 = state[1]!,
    s2 = state[2]!,
    s3 = state[3]!,
    s4 = state[4]!,
    s5 = state[5]!,
    s6 = state[6]!,
    s7 = state[7]!,
    s8 = state[8]!,
    s9 = state[9]!,
    s10 = state[10]!,
    s11 = state[11]!,
    s12 = state[12]!,
    s13 = state[13]!,
    s14 = state[14]!,
    s15 = state[15]!,
    s16 = state[16]!,
    s17 = state[17]!,
    s18 = state[18]!,
    s19 = state[19]!,
    s20 = state[20]!,
    s21 = state[21]!,
    s22 = state[22]!,
    s23 = state[23]!,
    s24 = state[24]!,
    s25 = state[25]!,
    s26 = state[26]!,
    s27 = state[27]!,
    s28 = state[28]!,
    s29 = state[29]!,
    s30 = state[30]!,
    s31 = state[31]!,
    s32 = state[32]!,
    s33 = state[33]!,
    s34 = state[34]!,
    s35 = state[35]!,
    s36 = state[36]!,
    s37 = state[37]!,
    s38 = state[38]!,
    s39 = state[39]!,
    s40 = state[40]!,
    s41 = state[41]!,
    s42 = state[42]!,
    s43 = state[43]!,
    s44 = state[44]!,
    s45 = state[45]!,
    s46 = state[46]!,
    s47 = state[47]!,
    s48 = state[48]!,
    s49 = state[49]!;
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0,
    b4 = 0,
    b5 = 0,
    b6 = 0,
    b7 = 0,
    b8 = 0,
    b9 = 0,
    b10 = 0,
    b11 = 0,
    b12 = 0,
    b13 = 0,
    b14 = 0,
    b15 = 0,
    b16 = 0,
    b17 = 0,
    b18 = 0,
    b19 = 0,
    b20 = 0,
    b21 = 0,
    b22 = 0,
    b23 = 0,
    b24 = 0,
    b25 = 0,
    b26 = 0,
    b27 = 0,
    b28 = 0,
    b29 = 0,
    b30 = 0,
    b31 = 0,
    b32 = 0,
    b33 = 0,
    b34 = 0,
    b35 = 0,
    b36 = 0,
    b37 = 0,
    b38 = 0,
    b39 = 0,
    b40 = 0,
    b41 = 0,
    b42 = 0,
    b43 = 0,
    b44 = 0,
    b45 = 0,
    b46 = 0,
    b47 = 0,
    b48 = 0,
    b49 = 0;
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0,
    c4 = 0,
    c5 = 0,
    c6 = 0,
    c7 = 0,
    c8 = 0,
    c9 = 0,
    dLo = 0,
    dHi = 0;
  for (let round = 0; round < 24; round++) {
    // theta
    c0 = s0 ^ s10 ^ s20 ^ s30 ^ s40;
    c1 = s1 ^ s11 ^ s21 ^ s31 ^ s41;
    c2 = s2 ^ s12 ^ s22 ^ s32 ^ s42;
    c3 = s3 ^ s13 ^ s23 ^ s33 ^ s43;
    c4 = s4 ^ s14 ^ s24 ^ s34 ^ s44;
    c5 = s5 ^ s15 ^ s25 ^ s35 ^ s45;
    c6 = s6 ^ s16 ^ s26 ^ s36 ^ s46;
    c7 = s7 ^ s17 ^ s27 ^ s37 ^ s47;
    c8 = s8 ^ s18 ^ s28 ^ s38 ^ s48;
    c9 = s9 ^ s19 ^ s29 ^ s39 ^ s49;
    dLo = c8 ^ ((c2 << 1) | (c3 >>> 31));
    dHi = c9 ^ ((c3 << 1) | (c2 >>> 31));
    s0 ^= dLo;
    s10 ^= dLo;
    s20 ^= dLo;
    s30 ^= dLo;
    s40 ^= dLo;
    s1 ^= dHi;
    s11 ^= dHi;
    s21 ^= dHi;
    s31 ^= dHi;
    s41 ^= dHi;
    dLo = c0 ^ ((c4 << 1) | (c5 >>> 31));
    dHi = c1 ^ ((c5 << 1) | (c4 >>> 31));
    s2 ^= dLo;
    s12 ^= dLo;
    s22 ^= dLo;
    s32 ^= dLo;
    s42 ^= dLo;
    s3 ^= dHi;
    s13 ^= dHi;
    s23 ^= dHi;
    s33 ^= dHi;
    s43 ^= dHi;
    dLo = c2 ^ ((c6 << 1) | (c7 >>> 31));
    dHi = c3 ^ ((c7 << 1) | (c6 >>> 31));
    s4 ^= dLo;
    s14 ^= dLo;
    s24 ^= dLo;
    s34 ^= dLo;
    s44 ^= dLo;
    s5 ^= dHi;
    s15 ^= dHi;
    s25 ^= dHi;
    s35 ^= dHi;
    s45 ^= dHi;
    dLo = c4 ^ ((c8 << 1) | (c9 >>> 31));
    dHi = c5 ^ ((c9 << 1) | (c8 >>> 31));
    s6 ^= dLo;
    s16 ^= dLo;
    s26 ^= dLo;
    s36 ^= dLo;
    s46 ^= dLo;
    s7 ^= dHi;
    s17 ^= dHi;
    s27 ^= dHi;
    s37 ^= dHi;
    s47 ^= dHi;
    dLo = c6 ^ ((c0 << 1) | (c1 >>> 31));
    dHi = c7 ^ ((c1 << 1) | (c0 >>> 31));
    s8 ^= dLo;
    s18 ^= dLo;
    s28 ^= dLo;
    s38 ^= dLo;
    s48 ^= dLo;
    s9 ^= dHi;
    s19 ^= dHi;
    s29 ^= dHi;
    s39 ^= dHi;
    s49 ^= dHi;
    // rho and pi
    b0 = s0;
    b1 = s1;
    b20 = (s2 << 1) | (s3 >>> 31);
    b21 = (s3 << 1) | (s2 >>> 31);
    b40 = (s5 << 30) | (s4 >>> 2);
    b41 = (s4 << 30) | (s5 >>> 2);
    b10 = (s6 << 28) | (s7 >>> 4);
    b11 = (s7 << 28) | (s6 >>> 4);
    b30 = (s8 << 27) | (s9 >>> 5);
    b31 = (s9 << 27) | (s8 >>> 5);
    b32 = (s11 << 4) | (s10 >>> 28);
    b33 = (s10 << 4) | (s11 >>> 28);
    b2 = (s13 << 12) | (s12 >>> 20);
    b3 = (s12 << 12) | (s13 >>> 20);
    b22 = (s14 << 6) | (s15 >>> 26);
    b23 = (s15 << 6) | (s14 >>> 26);
    b42 = (s17 << 23) | (s16 >>> 9);
    b43 = (s16 << 23) | (s17 >>> 9);
    b12 = (s18 << 20) | (s19 >>> 12);
    b13 = (s19 << 20) | (s18 >>> 12);
    b14 = (s20 << 3) | (s21 >>> 29);
    b15 = (s21 << 3) | (s20 >>> 29);
    b34 = (s22 << 10) | (s23 >>> 22);
    b35 = (s23 << 10) | (s22 >>> 22);
    b4 = (s25 << 11) | (s24 >>> 21);
    b5 = (s24 << 11) | (s25 >>> 21);
    b24 = (s26 << 25) | (s27 >>> 7);
    b25 = (s27 << 25) | (s26 >>> 7);
    b44 = (s29 << 7) | (s28 >>> 25);
    b45 = (s28 << 7) | (s29 >>> 25);
    b46 = (s31 << 9) | (s30 >>> 23);
    b47 = (s30 << 9) | (s31 >>> 23);
    b16 = (s33 << 13) | (s32 >>> 19);
    b17 = (s32 << 13) | (s33 >>> 19);
    b36 = (s34 << 15) | (s35 >>> 17);
    b37 = (s35 << 15) | (s34 >>> 17);
    b6 = (s36 << 21) | (s37 >>> 11);
    b7 = (s37 << 21) | (s36 >>> 11);
    b26 = (s38 << 8) | (s39 >>> 24);
    b27 = (s39 << 8) | (s38 >>> 24);
    b28 = (s40 << 18) | (s41 >>> 14);
    b29 = (s41 << 18) | (s40 >>> 14);
    b48 = (s42 << 2) | (s43 >>> 30);
    b49 = (s43 << 2) | (s42 >>> 30);
    b18 = (s45 << 29) | (s44 >>> 3);
    b19 = (s44 << 29) | (s45 >>> 3);
    b38 = (s47 << 24) | (s46 >>> 8);
    b39 = (s46 << 24) | (s47 >>> 8);
    b8 = (s48 << 14) | (s49 >>> 18);
    b9 = (s49 << 14) | (s48 >>> 18);
    // chi
    s0 = b0 ^ (~b2 & b4);
    s1 = b1 ^ (~b3 & b5);
    s2 = b2 ^ (~b4 & b6);
    s3 = b3 ^ (~b5 & b7);
    s4 = b4 ^ (~b6 & b8);
    s5 = b5 ^ (~b7 & b9);
    s6 = b6 ^ (~b8 & b0);
    s7 = b7 ^ (~b9 & b1);
    s8 = b8 ^ (~b0 & b2);
    s9 = b9 ^ (~b1 & b3);
    s10 = b10 ^ (~b12 & b14);
    s11 = b11 ^ (~b13 & b15);
    s12 = b12 ^ (~b14 & b16);
    s13 = b13 ^ (~b15 & b17);
    s14 = b14 ^ (~b16 & b18);
    s15 = b15 ^ (~b17 & b19);
    s16 = b16 ^ (~b18 & b10);
    s17 = b17 ^ (~b19 & b11);
    s18 = b18 ^ (~b10 & b12);
    s19 = b19 ^ (~b11 & b13);
    s20 = b20 ^ (~b22 & b24);
    s21 = b21 ^ (~b23 & b25);
    s22 = b22 ^ (~b24 & b26);
    s23 = b23 ^ (~b25 & b27);
    s24 = b24 ^ (~b26 & b28);
    s25 = b25 ^ (~b27 & b29);
    s26 = b26 ^ (~b28 & b20);
    s27 = b27 ^ (~b29 & b21);
    s28 = b28 ^ (~b20 & b22);
    s29 = b29 ^ (~b21 & b23);
    s30 = b30 ^ (~b32 & b34);
    s31 = b31 ^ (~b33 & b35);
    s32 = b32 ^ (~b34 & b36);
    s33 = b33 ^ (~b35 & b37);
    s34 = b34 ^ (~b36 & b38);
    s35 = b35 ^ (~b37 & b39);
    s36 = b36 ^ (~b38 & b30);
    s37 = b37 ^ (~b39 & b31);
    s38 = b38 ^ (~b30 & b32);
    s39 = b39 ^ (~b31 & b33);
    s40 = b40 ^ (~b42 & b44);
    s41 = b41 ^ (~b43 & b45);
    s42 = b42 ^ (~b44 & b46);
    s43 = b43 ^ (~b45 & b47);
    s44 = b44 ^ (~b46 & b48);
    s45 = b45 ^ (~b47 & b49);
    s46 = b46 ^ (~b48 & b40);
    s47 = b47 ^ (~b49 & b41);
    s48 = b48 ^ (~b40 & b42);
    s49 = b49 ^ (~b41 & b43);
    // iota
    s0 ^= RC_LO[round]!;
    s1 ^= RC_HI[round]!;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  state[4] = s4;
  state[5] = s5;
  state[6] = s6;
  state[7] = s7;
  state[8] = s8;
  state[9] = s9;
  state[10] = s10;
  state[11] = s11;
  state[12] = s12;
  state[13] = s13;
  state[14] = s14;
  state[15] = s15;
  state[16] = s16;
  state[17] = s17;
  state[18] = s18;
  state[19] = s19;
  state[20] = s20;
  state[21] = s21;
  state[22] = s22;
  state[23] = s23;
  state[24] = s24;
  state[25] = s25;
  state[26] = s26;
  state[27] = s27;
  state[28] = s28;
  state[29] = s29;
  state[30] = s30;
  state[31] = s31;
  state[32] = s32;
  state[33] = s33;
  state[34] = s34;
  state[35] = s35;
  state[36] = s36;
  state[37] = s37;
  state[38] = s38;
  state[39] = s39;
  state[40] = s40;
  state[41] = s41;
  state[42] = s42;
  state[43] = s43;
  state[44] = s44;
  state[45] = s45;
  state[46] = s46;
  state[47] = s47;
  state[48] = s48;
  state[49] = s49;
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
