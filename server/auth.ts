import { randomBytes } from 'node:crypto';
import type { Presence } from '@colyseus/core';
import { getAddress, verifyMessage } from 'ethers';
import { parseSiweMessage, SIWE_VALIDITY_SECONDS } from '../shared/siwe.ts';

/**
 * Sign-In with Ethereum for the world room. Nonces live in the Colyseus presence (local memory,
 * or Redis when scaled out) so a nonce issued by one process is accepted by the process that
 * hosts the room, and only once.
 */

/** Why a sign-in was refused; the message goes back to the client. */
export class SignInError extends Error {}

/** Seconds an issued nonce may wait to be signed. */
const NONCE_TTL_SECONDS = SIWE_VALIDITY_SECONDS;
/** Clock skew tolerated on `Issued At`, in milliseconds. */
const CLOCK_SKEW_MS = 60_000;

const issuedKey = (nonce: string) => `siwe:issued:${nonce}`;
const usedKey = (nonce: string) => `siwe:used:${nonce}`;

export class SignIn {
  readonly #presence: Presence;
  readonly #chainId: number;

  constructor(presence: Presence, chainId: number) {
    this.#presence = presence;
    this.#chainId = chainId;
  }

  /** A fresh single-use nonce: 16 random bytes as 32 hex digits. */
  async issueNonce(): Promise<string> {
    const nonce = randomBytes(16).toString('hex');
    await this.#presence.setex(issuedKey(nonce), '1', NONCE_TTL_SECONDS);
    return nonce;
  }

  /**
   * The checksummed address that signed `message` for this server (`host`, as the client reached
   * it) and chain; throws SignInError when anything is off. Consumes the nonce: a replay fails.
   */
  async verify(message: string, signature: string, host: string, now: number): Promise<string> {
    const fields = parseSiweMessage(message);
    if (!fields) throw new SignInError('not an EIP-4361 sign-in message');
    if (fields.domain !== host) throw new SignInError(`message is for ${fields.domain}, not ${host}`);
    if (fields.chainId !== this.#chainId) {
      throw new SignInError(`message is for chain ${fields.chainId}, not ${this.#chainId}`);
    }
    if (Date.parse(fields.expirationTime) <= now) throw new SignInError('sign-in message expired');
    if (Date.parse(fields.issuedAt) > now + CLOCK_SKEW_MS)
      throw new SignInError('sign-in message issued in the future');
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
