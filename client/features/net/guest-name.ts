import { playerNameSchema } from '../../../shared/protocol.ts';

/**
 * localStorage item: the name this browser's guest chose. A signed-in player's name is kept by
 * the game server; a guest's seat ends with the page, so the browser keeps it and asks for it
 * again at the next join.
 */
export const GUEST_NAME_ITEM = 'fracterra.guestName';

/** The name kept for a guest, when it still passes the room's rules for names (else none). */
export function savedGuestName(storage: Pick<Storage, 'getItem'>): string | undefined {
  let stored: string | null;
  try {
    stored = storage.getItem(GUEST_NAME_ITEM);
  } catch {
    return undefined; // storage refused (private mode, blocked): no name kept
  }
  const parsed = playerNameSchema.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}

/** Keeps `name` (one the room accepted) for this browser's next guest join; a refused storage keeps nothing. */
export function saveGuestName(storage: Pick<Storage, 'setItem'>, name: string): void {
  if (!playerNameSchema.safeParse(name).success) return;
  try {
    storage.setItem(GUEST_NAME_ITEM, name);
  } catch {
    // quota or private mode: the name lasts for this page only
  }
}
