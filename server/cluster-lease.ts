import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { RedisPresence } from '@colyseus/redis-presence';
import type { Logger } from 'pino';

/**
 * A role one process of the cluster holds at a time (the indexer's publisher): a Redis key set
 * with NX and an expiry (a lease). The holder renews it three times per lease; a process that
 * dies stops renewing, the key expires, and another process takes it within a lease and a renew
 * interval. Whoever cannot renew (Redis away, or the key expired and another took it) drops the
 * role at once: two holders overlap at most for the time a renewal is in flight.
 */

/**
 * Colyseus' Redis presence plus the two atomic commands a lease needs, on its own connection, and
 * a shutdown that does not leave a rejected promise behind when Redis went away first.
 */
export class LeasePresence extends RedisPresence {
  override shutdown(): void {
    // Colyseus' own shutdown drops quit's promises: they reject ("Connection is closed") when
    // Redis is already gone, an unhandled rejection that fails a test run or a process's exit
    for (const connection of [this.sub, this.pub]) connection.quit().catch(() => undefined);
  }

  /** Sets `key` to `owner` for `ms` unless it is set; true when taken. */
  async takeLease(key: string, owner: string, ms: number): Promise<boolean> {
    return (await this.pub.set(key, owner, 'PX', ms, 'NX')) === 'OK';
  }

  /** Extends the lease by `ms` when `owner` still holds it; true when it does. */
  async renewLease(key: string, owner: string, ms: number): Promise<boolean> {
    return (await this.pub.eval(RENEW, 1, key, owner, String(ms))) === 1;
  }

  /** Runs `lua` atomically: what several keys must change together (chain-journal.ts). */
  script(lua: string, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    return this.pub.eval(lua, keys.length, ...keys, ...args);
  }

  /** Gives the lease up when `owner` holds it, so another process takes it without waiting. */
  async releaseLease(key: string, owner: string): Promise<void> {
    await this.pub.eval(RELEASE, 1, key, owner);
  }
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Whether this process holds the role now. */
export interface Lease {
  readonly held: boolean;
  stop(): Promise<void>;
}

/** One process alone: it holds every role. */
export const SOLE_PROCESS: Lease = { held: true, stop: async () => undefined };

/** The key of the indexer's lease in Redis. */
export const INDEXER_LEASE = 'fracterra:indexer-lease';
/** Milliseconds a lease lasts unrenewed. */
export const LEASE_MS = 3_000;

export class RedisLease implements Lease {
  /** Who holds it: host, process and a random part (a restarted process is someone else). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  #held = false;
  #timer: NodeJS.Timeout | null = null;
  #tick: Promise<void> = Promise.resolve();

  constructor(
    readonly presence: LeasePresence,
    readonly key: string,
    readonly log: Logger,
    readonly ms = LEASE_MS,
  ) {}

  get held(): boolean {
    return this.#held;
  }

  /** Tries now and every third of a lease: to take it, or to renew it while held. */
  start(): void {
    if (this.#timer) return;
    this.#tick = this.#renew();
    this.#timer = setInterval(() => {
      this.#tick = this.#tick.then(() => this.#renew());
    }, this.ms / 3);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#tick;
    if (!this.#held) return;
    this.#held = false;
    await this.presence.releaseLease(this.key, this.owner).catch(() => undefined);
  }

  async #renew(): Promise<void> {
    let held: boolean;
    try {
      held = this.#held
        ? await this.presence.renewLease(this.key, this.owner, this.ms)
        : await this.presence.takeLease(this.key, this.owner, this.ms);
    } catch (error) {
      if (this.#held) this.log.warn({ err: (error as Error).message, key: this.key }, 'lease renewal failed');
      held = false;
    }
    if (!this.#timer) {
      // stopped meanwhile: a lease taken just now goes back at once
      if (held && !this.#held) await this.presence.releaseLease(this.key, this.owner).catch(() => undefined);
      return;
    }
    if (held !== this.#held)
      this.log.info({ key: this.key, owner: this.owner, held }, held ? 'lease taken' : 'lease lost');
    this.#held = held;
  }
}
