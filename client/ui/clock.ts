import { useEffect, useState } from 'react';

/** "m:ss" (or "h:mm:ss") until `endSeconds` (unix s) from `nowMs`; "ended" once past. */
export function countdown(endSeconds: number, nowMs: number): string {
  const left = Math.floor(endSeconds - nowMs / 1000);
  if (left <= 0) return 'ended';
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = String(left % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The time (ms), re-rendering once a second while `active` (an auction countdown is shown). */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
