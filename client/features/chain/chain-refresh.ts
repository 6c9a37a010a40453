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
