/** localStorage item: what the first-visit guide remembers for this browser profile. */
export const GUIDE_ITEM = 'fracterra.guide';

/** Steps seen done, the guide dismissed, control hints used: kept across visits. */
export interface GuideMemory {
  done: string[];
  dismissed: boolean;
  hintsUsed: string[];
}

const EMPTY: GuideMemory = { done: [], dismissed: false, hintsUsed: [] };

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** The remembered guide; anything unreadable (absent, not JSON, wrong shapes) reads as a first visit. */
export function loadGuideMemory(storage: Pick<Storage, 'getItem'>): GuideMemory {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(GUIDE_ITEM) ?? 'null');
  } catch {
    return EMPTY;
  }
  if (typeof parsed !== 'object' || parsed === null) return EMPTY;
  const record = parsed as Record<string, unknown>;
  return {
    done: strings(record.done),
    dismissed: record.dismissed === true,
    hintsUsed: strings(record.hintsUsed),
  };
}

/** Stores the guide's memory; a full or refused storage keeps it for this page only. */
export function saveGuideMemory(storage: Pick<Storage, 'setItem'>, memory: GuideMemory): void {
  try {
    storage.setItem(GUIDE_ITEM, JSON.stringify(memory));
  } catch {
    // private mode or quota: the guide still works, it just forgets on reload
  }
}

/** `list` with `items` added (the same array when nothing is new, so React skips a render). */
export function withItems(list: string[], items: Iterable<string>): string[] {
  const added = [...new Set(items)].filter((item) => !list.includes(item));
  return added.length === 0 ? list : [...list, ...added];
}
