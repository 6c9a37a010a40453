import { Client, type Room } from 'colyseus.js';
import type { Wallet } from 'ethers';
import { createWasmDigest } from '../server/work-shares.ts';
import { WORLD_ROOM } from '../shared/defaults.ts';
import { type Hex, type MiningJob, nonceInJob, toHex32 } from '../shared/pow.ts';
import type { JoinOptions, ServerMessages } from '../shared/protocol.ts';
import { buildSiweMessage, SIWE_STATEMENT, SIWE_VALIDITY_SECONDS, type SiweMessage } from '../shared/siwe.ts';
import type { WorldStateView } from '../shared/state.ts';

/**
 * Test helper: a colyseus.js client in the world room that records every server message, and
 * waits for conditions on the decoded state.
 */
export interface TestPlayer {
  room: Room<WorldStateView>;
  received: { [K in keyof ServerMessages]: ServerMessages[K][] };
  /**
   * Resolves when `check` holds after some state change or message (or already holds): a room
   * sends no patch while nothing its client sees changes, so a check of messages is not left waiting.
   */
  until(check: (state: WorldStateView) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves when a message of `type` satisfying `check` has arrived. */
  message<K extends keyof ServerMessages>(
    type: K,
    check?: (message: ServerMessages[K]) => boolean,
    timeoutMs?: number,
  ): Promise<ServerMessages[K]>;
}

export async function joinWorld(url: string, options: JoinOptions = {}): Promise<TestPlayer> {
  const client = new Client(url.replace(/^http/, 'ws'));
  const room = await client.joinOrCreate<WorldStateView>(WORLD_ROOM, options);
  return wrapRoom(room);
}

export function wrapRoom(room: Room<WorldStateView>): TestPlayer {
  const received: TestPlayer['received'] = {
    error: [],
    chat: [],
    chatHistory: [],
    feed: [],
    feedHistory: [],
    job: [],
    workShareAccepted: [],
    zonePass: [],
  };
  const waiters = new Set<() => void>();
  for (const type of Object.keys(received) as (keyof ServerMessages)[]) {
    room.onMessage(type, (message) => {
      (received[type] as unknown[]).push(message);
      for (const wake of waiters) wake();
    });
  }
  room.onStateChange(() => {
    for (const wake of waiters) wake();
  });
  function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        const value = probe();
        if (value === undefined) return;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(wake);
      wake();
    });
  }
  return {
    room,
    received,
    until(check, what, timeoutMs = 10_000) {
      // Before the first full state arrives the state object has no collections yet.
      const holds = () =>
        room.state?.parcels !== undefined && room.state.players !== undefined && check(room.state);
      return waitFor(() => (holds() ? true : undefined), what, timeoutMs).then(() => undefined);
    },
    message(type, check = () => true, timeoutMs = 10_000) {
      return waitFor(() => received[type].find(check), `a ${type} message`, timeoutMs);
    },
  };
}

/**
 * Join options that sign in `wallet` to the server at `url`: a fresh nonce from `/auth/nonce`
 * and an EIP-4361 message valid for SIWE_VALIDITY_SECONDS; `overrides` tamper with the message.
 */
export async function signInOptions(
  url: string,
  wallet: Wallet,
  chainId: number,
  overrides: Partial<SiweMessage> = {},
): Promise<JoinOptions> {
  const { nonce } = (await (await fetch(`${url}/auth/nonce`)).json()) as { nonce: string };
  const now = Date.now();
  const message = buildSiweMessage({
    domain: new URL(url).host,
    address: wallet.address,
    statement: SIWE_STATEMENT,
    uri: url,
    chainId,
    nonce,
    issuedAt: new Date(now).toISOString(),
    expirationTime: new Date(now + SIWE_VALIDITY_SECONDS * 1000).toISOString(),
    ...overrides,
  });
  return { siwe: { message, signature: await wallet.signMessage(message) } };
}

/**
 * Searches the job's nonces (its prefix, low bits from `from` up): the first `count` that make
 * work shares for `job`, and the first that does not.
 */
export async function mineShares(
  job: MiningJob,
  count: number,
  from = 0n,
  /** Shares whose digest also meets this (a chain solution) are passed over: plain shares only. */
  chainTarget = -1n,
): Promise<{ nonces: Hex[]; miss: Hex }> {
  const digest = await createWasmDigest();
  const target = BigInt(job.shareTarget);
  const nonces: Hex[] = [];
  let miss: Hex | null = null;
  for (let n = nonceInJob(job.noncePrefix, from); nonces.length < count || miss === null; n++) {
    // Yield now and then: a busy event loop misses the server's pings and gets disconnected.
    if ((n & 0x3fffn) === 0n) await new Promise((resolve) => setImmediate(resolve));
    const nonce = toHex32(n);
    const value = BigInt(digest(job.challenge, job.miner, nonce));
    if (value > target) miss ??= nonce;
    else if (nonces.length < count && value > chainTarget) nonces.push(nonce);
  }
  return { nonces, miss };
}
