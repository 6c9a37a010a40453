import type { DatabaseSync as Database, StatementSync } from 'node:sqlite';
import type { ServerMessages } from '../shared/protocol.ts';
import { inTransaction, openDatabase, rowsAs } from './sqlite.ts';

/**
 * Off-chain records in one SQLite file in the data directory: players, the work-share ledger and
 * chat (journal and durability: server/sqlite.ts). Every call is synchronous, so a reply sent
 * after it acknowledges a durable record.
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS players (
  address TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  shares_accepted INTEGER NOT NULL DEFAULT 0,
  chat_lines INTEGER NOT NULL DEFAULT 0,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS work_shares (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  parcel_id INTEGER NOT NULL,
  challenge TEXT NOT NULL,
  nonce TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  difficulty REAL NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS work_shares_by_address ON work_shares (address, at);
CREATE INDEX IF NOT EXISTS players_by_last_seen ON players (last_seen);
CREATE TABLE IF NOT EXISTS chat (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  chain_id INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
`;

export class Store {
  readonly #db: Database;
  readonly #upsertPlayer: StatementSync;
  readonly #getPlayer: StatementSync;
  readonly #rename: StatementSync;
  readonly #insertShare: StatementSync;
  readonly #creditShare: StatementSync;
  readonly #insertChat: StatementSync;
  readonly #countChat: StatementSync;
  readonly #recentChat: StatementSync;
  readonly #sharesOf: StatementSync;
  readonly #pruneChat: StatementSync;
  readonly #prunePlayers: StatementSync;
  readonly #insertSession: StatementSync;
  readonly #getSession: StatementSync;
  readonly #deleteSession: StatementSync;
  readonly #deleteExpiredSessions: StatementSync;

  /** Opens (creating if needed) `<dataDir>/fracterra.sqlite`. */
  constructor(dataDir: string) {
    this.#db = openDatabase(dataDir, 'fracterra.sqlite');
    this.#db.exec(SCHEMA);
    this.#upsertPlayer = this.#db.prepare(
      `INSERT INTO players (address, name, color, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET last_seen = excluded.last_seen`,
    );
    this.#getPlayer = this.#db.prepare('SELECT * FROM players WHERE address = ?');
    this.#rename = this.#db.prepare('UPDATE players SET name = ? WHERE address = ?');
    this.#insertShare = this.#db.prepare(
      `INSERT INTO work_shares (address, parcel_id, challenge, nonce, digest, difficulty, at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING`,
    );
    this.#creditShare = this.#db.prepare(
      'UPDATE players SET shares_accepted = shares_accepted + 1 WHERE address = ?',
    );
    this.#insertChat = this.#db.prepare('INSERT INTO chat (address, name, text, at) VALUES (?, ?, ?, ?)');
    this.#countChat = this.#db.prepare('UPDATE players SET chat_lines = chat_lines + 1 WHERE address = ?');
    this.#recentChat = this.#db.prepare(
      'SELECT address AS "from", name, text, at FROM (SELECT * FROM chat ORDER BY id DESC LIMIT ?) ORDER BY id',
    );
    this.#sharesOf = this.#db.prepare(
      'SELECT address, parcel_id AS parcelId, challenge, nonce, digest, difficulty, at FROM work_shares WHERE address = ? ORDER BY id',
    );
    // ids only grow (INTEGER PRIMARY KEY, the newest row is never deleted): the newest N lines
    // are the ids above max − N
    this.#pruneChat = this.#db.prepare(
      `DELETE FROM chat WHERE id IN (
         SELECT id FROM chat WHERE id <= (SELECT MAX(id) FROM chat) - ? ORDER BY id LIMIT ?)`,
    );
    this.#prunePlayers = this.#db.prepare(
      `DELETE FROM players WHERE address IN (
         SELECT address FROM players WHERE last_seen < ? ORDER BY last_seen LIMIT ?)`,
    );
    this.#insertSession = this.#db.prepare(
      'INSERT INTO sessions (id_hash, address, chain_id, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.#getSession = this.#db.prepare('SELECT * FROM sessions WHERE id_hash = ?');
    this.#deleteSession = this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?');
    this.#deleteExpiredSessions = this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  /**
   * Drops chat lines beyond the newest `retention.chatLines` and players unseen for
   * `retention.playerIdleMs`, at most `retention.batch` rows of each per call (call it again
   * later for the rest); returns how many went.
   */
  prune(now: number, retention: Retention = DEFAULT_RETENTION): { chatLines: number; players: number } {
    const chatLines = Number(this.#pruneChat.run(retention.chatLines, retention.batch).changes);
    const players = Number(this.#prunePlayers.run(now - retention.playerIdleMs, retention.batch).changes);
    return { chatLines, players };
  }

  /** The player's record, created with `name` and `color` on first sight; `lastSeen` is updated. */
  seePlayer(address: string, name: string, color: string, now: number): PlayerRecord {
    this.#upsertPlayer.run(address, name, color, now, now);
    const row = this.#getPlayer.get(address) as Record<string, string | number>;
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

  renamePlayer(address: string, name: string): void {
    this.#rename.run(name, address);
  }

  /** Records an accepted work share; false when its digest was credited before (a duplicate). */
  addWorkShare(share: WorkShareRecord): boolean {
    return inTransaction(this.#db, () => {
      const { changes } = this.#insertShare.run(
        share.address,
        share.parcelId,
        share.challenge,
        share.nonce,
        share.digest,
        share.difficulty,
        share.at,
      );
      if (changes === 1) this.#creditShare.run(share.address);
      return changes === 1;
    });
  }

  workSharesOf(address: string): WorkShareRecord[] {
    return rowsAs<WorkShareRecord>(this.#sharesOf, address);
  }

  addChat(line: ChatLine): void {
    inTransaction(this.#db, () => {
      this.#insertChat.run(line.from, line.name, line.text, line.at);
      this.#countChat.run(line.from);
    });
  }

  /** The last `limit` chat lines, oldest first. */
  recentChat(limit: number): ChatLine[] {
    return rowsAs<ChatLine>(this.#recentChat, limit);
  }

  /** Stores a sign-in session under the hash of its id; sessions expired by `now` are dropped. */
  addSession(session: SessionRecord, now: number): void {
    this.#deleteExpiredSessions.run(now);
    this.#insertSession.run(session.idHash, session.address, session.chainId, session.expiresAt);
  }

  session(idHash: string): SessionRecord | null {
    const row = this.#getSession.get(idHash) as Record<string, string | number> | undefined;
    if (!row) return null;
    return {
      idHash: String(row.id_hash),
      address: String(row.address),
      chainId: Number(row.chain_id),
      expiresAt: Number(row.expires_at),
    };
  }

  dropSession(idHash: string): void {
    this.#deleteSession.run(idHash);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
