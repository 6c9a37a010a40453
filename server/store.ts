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

/** How much the store keeps (prune); the defaults bound chat and players whatever the traffic. */
export interface Retention {
  /** The newest chat lines kept; older ones go. */
  chatLines: number;
  /** Players not seen for this long (ms) go, with their name and counters. */
  playerIdleMs: number;
  /** Rows deleted per table and run at most, so one run never stalls the room. */
  batch: number;
}

export const DEFAULT_RETENTION: Retention = {
  chatLines: 10_000,
  playerIdleMs: 180 * 24 * 3_600_000,
  batch: 5_000,
};

/** The off-chain records, whichever database keeps them. */
export interface Store {
  /**
   * Drops chat lines beyond the newest `retention.chatLines` and players unseen for
   * `retention.playerIdleMs`, at most `retention.batch` rows of each per call (call it again
   * later for the rest); resolves to how many went.
   */
  prune(now: number, retention?: Retention): Promise<{ chatLines: number; players: number }>;
  /** The player's record, created with `name` and `color` on first sight; `lastSeen` is updated. */
  seePlayer(address: string, name: string, color: string, now: number): Promise<PlayerRecord>;
  renamePlayer(address: string, name: string): Promise<void>;
  /** Records an accepted work share; false when its digest was credited before (a duplicate). */
  addWorkShare(share: WorkShareRecord): Promise<boolean>;
  /** The address's work shares, in the order they were credited. */
  workSharesOf(address: string): Promise<WorkShareRecord[]>;
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
