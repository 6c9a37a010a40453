import type pg from 'pg';
import { openMigrated } from './pg-migrate.ts';
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
 * The store of processes scaled out behind one Redis: one Postgres database (DATABASE_URL), its
 * schema the migrations of server/migrations/pg. Each write is one statement, so it is atomic
 * without a transaction, and it resolves after Postgres committed it.
 */

type Row = Record<string, string | number | null>;

/** Connections per process: the room's writes are short, a few cover a busy process. */
const POOL_SIZE = 8;
/**
 * Milliseconds a connection attempt or a statement may take: a database that hangs turns a join,
 * a chat line or a share into a refusal with a reason instead of a wait without end.
 */
const TIMEOUT_MS = 5_000;

export class PgStore implements Store {
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Connects to `url` and applies the migrations the database lacks. */
  static async open(url: string): Promise<PgStore> {
    const pool = await openMigrated(url, POOL_SIZE, TIMEOUT_MS);
    return new PgStore(pool);
  }

  async #rows(sql: string, params: (string | number)[]): Promise<Row[]> {
    return (await this.#pool.query<Row>(sql, params)).rows;
  }

  async prune(now: number, retention: Retention = DEFAULT_RETENTION): Promise<Pruned> {
    const chat = await this.#pool.query(
      `DELETE FROM chat WHERE id IN (
         SELECT id FROM chat WHERE id <= (SELECT MAX(id) FROM chat) - $1 ORDER BY id LIMIT $2)`,
      [retention.chatLines, retention.batch],
    );
    const players = await this.#pool.query(
      `DELETE FROM players WHERE address IN (
         SELECT address FROM players WHERE last_seen < $1 ORDER BY last_seen LIMIT $2)`,
      [now - retention.playerIdleMs, retention.batch],
    );
    // one statement: the batch goes and its days take it in, or neither
    const [shares] = await this.#rows(
      `WITH gone AS (
         DELETE FROM work_shares WHERE id IN (
           SELECT id FROM work_shares WHERE ${prunableWorkShares('$1')} ORDER BY id LIMIT $2)
         RETURNING address, parcel_id, at, difficulty),
       folded AS (
         INSERT INTO work_share_days (address, parcel_id, day, shares, hashes)
         SELECT address, parcel_id, at / ${WORK_SHARE_DAY_MS} * ${WORK_SHARE_DAY_MS}, count(*), sum(difficulty)
         FROM gone GROUP BY 1, 2, 3
         ON CONFLICT (address, day, parcel_id) DO UPDATE SET
           shares = work_share_days.shares + excluded.shares, hashes = work_share_days.hashes + excluded.hashes)
       SELECT count(*) AS n FROM gone`,
      [now - retention.workShareMs, retention.batch],
    );
    return { chatLines: chat.rowCount ?? 0, players: players.rowCount ?? 0, workShares: Number(shares?.n) };
  }

  async seePlayer(address: string, name: string, color: string, now: number): Promise<PlayerRecord> {
    const [row] = await this.#rows(
      `INSERT INTO players (address, name, color, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (address) DO UPDATE SET last_seen = excluded.last_seen RETURNING *`,
      [address, name, color, now],
    );
    if (!row) throw new Error(`no player row came back for ${address}`);
    return playerOf(row);
  }

  async renamePlayer(address: string, name: string): Promise<void> {
    await this.#pool.query('UPDATE players SET name = $1 WHERE address = $2', [name, address]);
  }

  async addWorkShare(share: WorkShareRecord): Promise<boolean> {
    const [row] = await this.#rows(
      `WITH added AS (
         INSERT INTO work_shares (address, parcel_id, challenge, nonce, digest, difficulty, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (digest) DO NOTHING RETURNING address),
       credited AS (
         UPDATE players SET shares_accepted = shares_accepted + 1 WHERE address IN (SELECT address FROM added))
       SELECT count(*) AS added FROM added`,
      [share.address, share.parcelId, share.challenge, share.nonce, share.digest, share.difficulty, share.at],
    );
    return Number(row?.added) === 1;
  }

  async workSharesOf(address: string): Promise<WorkShareRecord[]> {
    const rows = await this.#rows(
      'SELECT address, parcel_id, challenge, nonce, digest, difficulty, at FROM work_shares WHERE address = $1 ORDER BY id',
      [address],
    );
    return rows.map((row) => ({
      address: String(row.address),
      parcelId: Number(row.parcel_id),
      challenge: String(row.challenge),
      nonce: String(row.nonce),
      digest: String(row.digest),
      difficulty: Number(row.difficulty),
      at: Number(row.at),
    }));
  }

  async workShareDaysOf(address: string): Promise<WorkShareDay[]> {
    const rows = await this.#rows(
      'SELECT * FROM work_share_days WHERE address = $1 ORDER BY day, parcel_id',
      [address],
    );
    return rows.map(workShareDayOf);
  }

  async addChat(line: ChatLine): Promise<void> {
    await this.#pool.query(
      `WITH added AS (INSERT INTO chat (address, name, text, at) VALUES ($1, $2, $3, $4) RETURNING address)
       UPDATE players SET chat_lines = chat_lines + 1 WHERE address IN (SELECT address FROM added)`,
      [line.from, line.name, line.text, line.at],
    );
  }

  async recentChat(limit: number): Promise<ChatLine[]> {
    const rows = await this.#rows(
      'SELECT address, name, text, at FROM (SELECT * FROM chat ORDER BY id DESC LIMIT $1) AS newest ORDER BY id',
      [limit],
    );
    return rows.map((row) => ({
      from: String(row.address),
      name: String(row.name),
      text: String(row.text),
      at: Number(row.at),
    }));
  }

  async addSession(session: SessionRecord, now: number): Promise<void> {
    await this.#pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await this.#pool.query(
      'INSERT INTO sessions (id_hash, address, chain_id, expires_at) VALUES ($1, $2, $3, $4)',
      [session.idHash, session.address, session.chainId, session.expiresAt],
    );
  }

  async session(idHash: string): Promise<SessionRecord | null> {
    const [row] = await this.#rows('SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
    if (!row) return null;
    return sessionOf(row);
  }

  async dropSession(idHash: string): Promise<void> {
    await this.#pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  #closing: Promise<void> | null = null;
  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }
}
