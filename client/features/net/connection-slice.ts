import type { PublicConfig } from '../../../shared/deployment.ts';
import type { AppSlice } from '../../store.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionSlice {
  connection: ConnectionStatus;
  /** Why the client is offline, in words; null when online or still connecting. */
  connectionError: string | null;
  config: PublicConfig | null;
  /** This browser's session in the world room. */
  sessionId: string | null;
  setConfig(config: PublicConfig): void;
  setOnline(sessionId: string): void;
  setOffline(reason: string): void;
}

export const createConnectionSlice: AppSlice<ConnectionSlice> = (set) => ({
  connection: 'connecting',
  connectionError: null,
  config: null,
  sessionId: null,
  setConfig: (config) => set({ config }),
  setOnline: (sessionId) => set({ connection: 'online', connectionError: null, sessionId }),
  setOffline: (reason) => set({ connection: 'offline', connectionError: reason, sessionId: null }),
});
