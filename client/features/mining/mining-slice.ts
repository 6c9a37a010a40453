import type { AppSlice } from '../../store.ts';

/** The player's mining, as the mining panel shows it. */
export interface MiningState {
  /** Parcel being mined, or null when mining is off. */
  parcelId: number | null;
  /** `waiting`: asked the server for a job; `paused`: the tab is hidden. */
  status: 'off' | 'waiting' | 'mining' | 'paused';
  threads: number;
  /** Fraction of each worker's time spent hashing, 0 to 1. */
  throttle: number;
  /** Hashes per second measured in this tab. */
  localHashRate: number;
  /** Hashes per second the server credits from accepted work shares. */
  creditedHashRate: number;
  /** Work shares accepted / refused by the server this session. */
  accepted: number;
  rejected: number;
  /**
   * Work shares found but never sent this session: more than the room takes per second were
   * waiting, or their job was replaced (they could no longer be credited).
   */
  unsent: number;
  /** Solutions mined on chain this session, and the ORE (wei) they paid this player. */
  solutions: number;
  oreEarned: bigint;
  /** A solution is on its way to the chain (it is still sent after Stop: it is valid work). */
  submitting: boolean;
  /** The last thing worth telling the player (a refusal, a solution…), or null. */
  message: string | null;
}

export interface MiningSlice {
  mining: MiningState;
  patchMining(patch: Partial<MiningState>): void;
}

export const MINING_OFF: Omit<MiningState, 'threads' | 'throttle'> = {
  parcelId: null,
  status: 'off',
  localHashRate: 0,
  creditedHashRate: 0,
  accepted: 0,
  rejected: 0,
  unsent: 0,
  solutions: 0,
  oreEarned: 0n,
  submitting: false,
  message: null,
};

/** `threads` starts at the default of DESIGN.md §4; the controller sets it from the hardware. */
export const createMiningSlice: AppSlice<MiningSlice> = (set, get) => ({
  mining: { ...MINING_OFF, threads: 1, throttle: 1 },
  patchMining: (patch) => set({ mining: { ...get().mining, ...patch } }),
});
