import {
  KECCAK256_RATE_BYTES,
  LANE_COUNT,
  PI_DESTINATION,
  RHO_OFFSETS,
  ROUND_CONSTANTS,
} from '../shared/keccak.ts';
import { NONCE_OFFSET, PREIMAGE_BYTES } from '../shared/pow.ts';

/**
 * The nonce-search loop, written directly as WebAssembly instructions (no compiler in between) and
 * assembled here into a module at startup.
 *
 * It hashes two nonces at a time with 128-bit SIMD: each v128 value holds the same Keccak lane of
 * two preimages (i64x2). The 84-byte preimage is one rate block, padded once: only the nonce's low
 * 32 bits change per hash, and they all sit in lane 10 (preimage bytes 80–83), so the block lives
 * preallocated in linear memory and the loop rebuilds only lane 10 from a counter per hash.
 * Nothing is allocated and nothing crosses into JS per nonce. Round 1 skips the lanes known to be
 * zero (the capacity and the tail of the block) and round 24 computes only output lane 0, which
 * holds the digest's top 64 bits: the loop stops at the first pair where either digest's top 64
 * bits are ≤ the target's, and the caller checks the full 256-bit digest of that pair.
 *
 * Memory layout (bytes): [0, 136) the padded block, lane k at 8k (lane 10 is rebuilt per hash);
 * [136, 144) the target's top 64 bits XOR 2⁶³ (little-endian u64; the flip turns the unsigned
 * comparison into the signed one that wasm SIMD has); [256, 1056) two state buffers.
 *
 * Export `search(start: u32, pairs: u32) → i32`: tries the counters start, start+1, …,
 * start+2·pairs−1 (the nonce's low 32 bits) and returns the index of the first pair with a
 * candidate (counters start+2i and start+2i+1), or −1. The caller keeps start+2·pairs ≤ 2³².
 */

/** Where the loop reads the target's top 64 bits. */
export const TARGET_OFFSET = KECCAK256_RATE_BYTES;

const SIGN_BIT = 1n << 63n;
const MASK_64 = (1n << 64n) - 1n;

// --- a minimal WebAssembly binary encoder -------------------------------------------------------

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return out;
}

function signedLeb(value: bigint): number[] {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    const done = (rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

// concat, not spread: spreading the ~36 kB code body was slow in V8 (tens to hundreds of ms)
function section(id: number, body: number[]): number[] {
  return [id].concat(unsignedLeb(body.length), body);
}

function vector(items: number[][]): number[] {
  return unsignedLeb(items.length).concat(...items);
}

function name(text: string): number[] {
  return vector([...new TextEncoder().encode(text)].map((byte) => [byte]));
}

// Opcodes used below (WebAssembly core 2.0 and the fixed-width SIMD proposal).
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i64ExtendI32U: 0xad,
  void: 0x40,
  i32: 0x7f,
  v128: 0x7b,
} as const;
const simd = {
  load: 0x00,
  load64Splat: 0x0a,
  store: 0x0b,
  const: 0x0c,
  shuffle: 0x0d,
  i64x2Splat: 0x12,
  andnot: 0x4f,
  or: 0x50,
  xor: 0x51,
  i64x2AllTrue: 0xc3,
  i64x2Shl: 0xcb,
  i64x2ShrU: 0xcd,
  i64x2Add: 0xce,
  i64x2GtS: 0xd9,
} as const;

function simdOp(code: number): number[] {
  return [0xfd, ...unsignedLeb(code)];
}

function v128Const64(low: bigint, high: bigint): number[] {
  const bytes: number[] = [];
  for (const half of [low, high])
    for (let i = 0n; i < 8n; i++) bytes.push(Number((half >> (8n * i)) & 0xffn));
  return [...simdOp(simd.const), ...bytes];
}

// --- the search function --------------------------------------------------------------------------

/** A value of the dataflow: a local, a state lane in memory, or the all-zero lane (folded away). */
type Expr =
  | { kind: 'zero' }
  | { kind: 'local'; index: number }
  | { kind: 'lane'; offset: number }
  | { kind: 'xor'; a: Expr; b: Expr }
  | { kind: 'andnot'; a: Expr; b: Expr } // a & ~b
  | { kind: 'rotl'; e: Expr; bits: number }
  | { kind: 'const'; value: bigint };

const ZERO: Expr = { kind: 'zero' };
const local = (index: number): Expr => ({ kind: 'local', index });
function xor(...terms: Expr[]): Expr {
  return terms.reduce(
    (a, b) => (a.kind === 'zero' ? b : b.kind === 'zero' ? a : { kind: 'xor', a, b }),
    ZERO,
  );
}
function andnot(a: Expr, b: Expr): Expr {
  if (a.kind === 'zero') return ZERO;
  return b.kind === 'zero' ? a : { kind: 'andnot', a, b };
}
function rotl(e: Expr, bits: number): Expr {
  return e.kind === 'zero' || bits === 0 ? e : { kind: 'rotl', e, bits };
}

/** Where pi takes each lane from: the inverse of PI_DESTINATION. */
const PI_SOURCE: readonly number[] = PI_DESTINATION.reduce<number[]>((source, to, from) => {
  source[to] = from;
  return source;
}, []);

/**
 * Two state buffers of 25 i64x2 lanes; round r reads one and writes the other. Keeping the state
 * in memory (rather than 25 locals) lets V8's register allocator work on one row at a time: with
 * 25 live v128 locals it spilled more than it computed.
 */
const STATE_OFFSETS = [256, 256 + 16 * LANE_COUNT] as const;

/** Builds the bytes of the search module. Deterministic: the same bytes every call. */
export function buildSearchModule(): Uint8Array<ArrayBuffer> {
  // Locals: params start (0) and pairs (1); i32 i (2), result (3); then v128 locals.
  const I = 2;
  const RESULT = 3;
  let nextLocal = 4;
  const v128Locals = (count: number) => Array.from({ length: count }, () => nextLocal++);
  const absorbed = v128Locals(LANE_COUNT);
  const B = v128Locals(5);
  const C = v128Locals(5);
  const D = v128Locals(5);
  const [COUNTER, TARGET, ROTATED, OUT] = v128Locals(4) as [number, number, number, number];
  const v128LocalCount = nextLocal - 4;

  const body: number[] = [];
  const emit = (...bytes: number[]) => {
    for (const byte of bytes) body.push(byte);
  };
  const get = (index: number) => emit(op.localGet, ...unsignedLeb(index));
  const set = (index: number) => emit(op.localSet, ...unsignedLeb(index));

  function emitExpr(e: Expr): void {
    switch (e.kind) {
      case 'zero':
        emit(...v128Const64(0n, 0n));
        return;
      case 'local':
        get(e.index);
        return;
      case 'lane':
        emit(op.i32Const, 0, ...simdOp(simd.load), 4, ...unsignedLeb(e.offset));
        return;
      case 'const':
        emit(...v128Const64(e.value, e.value));
        return;
      case 'xor':
        emitExpr(e.a);
        emitExpr(e.b);
        emit(...simdOp(simd.xor));
        return;
      case 'andnot':
        emitExpr(e.a);
        emitExpr(e.b);
        emit(...simdOp(simd.andnot));
        return;
      case 'rotl': {
        if (e.bits % 8 === 0) {
          // a whole-byte rotation is one byte shuffle
          emitExpr(e.e);
          emit(...v128Const64(0n, 0n), ...simdOp(simd.shuffle));
          const bytes = e.bits / 8;
          for (let half = 0; half < 16; half += 8)
            for (let j = 0; j < 8; j++) emit(half + ((j - bytes + 8) % 8));
          return;
        }
        // (x << n) | (x >>> (64 − n)); x is read twice, so an expression goes through ROTATED
        let read = ROTATED;
        if (e.e.kind === 'local') {
          read = e.e.index;
          get(read);
        } else {
          emitExpr(e.e);
          emit(op.localTee, ...unsignedLeb(ROTATED));
        }
        emit(op.i32Const, ...signedLeb(BigInt(e.bits)), ...simdOp(simd.i64x2Shl));
        get(read);
        emit(op.i32Const, ...signedLeb(BigInt(64 - e.bits)), ...simdOp(simd.i64x2ShrU), ...simdOp(simd.or));
      }
    }
  }

  /** Stores `e` in local `index` and returns that local; the zero lane stays symbolic. */
  function assign(index: number, e: Expr): Expr {
    if (e.kind === 'zero') return ZERO;
    emitExpr(e);
    set(index);
    return local(index);
  }

  const theta = (parity: Expr[]) =>
    D.map((index, x) => assign(index, xor(parity[(x + 4) % 5]!, rotl(parity[(x + 1) % 5]!, 1))));

  /**
   * One full round from `state` into the buffer at `out`. The column parities of the next round
   * are accumulated in C while the lanes are written, so they cost no second pass over memory.
   */
  function round(state: Expr[], parity: Expr[], roundIndex: number, out: number): Expr[] {
    const d = theta(parity);
    for (let row = 0; row < LANE_COUNT; row += 5) {
      const b = B.map((index, x) => {
        const from = PI_SOURCE[row + x]!;
        return assign(index, rotl(xor(state[from]!, d[from % 5]!), RHO_OFFSETS[from]!));
      });
      for (let x = 0; x < 5; x++) {
        let chi = xor(b[x]!, andnot(b[(x + 2) % 5]!, b[(x + 1) % 5]!));
        if (row + x === 0) chi = xor(chi, { kind: 'const', value: ROUND_CONSTANTS[roundIndex]! });
        emit(op.i32Const, 0);
        emitExpr(chi);
        emit(
          op.localTee,
          ...unsignedLeb(OUT),
          ...simdOp(simd.store),
          4,
          ...unsignedLeb(out + 16 * (row + x)),
        );
        if (row > 0) get(C[x]!);
        get(OUT);
        if (row > 0) emit(...simdOp(simd.xor));
        set(C[x]!);
      }
    }
    return Array.from({ length: LANE_COUNT }, (_, lane) => ({ kind: 'lane', offset: out + 16 * lane }));
  }

  /** Round 24 restricted to output lane 0 (the digest's first 8 bytes), left on the stack. */
  function lastRoundLane0(state: Expr[], parity: Expr[]): void {
    const d = theta(parity);
    // pi brings lanes 0, 6 and 12 to positions 0, 1 and 2 of row 0
    const b0 = xor(state[0]!, d[0]!);
    const b1 = rotl(xor(state[6]!, d[1]!), RHO_OFFSETS[6]!);
    const b2 = rotl(xor(state[12]!, d[2]!), RHO_OFFSETS[12]!);
    emitExpr(xor(b0, andnot(b2, b1), { kind: 'const', value: ROUND_CONSTANTS[23]! }));
  }

  const lane10Word = NONCE_OFFSET + 28; // bytes 80–83: the nonce's low 32 bits, big-endian
  if (lane10Word !== 80 || PREIMAGE_BYTES !== 84) throw new Error('the preimage layout moved');

  // result = −1; counter = (start, start + 1); target = splat(flipped target top)
  emit(op.i32Const, ...signedLeb(-1n));
  set(RESULT);
  emit(op.localGet, 0, op.i64ExtendI32U, ...simdOp(simd.i64x2Splat), ...v128Const64(0n, 1n));
  emit(...simdOp(simd.i64x2Add));
  set(COUNTER);
  emit(op.i32Const, 0, ...simdOp(simd.load64Splat), 3, ...unsignedLeb(TARGET_OFFSET));
  set(TARGET);

  emit(op.block, op.void, op.loop, op.void);
  emit(op.localGet, I, op.localGet, 1, op.i32GeU, op.brIf, 1);

  // Absorb: lanes 0–9 and 16 come from the block, lane 10 from the counter, the rest are zero.
  const state: Expr[] = new Array(LANE_COUNT).fill(ZERO);
  for (const lane of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16]) {
    emit(op.i32Const, 0, ...simdOp(simd.load64Splat), 3, ...unsignedLeb(8 * lane));
    set(absorbed[lane]!);
    state[lane] = local(absorbed[lane]!);
  }
  // lane 10 = bswap32(counter) | 0x01 << 32 (the Keccak padding byte after the 84-byte preimage)
  get(COUNTER);
  emit(...v128Const64(1n, 0n), ...simdOp(simd.shuffle));
  emit(3, 2, 1, 0, 16, 17, 17, 17, 11, 10, 9, 8, 16, 17, 17, 17);
  set(absorbed[10]!);
  state[10] = local(absorbed[10]!);

  let current = state;
  let parity = C.map((index, x) =>
    assign(index, xor(state[x]!, state[x + 5]!, state[x + 10]!, state[x + 15]!, state[x + 20]!)),
  );
  for (let r = 0; r < 23; r++) {
    current = round(current, parity, r, STATE_OFFSETS[r % 2]!);
    parity = C.map(local);
  }
  lastRoundLane0(current, parity);

  // Digest bytes 0–7 big-endian = byte-swapped lane 0; candidate when ≤ target in either half.
  emit(...v128Const64(0n, 0n), ...simdOp(simd.shuffle), 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
  emit(...v128Const64(SIGN_BIT, SIGN_BIT), ...simdOp(simd.xor));
  get(TARGET);
  emit(...simdOp(simd.i64x2GtS), ...simdOp(simd.i64x2AllTrue));
  emit(op.i32Eqz, op.if, op.void, op.localGet, I);
  set(RESULT);
  emit(op.br, 2, op.end);

  get(COUNTER);
  emit(...v128Const64(2n, 2n), ...simdOp(simd.i64x2Add));
  set(COUNTER);
  emit(op.localGet, I, op.i32Const, 1, op.i32Add, op.localSet, I, op.br, 0);
  emit(op.end, op.end, op.localGet, RESULT, op.end);

  const locals = vector([
    [2, op.i32],
    [...unsignedLeb(v128LocalCount), op.v128],
  ]);
  const code = locals.concat(body);

  return Uint8Array.from(
    [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00].concat(
      section(1, vector([[0x60, ...vector([[op.i32], [op.i32]]), ...vector([[op.i32]])]])),
      section(3, vector([[0]])),
      section(5, vector([[0x00, 1]])),
      section(
        7,
        vector([
          [...name('memory'), 0x02, 0],
          [...name('search'), 0x00, 0],
        ]),
      ),
      section(10, vector([unsignedLeb(code.length).concat(code)])),
    ),
  );
}

/** The search loop bound to one job at a time. */
export interface NonceSearch {
  /**
   * Loads a preimage (its nonce's low 32 bits are ignored: the counter replaces them) and the
   * target whose top 64 bits the loop screens against.
   */
  load(preimage: Uint8Array, target: bigint): void;
  /** See the module comment: index of the first candidate pair, or −1. */
  search(start: number, pairs: number): number;
}

/** Compiles the module and returns a search bound to its memory. */
export async function createNonceSearch(): Promise<NonceSearch> {
  const module = buildSearchModule();
  if (!WebAssembly.validate(module)) {
    throw new Error('this browser cannot run the miner: it lacks WebAssembly SIMD (fixed-width, 128-bit)');
  }
  const { instance } = await WebAssembly.instantiate(module);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const run = instance.exports.search as (start: number, pairs: number) => number;
  const bytes = new Uint8Array(memory.buffer);
  const view = new DataView(memory.buffer);
  return {
    load(preimage, target) {
      if (preimage.length !== PREIMAGE_BYTES) throw new RangeError(`a preimage has ${PREIMAGE_BYTES} bytes`);
      bytes.fill(0, 0, KECCAK256_RATE_BYTES);
      bytes.set(preimage, 0);
      bytes[PREIMAGE_BYTES] = 0x01;
      bytes[KECCAK256_RATE_BYTES - 1] = 0x80;
      view.setBigUint64(TARGET_OFFSET, ((target >> 192n) & MASK_64) ^ SIGN_BIT, true);
    },
    search(start, pairs) {
      if (!Number.isInteger(start) || !Number.isInteger(pairs) || start < 0 || pairs < 0) {
        throw new RangeError('start and pairs are non-negative integers');
      }
      if (start + 2 * pairs > 2 ** 32) throw new RangeError('the counter would pass 2^32');
      return run(start >>> 0, pairs >>> 0);
    },
  };
}
