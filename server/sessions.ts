import { createHash, randomBytes } from 'node:crypto';
import type { Store } from './store.ts';

/**
 * Sign-in sessions: a player signs an EIP-4361 message once and the browser keeps an HttpOnly
 * cookie holding a random id; the server keeps the id's hash in its store (server/store.ts), so a
 * restart keeps every session, and every process sharing a Postgres store knows it. A session is bound to one address on one chain.
 */

export const SESSION_COOKIE = 'fracterra_session';
/** How long a session lasts, in seconds: a day. */
export const SESSION_SECONDS = 24 * 60 * 60;

/** 32 random bytes as base64url: 43 characters. */
const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (id: string) => createHash('sha256').update(id).digest('hex');

/** The session id in a Cookie header, or null (none, or not shaped like one of ours). */
export function sessionIdOf(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === SESSION_COOKIE && value && ID_PATTERN.test(value)) return value;
  }
  return null;
}

export interface Session {
  address: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

export class Sessions {
  readonly #store: Store;
  readonly #chainId: number;

  constructor(store: Store, chainId: number) {
    this.#store = store;
    this.#chainId = chainId;
  }

  /** A new session of `address` on this chain; its id goes to the browser only. */
  async create(address: string, now: number): Promise<Session & { id: string }> {
    const id = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_SECONDS * 1000;
    await this.#store.addSession({ idHash: hashOf(id), address, chainId: this.#chainId, expiresAt }, now);
    return { id, address, expiresAt };
  }

  /** The live session of `id` on this chain, or null (unknown, expired, or another chain's). */
  async find(id: string, now: number): Promise<Session | null> {
    const record = await this.#store.session(hashOf(id));
    if (!record || record.expiresAt <= now || record.chainId !== this.#chainId) return null;
    return { address: record.address, expiresAt: record.expiresAt };
  }

  drop(id: string): Promise<void> {
    return this.#store.dropSession(hashOf(id));
  }
}
