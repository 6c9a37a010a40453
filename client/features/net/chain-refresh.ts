/**
 * Re-reads chain figures when something may have changed them, never on a blind timer. Signals
 * (the room's indexed block moved) are gathered for `gatherMs` and answered by one read; `now()`
 * (after the player's own action) skips the wait. Rules: at most one read in flight; signals that
 * arrive while it runs are answered by exactly one more read after it ends; a steady stream of
 * signals still reads once per `gatherMs` (the first signal starts the wait, later ones join it).
 */
export interface Refresher {
  /** Something may have changed: read once within `gatherMs`. */
  signal(): void;
  /** Read now, or right after the read in flight. */
  now(): void;
  /** No more reads (a read in flight finishes; its caller must ignore it). */
  stop(): void;
}

/** `read` must not throw (its caller keeps its own error state); a rejection is swallowed. */
export function createRefresher(read: () => Promise<void>, gatherMs: number): Refresher {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let again = false;
  let stopped = false;

  const cancelWait = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const fire = () => {
    cancelWait();
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    read()
      .catch(() => undefined)
      .finally(() => {
        inFlight = false;
        if (again) fire();
      });
  };

  return {
    signal() {
      if (stopped || timer !== null) return;
      if (inFlight) {
        again = true;
        return;
      }
      timer = setTimeout(fire, gatherMs);
    },
    now: fire,
    stop() {
      stopped = true;
      again = false;
      cancelWait();
    },
  };
}

export interface GatedRead<T> {
  /** The next read reads in full, whatever `changed` would say (first read, own action, new wallet). */
  force(): void;
  /** The figures read now, or null when no block since the last read touched them. */
  next(): Promise<T | null>;
}

/**
 * Keeps a signal from costing a full read: a cheap `changed` check (one log query over the
 * blocks the room indexed since the last read) decides whether `read` runs at all. A read
 * records the room's block it started at; figures read from the chain may be newer, so a later
 * check may re-read for nothing, but never misses a block. A room block below the recorded one
 * (the chain restarted) reads in full.
 */
export function createGatedRead<T>(options: {
  read(): Promise<T>;
  /** Whether a log in blocks [fromBlock, toBlock] may change `last`. */
  changed(last: T, fromBlock: number, toBlock: number): Promise<boolean>;
  /** The room's indexed block now. */
  block(): number;
}): GatedRead<T> {
  let last: { value: T; block: number } | null = null;
  let forced = true;
  return {
    force() {
      forced = true;
    },
    async next() {
      const block = options.block();
      // block 0: the room has not reported one yet, so there is no range to check
      const full = forced || !last || last.block <= 0 || block < last.block;
      forced = false;
      try {
        if (!full && last) {
          const since = last;
          if (block === since.block || !(await options.changed(since.value, since.block + 1, block))) {
            since.block = block;
            return null;
          }
        }
        const value = await options.read();
        last = { value, block };
        return value;
      } catch (error) {
        // a forced read that failed is still owed; a failed check is simply repeated next time
        if (full) forced = true;
        throw error;
      }
    },
  };
}

/** What a follower reads of the app store: the last block the room indexed. */
interface IndexedBlockSource {
  subscribe(listener: (now: { indexedBlock: number }, before: { indexedBlock: number }) => void): () => void;
}

/**
 * Reads now, then again whenever the room indexes new blocks (signals gathered for `gatherMs`, see
 * createRefresher); returns the stop. `read` must not throw; after the stop a read in flight still
 * ends, so its caller must ignore what it brings.
 */
export function followIndexedBlocks(
  store: IndexedBlockSource,
  read: () => Promise<void>,
  gatherMs: number,
): () => void {
  const refresher = createRefresher(read, gatherMs);
  refresher.now();
  const unsubscribe = store.subscribe((now, before) => {
    if (now.indexedBlock !== before.indexedBlock) refresher.signal();
  });
  return () => {
    refresher.stop();
    unsubscribe();
  };
}
