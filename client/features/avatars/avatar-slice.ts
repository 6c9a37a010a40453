import type { AppSlice } from '../../store.ts';

export interface AvatarSlice {
  /** This player's name as the room has it ('' before joining). */
  myName: string;
  /** The room's answer to this browser's last refused rename, or null. */
  nameError: string | null;
  setMyName(name: string): void;
  setNameError(message: string | null): void;
}

export const createAvatarSlice: AppSlice<AvatarSlice> = (set) => ({
  myName: '',
  nameError: null,
  setMyName: (myName) => set({ myName, nameError: null }),
  setNameError: (nameError) => set({ nameError }),
});
