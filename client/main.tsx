import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppContext, createApp } from './app.ts';
import { MiningController } from './features/mining/mining-controller.ts';
import { fetchConfig } from './features/net/config.ts';
import { connectWorld, gameSocketUrl, send, type WorldConnection } from './features/net/room.ts';
import { createWalletService, type WalletService } from './features/wallet/wallet-service.ts';
import { Layout } from './layout.tsx';
import { createTestHandle } from './test-handle.ts';

let wallet: WalletService | null = null;
let connection: WorldConnection | null = null;

const app = createApp(
  {
    async claim(parcelId) {
      if (!wallet) {
        app.store
          .getState()
          .setClaim({ parcelId, phase: 'failed', message: 'No chain: the game server is not reachable.' });
        return;
      }
      await wallet.claim(parcelId);
    },
    sendChat(text) {
      const room = connection?.room();
      if (!room) app.store.getState().setChatError('Not connected to the world.');
      else send(room, 'chat', { text });
    },
  },
  () => connection?.room() ?? null,
);
window.__fracterra = createTestHandle(app);
const mining = new MiningController(app.store, {
  room: () => connection?.room() ?? null,
  async submitSolution(parcelId, nonce) {
    if (!wallet) return { kind: 'failed', message: 'No chain: the game server is not reachable.' };
    const burner = await wallet.open();
    await wallet.funded();
    return burner.mine(parcelId, nonce);
  },
  document,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppContext.Provider value={app}>
      <Layout mining={mining} />
    </AppContext.Provider>
  </StrictMode>,
);

async function signInOptions(page: URL): Promise<{ message: string; signature: string } | undefined> {
  if (!wallet) return undefined;
  try {
    const burner = await wallet.open();
    const response = await fetch(new URL('/auth/nonce', page));
    const { nonce } = (await response.json()) as { nonce: string };
    return await burner.signIn(nonce);
  } catch (error) {
    console.warn(`joining as a guest: ${(error as Error).message}`);
    return undefined;
  }
}

/** Config, then the wallet (lazily loaded) to sign in, then the world room. */
async function boot(): Promise<void> {
  const page = new URL(location.href);
  const state = app.store.getState();
  try {
    const config = await fetchConfig(page);
    state.setConfig(config);
    wallet = createWalletService(app.store, config);
    connection = await connectWorld(app, gameSocketUrl(location), { siwe: await signInOptions(page) });
  } catch (error) {
    state.setOffline((error as Error).message);
  }
}

void boot();
