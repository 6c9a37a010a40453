import type { AppSlice } from '../../store.ts';

export interface ChainSlice {
  /**
   * Last chain block the server's indexer applied (room state `indexedBlock`). The local chain
   * mines a block only per transaction, so a move here is the signal to re-read chain figures
   * (share balances, pool reserves, rewards) that the room does not carry.
   */
  indexedBlock: number;
  setIndexedBlock(block: number): void;
}

export const createChainSlice: AppSlice<ChainSlice> = (set) => ({
  indexedBlock: 0,
  setIndexedBlock: (indexedBlock) => set({ indexedBlock }),
});
