import type { ServerMessages } from '../../../shared/protocol.ts';
import type { AppSlice } from '../../store.ts';

/** Chat lines kept, oldest first (the server sends the last 50 on join). */
export const CHAT_LENGTH = 100;

export type ChatLine = ServerMessages['chat'];

export interface ChatSlice {
  chat: ChatLine[];
  /** The server's answer to this browser's last refused chat line, or null. */
  chatError: string | null;
  addChat(line: ChatLine): void;
  setChatError(message: string | null): void;
}

export const createChatSlice: AppSlice<ChatSlice> = (set, get) => ({
  chat: [],
  chatError: null,
  addChat: (line) => set({ chat: [...get().chat, line].slice(-CHAT_LENGTH) }),
  setChatError: (chatError) => set({ chatError }),
});
