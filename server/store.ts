import type { ServerMessages } from '../shared/protocol.ts';

/**
 * Off-chain records: players, the work-share ledger, chat and sign-in sessions. One process keeps
 * them in an embedded SQLite file (server/sqlite-store.ts); processes scaled out behind one Redis
 * share a Postgres database (DATABASE_URL, server/pg-store.ts). Every write resolves once the
 * record is durable, so a reply sent after it acknowledges a durable record.
 */

export interface PlayerRecord {
  address: string;
  name: string;
  color: string;
  /** Work shares accepted, all time. */
  sharesAccepted: number;
  chatLines: number;
  /** Unix milliseconds. */
  firstSeen: number;
  lastSeen: number;
}

export interface WorkShareRecord {
  address: string;
  parcelId: number;
  /** 0x-hex of the 32-byte challenge and the nonce the miner searched. */
  challenge: string;
  nonce: string;
  /** 0x-hex keccak digest; unique, so the same work is never credited twice. */
  digest: string;
  /** Difficulty of the share target the digest met (expected hashes per share). */
  difficulty: number;
  /** Unix milliseconds. */
  at: number;
}

/** A sign-in session (server/sessions.ts): who signed in, on which chain, until when. */
export interface SessionRecord {
  /** Hex SHA-256 of the session id: the file alone does not let anyone use a session. */
  idHash: string;
  address: string;
  chainId: number;
  /** Unix milliseconds. */
  expiresAt: number;
}

export type ChatLine = ServerMessages['chat'];

/**
 * A miner's accepted work shares of one parcel and UTC day, folded together when the shares
 * themselves are pruned: what per-miner totals, daily hash-rate charts and reward splits need.
 */
export interface WorkShareDay {
  address: string;
  parcelId: number;
  /** Unix milliseconds of the day's start (UTC). */
  day: number;
  shares: number;
  /** Expected hashes: the sum of the shares' difficulties. */
  hashes: number;
}

/** Milliseconds per day of the work-share roll-up. */
export const WORK_SHARE_DAY_MS = 86_400_000;

/** How much the store keeps (prune); the defaults bound chat, players and the ledger whatever the traffic. */
export interface Retention {
  /** The newest chat lines kept; older ones go. */
  chatLines: number;
  /** Players not seen for this long (ms) go, with their name and counters. */
  playerIdleMs: number;
  /**
   * Accepted work shares older than this (ms) fold into their miner's day (WorkShareDay) and go;
   * a share whose challenge may still be open (no later share of its parcel has another
   * challenge) stays, so its digest still counts as a duplicate should it come again.
   */
  workShareMs: number;
  /** Rows deleted per table and run at most, so one run never stalls the room. */
  batch: number;
}

export const DEFAULT_RETENTION: Retention = {
  chatLines: 10_000,
  playerIdleMs: 180 * 24 * 3_600_000,
  workShareMs: 7 * 24 * 3_600_000,
  batch: 5_000,
};

/** Rows one prune removed, per table. */
export interface Pruned {
  chatLines: number;
  players: number;
  workShares: number;
}

/** The off-chain records, whichever database keeps them. */
export interface Store {
  /**
   * Drops chat lines beyond the newest `retention.chatLines`, players unseen for
   * `retention.playerIdleMs` and work shares as `retention.workShareMs` says (folded into their
   * days first), at most `retention.batch` rows of each per call (call it again later for the
   * rest); resolves to how many went.
   */
  prune(now: number, retention?: Retention): Promise<Pruned>;
  /** The player's record, created with `name` and `color` on first sight; `lastSeen` is updated. */
  seePlayer(address: string, name: string, color: string, now: number): Promise<PlayerRecord>;
  renamePlayer(address: string, name: string): Promise<void>;
  /** Records an accepted work share; false when its digest was credited before (a duplicate). */
  addWorkShare(share: WorkShareRecord): Promise<boolean>;
  /** The address's work shares, in the order they were credited. */
  workSharesOf(address: string): Promise<WorkShareRecord[]>;
  /** The address's pruned work shares as day totals, by day then parcel. */
  workShareDaysOf(address: string): Promise<WorkShareDay[]>;
  /** Keeps a chat line and counts it to its sender. */
  addChat(line: ChatLine): Promise<void>;
  /** The last `limit` chat lines, oldest first. */
  recentChat(limit: number): Promise<ChatLine[]>;
  /** Stores a sign-in session under the hash of its id; sessions expired by `now` are dropped. */
  addSession(session: SessionRecord, now: number): Promise<void>;
  session(idHash: string): Promise<SessionRecord | null>;
  dropSession(idHash: string): Promise<void>;
  close(): Promise<void>;
}

/** A players row (snake_case columns, numbers maybe as strings: Postgres BIGINT) as a record. */
export function playerOf(row: Record<string, unknown>): PlayerRecord {
  return {
    address: String(row.address),
    name: String(row.name),
    color: String(row.color),
    sharesAccepted: Number(row.shares_accepted),
    chatLines: Number(row.chat_lines),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
  };
}

/** A sessions row as a record. */
export function sessionOf(row: Record<string, unknown>): SessionRecord {
  return {
    idHash: String(row.id_hash),
    address: String(row.address),
    chainId: Number(row.chain_id),
    expiresAt: Number(row.expires_at),
  };
}

/** A work_share_days row as a record. */
export function workShareDayOf(row: Record<string, unknown>): WorkShareDay {
  return {
    address: String(row.address),
    parcelId: Number(row.parcel_id),
    day: Number(row.day),
    shares: Number(row.shares),
    hashes: Number(row.hashes),
  };
}

/**
 * The work shares a prune may fold and drop (a WHERE clause shared by both stores; `cutoff` is
 * the parameter holding the time, `?` or `$1`): older than it, and of a challenge that is closed — a later
 * share of the same parcel met another challenge, and a parcel's challenge never comes back
 * (it changes with every solution). The newest share of each parcel therefore always stays.
 */
export const prunableWorkShares = (cutoff: string) => `at < ${cutoff} AND challenge <> (
  SELECT latest.challenge FROM work_shares latest WHERE latest.parcel_id = work_shares.parcel_id
  ORDER BY latest.id DESC LIMIT 1)`;
