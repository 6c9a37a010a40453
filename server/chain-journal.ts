import type { Logger } from 'pino';
import { z } from 'zod';
import type { Deployment } from '../shared/deployment.ts';
import type { ChainReader, Page, Tip } from './chain-reader.ts';
import type { LeasePresence, RedisLease } from './cluster-lease.ts';
import type { ChainSource, Cursor } from './indexer.ts';
import type { Metrics } from './metrics.ts';

/**
 * One indexer per cluster. The process holding the indexer's lease reads the chain node; every
 * page it applied it appends to a journal in Redis (pages by first block, the hash of each page's
 * last block, and a tip: last block, its hash and a sequence number), then publishes the pages
 * with that sequence number. The other processes read the journal as if it were the chain (same
 * three questions: tip, hash of a block, page from a block), through the same indexer: pages
 * arrive in order, a reorg shows as a changed hash at their cursor and they rebuild from the
 * journal, exactly as the holder rebuilt from the chain.
 *
 * The journal, not the channel, is the record: a published page that is the journal's tip saves
 * followers a read, anything else they read from Redis. So a follower that missed messages (or
 * started late) reads what it missed, and a message of the wrong shape or out of order is refused
 * and changes nothing. A new holder first catches up from the journal to its tip, then reads the
 * chain from the block after it: no gap, nothing twice. Its writes are fenced: a script appends
 * only while the writer holds the lease and the journal is at the sequence number it built on,
 * so a holder that lost its lease mid-poll writes nothing, and one that missed a write catches up
 * from the journal first (its next poll finds its cursor off the journal's tip).
 *
 * The journal keeps the pages of the last `keepBlocks` blocks only (each append drops older ones
 * and records where the kept ones start), far deeper than any reorg. What lies before its start a
 * reader asks the chain node for: a follower that fell behind, or that starts or rebuilds from the
 * deployment block, reads the old blocks from the chain and the rest from the journal, so it
 * never skips a page. Blocks that deep are final, so the node and the journal agree on them.
 */

/** Blocks of pages the journal keeps behind its tip, unless the options say otherwise. */
export const JOURNAL_BLOCKS = 1_000;

/** Logs one published message carries at most; bigger batches (a replay) are left to the journal. */
export const MAX_PUBLISHED_LOGS = 2_000;

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const word = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
const logSchema = z.object({
  address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  topics: z.array(word).max(4),
  data: hex,
  blockNumber: hex,
  blockHash: word,
  transactionHash: word,
  logIndex: hex,
  blockTimestamp: hex.optional(),
});
const block = z.number().int().nonnegative();
const pageSchema = z
  .object({ from: block, to: block, hash: word, logs: z.array(logSchema) })
  .refine((page) => page.from <= page.to, 'a page ends before it starts');
/** A message on the journal's channel: the pages of one append, when they were small enough. */
const publishedSchema = z.object({
  seq: z.number().int().positive(),
  pages: z
    .array(pageSchema)
    .max(MAX_PUBLISHED_LOGS)
    .refine((pages) => logCount(pages) <= MAX_PUBLISHED_LOGS, 'too many logs')
    .optional(),
});
export type Published = z.infer<typeof publishedSchema>;

/**
 * Appends pages (ARGV from 5 on: first block, page, last block, hash) when ARGV[1] holds the lease
 * (KEYS[1]) and the tip's sequence number is ARGV[2]; with ARGV[2] '' replaces the whole journal
 * instead (a rebuild). ARGV[3]: the tip block when there are no pages. Then drops the pages that
 * end more than ARGV[4] blocks behind the tip, and records the first block of those kept (the
 * order set KEYS[5] has each page's first block scored by its last). Returns the new sequence
 * number, 0 without the lease, -1 when the journal moved meanwhile.
 */
const WRITE = `if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
local seq = tonumber(redis.call('hget', KEYS[2], 'seq') or '0')
if ARGV[2] == '' then redis.call('del', KEYS[3], KEYS[4], KEYS[5])
elseif seq ~= tonumber(ARGV[2]) then return -1 end
local block, hash = ARGV[3], ''
for i = 5, #ARGV, 4 do
  redis.call('hset', KEYS[3], ARGV[i], ARGV[i + 1])
  redis.call('hset', KEYS[4], ARGV[i + 2], ARGV[i + 3])
  redis.call('zadd', KEYS[5], ARGV[i + 2], ARGV[i])
  block, hash = ARGV[i + 2], ARGV[i + 3]
end
local old = redis.call('zrangebyscore', KEYS[5], '-inf', '(' .. (tonumber(block) - tonumber(ARGV[4])), 'WITHSCORES')
for i = 1, #old, 2 do
  redis.call('hdel', KEYS[3], old[i])
  redis.call('hdel', KEYS[4], old[i + 1])
  redis.call('zrem', KEYS[5], old[i])
end
local first = redis.call('zrange', KEYS[5], 0, 0)[1]
redis.call('hset', KEYS[2], 'block', block, 'hash', hash, 'seq', seq + 1, 'start', first or tonumber(block) + 1)
return seq + 1`;

const logCount = (pages: readonly { logs: readonly unknown[] }[]) =>
  pages.reduce((sum, page) => sum + page.logs.length, 0);

interface JournalTip {
  block: number;
  hash: string;
  seq: number;
  /** The first block of the oldest page kept; the blocks before it are read from the chain node. */
  start: number;
}

export interface ChainJournalOptions {
  presence: LeasePresence;
  /** The indexer's lease: its holder reads the chain and writes the journal. */
  lease: RedisLease;
  deployment: Deployment;
  log: Logger;
  metrics?: Metrics;
  /** Blocks of pages kept behind the journal's tip; JOURNAL_BLOCKS unless given. */
  keepBlocks?: number;
}

export class ChainJournal implements ChainSource {
  readonly channel: string;
  readonly #keys: JournalKeys;
  readonly #reader: JournalReader;
  /** The journal's sequence number the holder's next append builds on. */
  #base = 0;
  /** The sequence number of the last message taken from the channel. */
  #heard = 0;

  constructor(readonly options: ChainJournalOptions) {
    const { chainId, addresses } = options.deployment;
    const prefix = `fracterra:chain:${chainId}:${addresses.LandRegistry.toLowerCase()}`;
    this.channel = `${prefix}:published`;
    this.#keys = {
      tip: `${prefix}:tip`,
      pages: `${prefix}:pages`,
      ends: `${prefix}:ends`,
      order: `${prefix}:order`,
    };
    this.#reader = new JournalReader(options.presence, this.#keys, options.deployment.deployBlock);
  }

  /** Listens to the holder's messages. */
  async start(): Promise<void> {
    await this.options.presence.subscribe(this.channel, this.#onPublished);
  }

  async stop(): Promise<void> {
    await this.options.presence.unsubscribe(this.channel, this.#onPublished);
  }

  async reader(node: ChainReader, cursor: Cursor | null): Promise<ChainReader> {
    this.#reader.node = node;
    if (!this.options.lease.held) return this.#reader;
    const tip = await this.#reader.readTip();
    this.#base = tip?.seq ?? 0;
    // the holder reads the chain only from the journal's tip on; until then it catches up on it
    const onTip = tip ? cursor?.block === tip.block && cursor.hash === tip.hash : cursor === null;
    return onTip ? node : this.#reader;
  }

  async applied(reader: ChainReader, pages: readonly Page[], rebuilt: boolean): Promise<void> {
    if (reader === this.#reader) return; // read from the journal: nothing new
    const { presence, lease, deployment, log } = this.options;
    const keep = this.options.keepBlocks ?? JOURNAL_BLOCKS;
    const args = [
      lease.owner,
      rebuilt ? '' : String(this.#base),
      String(deployment.deployBlock - 1),
      String(keep),
    ];
    for (const page of pages) args.push(String(page.from), JSON.stringify(page), String(page.to), page.hash);
    const { tip, pages: pageKey, ends, order } = this.#keys;
    try {
      const seq = Number(await presence.script(WRITE, [lease.key, tip, pageKey, ends, order], args));
      if (seq <= 0) {
        log.warn({ lease: seq === 0 ? 'lost' : 'held' }, 'chain pages not journalled: the journal moved on');
        return;
      }
      this.#base = seq;
      const small = pages.length <= MAX_PUBLISHED_LOGS && logCount(pages) <= MAX_PUBLISHED_LOGS;
      const message: Published = rebuilt || !small ? { seq } : { seq, pages: [...pages] };
      await presence.publish(this.channel, message);
    } catch (error) {
      log.warn({ err: (error as Error).message }, 'journalling chain pages failed');
    }
  }

  /** A message of the holder: its pages are kept for the reader when they are news and well formed. */
  readonly #onPublished = (message: unknown): void => {
    const parsed = publishedSchema.safeParse(message);
    const refusal = !parsed.success
      ? (parsed.error.issues[0]?.message ?? 'malformed')
      : parsed.data.seq <= this.#heard
        ? `sequence ${parsed.data.seq} after ${this.#heard}`
        : null;
    if (refusal !== null || !parsed.success) {
      this.options.metrics?.rejected.inc({ code: 'chain-page' });
      this.options.log.warn({ reason: refusal }, 'refused a published chain page');
      return;
    }
    this.#heard = parsed.data.seq;
    this.#reader.published = parsed.data.pages ?? [];
  };
}

interface JournalKeys {
  tip: string;
  pages: string;
  ends: string;
  order: string;
}

/**
 * The journal as a chain to read: tip, hash of a page's last block, page by first block; blocks
 * before the journal's start from the chain node.
 */
class JournalReader implements ChainReader {
  /** Blocks in the journal were counted by the holder already. */
  readonly confirmations = 0;
  /** The pages of the last message heard; one is used only when it is the journal's tip. */
  published: readonly Page[] = [];
  /** The chain node, for the blocks the journal no longer keeps. */
  node: ChainReader | null = null;
  #tip: JournalTip | null = null;

  constructor(
    readonly presence: LeasePresence,
    readonly keys: JournalKeys,
    readonly deployBlock: number,
  ) {}

  async readTip(): Promise<JournalTip | null> {
    const tip = (await this.presence.hgetall(this.keys.tip)) as Record<string, string> | null;
    this.#tip = tip?.hash
      ? {
          block: Number(tip.block),
          hash: tip.hash,
          seq: Number(tip.seq),
          start: tip.start ? Number(tip.start) : this.deployBlock,
        }
      : null;
    return this.#tip;
  }

  /** The journal's first block, read anew when `fresh`: the holder may have dropped pages since the tip was read. */
  async #start(fresh: boolean): Promise<number> {
    const start = fresh ? await this.presence.hget(this.keys.tip, 'start') : null;
    if (start && this.#tip) this.#tip.start = Number(start);
    return this.#tip?.start ?? this.deployBlock;
  }

  #chainNode(): ChainReader {
    if (!this.node)
      throw new Error('the journal no longer keeps these blocks and there is no chain node to ask');
    return this.node;
  }

  async tip(): Promise<Tip> {
    const tip = await this.readTip();
    return tip ? { latest: tip.block, hash: tip.hash } : { latest: this.deployBlock - 1, hash: '' };
  }

  async hashOf(block: number): Promise<string> {
    if (this.#tip?.block === block) return this.#tip.hash;
    if (block < (await this.#start(false))) return this.#chainNode().hashOf(block);
    const hash = await this.presence.hget(this.keys.ends, String(block));
    if (hash || block >= (await this.#start(true))) return hash ?? '';
    return this.#chainNode().hashOf(block);
  }

  async page(from: number, head: number): Promise<Page | null> {
    const tip = this.#tip;
    const heard = this.published.find((page) => page.from === from);
    if (heard && tip && heard.to === tip.block && heard.hash === tip.hash) return heard;
    const text =
      from < (await this.#start(false)) ? null : await this.presence.hget(this.keys.pages, String(from));
    if (!text) {
      // before the journal's start the node's pages, up to where the journal's take over
      const start = await this.#start(true);
      return from < start ? this.#chainNode().page(from, Math.min(head, start - 1)) : null;
    }
    const page = pageSchema.parse(JSON.parse(text)) as Page;
    return page.from === from && page.to <= head ? page : null;
  }
}
