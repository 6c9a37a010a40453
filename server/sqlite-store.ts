import type { DatabaseSync as Database, StatementSync } from 'node:sqlite';
import { inTransaction, openDatabase, rowsAs } from './sqlite.ts';
import {
  type ChatLine,
  DEFAULT_RETENTION,
  type PlayerRecord,
  type Pruned,
  playerOf,
  prunableWorkShares,
  type Retention,
  type SessionRecord,
  type Store,
  sessionOf,
  WORK_SHARE_DAY_MS,
  type WorkShareDay,
  type WorkShareRecord,
  workShareDayOf,
} from './store.ts';

/**
 * The store of one process: one SQLite file in the data directory (journal and durability:
 * server/sqlite.ts). Every statement runs synchronously inside the call, so a resolved write is
 * already durable and the one-process path pays no round trip.
 */

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
CREATE INDEX IF NOT EXISTS work_shares_by_parcel ON work_shares (parcel_id, id);
CREATE TABLE IF NOT EXISTS work_share_days (
  address TEXT NOT NULL,
  parcel_id INTEGER NOT NULL,
  day INTEGER NOT NULL,
  shares INTEGER NOT NULL,
  hashes REAL NOT NULL,
  PRIMARY KEY (address, day, parcel_id)
) STRICT, WITHOUT ROWID;
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

export class SqliteStore implements Store {
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
  readonly #lastPrunableShare: StatementSync;
  readonly #foldShares: StatementSync;
  readonly #dropShares: StatementSync;
  readonly #shareDaysOf: StatementSync;
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
    // a batch is the first `batch` prunable shares by id: those up to the last one's id
    this.#lastPrunableShare = this.#db.prepare(
      `SELECT max(id) AS last FROM (SELECT id FROM work_shares WHERE ${prunableWorkShares('?')} ORDER BY id LIMIT ?)`,
    );
    this.#foldShares = this.#db.prepare(
      `INSERT INTO work_share_days (address, parcel_id, day, shares, hashes)
       SELECT address, parcel_id, at / ${WORK_SHARE_DAY_MS} * ${WORK_SHARE_DAY_MS}, count(*), sum(difficulty)
       FROM work_shares WHERE id <= ? AND ${prunableWorkShares('?')} GROUP BY 1, 2, 3
       ON CONFLICT (address, day, parcel_id) DO UPDATE
       SET shares = shares + excluded.shares, hashes = hashes + excluded.hashes`,
    );
    this.#dropShares = this.#db.prepare(
      `DELETE FROM work_shares WHERE id <= ? AND ${prunableWorkShares('?')}`,
    );
    this.#shareDaysOf = this.#db.prepare(
      'SELECT * FROM work_share_days WHERE address = ? ORDER BY day, parcel_id',
    );
    this.#insertSession = this.#db.prepare(
      'INSERT INTO sessions (id_hash, address, chain_id, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.#getSession = this.#db.prepare('SELECT * FROM sessions WHERE id_hash = ?');
    this.#deleteSession = this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?');
    this.#deleteExpiredSessions = this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  async prune(now: number, retention: Retention = DEFAULT_RETENTION): Promise<Pruned> {
    const chatLines = Number(this.#pruneChat.run(retention.chatLines, retention.batch).changes);
    const players = Number(this.#prunePlayers.run(now - retention.playerIdleMs, retention.batch).changes);
    const cutoff = now - retention.workShareMs;
    const workShares = inTransaction(this.#db, () => {
      const { last } = this.#lastPrunableShare.get(cutoff, retention.batch) as { last: number | null };
      if (last === null) return 0;
      this.#foldShares.run(last, cutoff);
      return Number(this.#dropShares.run(last, cutoff).changes);
    });
    return { chatLines, players, workShares };
  }

  async seePlayer(address: string, name: string, color: string, now: number): Promise<PlayerRecord> {
    this.#upsertPlayer.run(address, name, color, now, now);
    const row = this.#getPlayer.get(address) as Record<string, string | number>;
    return playerOf(row);
  }

  async renamePlayer(address: string, name: string): Promise<void> {
    this.#rename.run(name, address);
  }

  async addWorkShare(share: WorkShareRecord): Promise<boolean> {
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

  async workSharesOf(address: string): Promise<WorkShareRecord[]> {
    return rowsAs<WorkShareRecord>(this.#sharesOf, address);
  }

  async workShareDaysOf(address: string): Promise<WorkShareDay[]> {
    return (this.#shareDaysOf.all(address) as Record<string, unknown>[]).map(workShareDayOf);
  }

  async addChat(line: ChatLine): Promise<void> {
    inTransaction(this.#db, () => {
      this.#insertChat.run(line.from, line.name, line.text, line.at);
      this.#countChat.run(line.from);
    });
  }

  async recentChat(limit: number): Promise<ChatLine[]> {
    return rowsAs<ChatLine>(this.#recentChat, limit);
  }

  async addSession(session: SessionRecord, now: number): Promise<void> {
    this.#deleteExpiredSessions.run(now);
    this.#insertSession.run(session.idHash, session.address, session.chainId, session.expiresAt);
  }

  async session(idHash: string): Promise<SessionRecord | null> {
    const row = this.#getSession.get(idHash) as Record<string, string | number> | undefined;
    if (!row) return null;
    return sessionOf(row);
  }

  async dropSession(idHash: string): Promise<void> {
    this.#deleteSession.run(idHash);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
