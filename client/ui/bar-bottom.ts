import { type RefObject, useEffect } from 'react';

/** The gap between the top bar and the panels under it, px. */
const GAP_PX = 8;

/**
 * Keeps the CSS variable `--bar-bottom` at the bottom edge of `bar` (plus a gap), so the panels
 * placed under the top bar move down when it wraps to a second line (a long balance, a name, one
 * more tool) instead of hiding under it.
 */
export function useBarBottom(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = bar.current;
    if (!element) return;
    const root = document.documentElement;
    const place = () =>
      root.style.setProperty('--bar-bottom', `${element.getBoundingClientRect().bottom + GAP_PX}px`);
    place();
    const observer = new ResizeObserver(place);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--bar-bottom');
    };
  }, [bar]);
}
