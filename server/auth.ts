import { randomBytes } from 'node:crypto';
import type { Presence } from '@colyseus/core';
import { getAddress, verifyMessage } from 'ethers';
import { parseSiweMessage, SIWE_STATEMENT, SIWE_VALIDITY_SECONDS } from '../shared/siwe.ts';
import { type Sessions, sessionIdOf } from './sessions.ts';

/**
 * Sign-In with Ethereum for the world room. Nonces live in the Colyseus presence (local memory,
 * or Redis when scaled out) so a nonce issued by one process is accepted by the process that
 * hosts the room, and only once. A message counts only for the game's configured public origins
 * (PUBLIC_ORIGIN), never for whatever host a request claims: a message a player signed for another
 * site cannot be replayed here with forged Origin/Host headers.
 */

/** Why a sign-in was refused; the message goes back to the client. */
export class SignInError extends Error {}

/** Seconds an issued nonce may wait to be signed. */
const NONCE_TTL_SECONDS = SIWE_VALIDITY_SECONDS;
/** Clock skew tolerated on `Issued At`, in milliseconds. */
const CLOCK_SKEW_MS = 60_000;

const issuedKey = (nonce: string) => `siwe:issued:${nonce}`;
const usedKey = (nonce: string) => `siwe:used:${nonce}`;

/**
 * PUBLIC_ORIGIN: comma-separated origins (`https://play.example,https://www.play.example`) players
 * reach the game at. Empty or unset: undefined (the server's own URL). Throws on a non-origin.
 */
export function parsePublicOrigins(value: string | undefined): string[] | undefined {
  if (!value?.trim()) return undefined;
  return value.split(',').map((entry) => {
    const text = entry.trim();
    const url = URL.canParse(text) ? new URL(text) : null;
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
      throw new Error(
        `PUBLIC_ORIGIN: "${text}" is not an origin like https://play.example or http://localhost:2567`,
      );
    }
    return url.origin;
  });
}

/** Headers of a room join (the WebSocket upgrade request). */
type JoinHeaders = Record<string, string | string[] | undefined> | undefined;

export class SignIn {
  readonly #presence: Presence;
  readonly #chainId: number;
  readonly #origins: () => readonly string[];
  readonly sessions: Sessions;

  /**
   * `origins`: the origins (`https://play.example`) players reach the game at; a function because
   * the default names the port, known once the server listens.
   */
  constructor(presence: Presence, chainId: number, origins: () => readonly string[], sessions: Sessions) {
    this.#presence = presence;
    this.#chainId = chainId;
    this.#origins = origins;
    this.sessions = sessions;
  }

  /**
   * Who joins the room: the signer of `siwe` when given, else the owner of the session cookie
   * (sent only by a page of an allowed origin), else null (a guest). Throws SignInError.
   */
  async authenticate(
    siwe: { message: string; signature: string } | undefined,
    headers: JoinHeaders,
    now: number,
  ): Promise<string | null> {
    if (siwe) return this.verify(siwe.message, siwe.signature, now);
    const id = sessionIdOf(typeof headers?.cookie === 'string' ? headers.cookie : undefined);
    if (!id) return null;
    // SameSite=Strict already keeps other sites' pages from sending the cookie; a socket opened
    // by a page of another origin is refused outright as well
    const origin = headers?.origin;
    if (typeof origin === 'string' && !this.#origins().includes(origin)) {
      throw new SignInError(`a session cookie from a page of ${origin.slice(0, 100)} is not accepted`);
    }
    const session = await this.sessions.find(id, now);
    if (!session) throw new SignInError('the session expired or is unknown: sign in again');
    return session.address;
  }

  /** A fresh single-use nonce: 16 random bytes as 32 hex digits. */
  async issueNonce(): Promise<string> {
    const nonce = randomBytes(16).toString('hex');
    await this.#presence.setex(issuedKey(nonce), '1', NONCE_TTL_SECONDS);
    return nonce;
  }

  /**
   * The checksummed address that signed `message` for one of this game's origins and its chain;
   * throws SignInError when anything is off. Consumes the nonce: a replay fails.
   */
  async verify(message: string, signature: string, now: number): Promise<string> {
    const fields = parseSiweMessage(message);
    if (!fields) throw new SignInError('not an EIP-4361 sign-in message');
    const origin = this.#origins().find((allowed) => new URL(allowed).host === fields.domain);
    if (!origin) {
      throw new SignInError(
        `message is for ${fields.domain}, not ${this.#origins()
          .map((o) => new URL(o).host)
          .join(' or ')}`,
      );
    }
    if (fields.scheme !== undefined && `${fields.scheme}:` !== new URL(origin).protocol) {
      throw new SignInError(`message is for ${fields.scheme}://${fields.domain}, not ${origin}`);
    }
    if (!URL.canParse(fields.uri) || new URL(fields.uri).origin !== origin) {
      throw new SignInError(`message URI ${fields.uri.slice(0, 100)} is not on ${origin}`);
    }
    if (fields.statement !== SIWE_STATEMENT)
      throw new SignInError(`the statement must read "${SIWE_STATEMENT}"`);
    if (fields.chainId !== this.#chainId) {
      throw new SignInError(`message is for chain ${fields.chainId}, not ${this.#chainId}`);
    }
    // optional in EIP-4361, required here: a signed message found later must not sign in forever
    if (fields.expirationTime === undefined) throw new SignInError('sign-in message has no expiration time');
    if (Date.parse(fields.expirationTime) <= now) throw new SignInError('sign-in message expired');
    if (Date.parse(fields.issuedAt) > now + CLOCK_SKEW_MS)
      throw new SignInError('sign-in message issued in the future');
    if (fields.notBefore !== undefined && Date.parse(fields.notBefore) > now + CLOCK_SKEW_MS)
      throw new SignInError('sign-in message not valid yet');
    let signer: string;
    try {
      signer = verifyMessage(message, signature);
    } catch {
      throw new SignInError('malformed signature');
    }
    if (signer !== getAddress(fields.address))
      throw new SignInError('signature is not from the address in the message');
    if (!(await this.#presence.exists(issuedKey(fields.nonce)))) {
      throw new SignInError('unknown or expired nonce: get a new one from /auth/nonce');
    }
    // incr is atomic in both presences: exactly one verification of a nonce sees 1.
    if ((await this.#presence.incr(usedKey(fields.nonce))) !== 1) throw new SignInError('nonce already used');
    await this.#presence.expire(usedKey(fields.nonce), NONCE_TTL_SECONDS);
    this.#presence.del(issuedKey(fields.nonce));
    return signer;
  }
}
