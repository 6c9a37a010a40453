/**
 * Chat lines shown over the speakers' heads: the last line of each session for BUBBLE_MS after it
 * arrived. Not React state: the scene reads it every frame it draws.
 */

/** How long a line stays over its speaker, ms. */
export const BUBBLE_MS = 6_000;

interface Bubble {
  text: string;
  /** performance.now() time the bubble goes. */
  until: number;
}

export class ChatBubbles {
  readonly #bySession = new Map<string, Bubble>();

  /** Session `sessionId` said `text` at time `now` (ms): it replaces the session's earlier bubble. */
  say(sessionId: string, text: string, now: number): void {
    this.#bySession.set(sessionId, { text, until: now + BUBBLE_MS });
  }

  /** The line over `sessionId` at time `now`, or null. */
  of(sessionId: string, now: number): string | null {
    const bubble = this.#bySession.get(sessionId);
    if (!bubble) return null;
    if (bubble.until > now) return bubble.text;
    this.#bySession.delete(sessionId);
    return null;
  }

  /** When the next bubble still shown at `now` goes (a frame must hide it then), or null when none is shown. */
  nextExpiry(now: number): number | null {
    let next: number | null = null;
    for (const [sessionId, { until }] of this.#bySession) {
      if (until <= now) this.#bySession.delete(sessionId);
      else if (next === null || until < next) next = until;
    }
    return next;
  }

  /** The session left: its bubble goes with it. */
  forget(sessionId: string): void {
    this.#bySession.delete(sessionId);
  }
}
