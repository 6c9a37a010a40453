/** Whether the page is played by touch (a phone or tablet): no keys to walk, a pinch to zoom. */
export const playedByTouch = (): boolean => globalThis.matchMedia?.('(pointer: coarse)').matches ?? false;
