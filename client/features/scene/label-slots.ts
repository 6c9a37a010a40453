/**
 * Which thing each label of a fixed pool shows this frame. `slots` holds last frame's key per
 * label (null: hidden) and is updated in place: a key still `wanted` keeps its slot, the wanted
 * keys new this frame take the freed slots in order (`wanted` is nearest first, at most one per
 * slot), the rest are hidden. A label that keeps its thing keeps its text, so the page only moves
 * it: no text layout and no repaint each frame as the nearest few change places.
 */
export function assignSlots(slots: (string | null)[], wanted: readonly string[]): void {
  for (let slot = 0; slot < slots.length; slot++) {
    const key = slots[slot] as string | null;
    if (key !== null && !wanted.includes(key)) slots[slot] = null;
  }
  let free = 0;
  for (const key of wanted) {
    if (slots.includes(key)) continue;
    while (free < slots.length && slots[free] !== null) free++;
    if (free === slots.length) return;
    slots[free] = key;
  }
}
