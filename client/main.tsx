import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppContext, createApp } from './app.ts';
import { bindWallet } from './features/chain/session.ts';
import { MiningController } from './features/mining/mining-controller.ts';
import { fetchConfig } from './features/net/config.ts';
import { savedGuestName } from './features/net/guest-name.ts';
import type { JoinPlan, WorldConnection } from './features/net/world-link.ts';
import { createWalletService, type WalletService } from './features/wallet/wallet-service.ts';
import { Layout } from './layout.tsx';
import { createTestHandle } from './test-handle.ts';

const NO_CHAIN = 'No chain: the game server is not reachable.';

let wallet: WalletService | null = null;
let connection: WorldConnection | null = null;

const app = createApp(
  {
    async claim(parcelId) {
      if (!wallet) {
        app.store.getState().setClaim({ parcelId, phase: 'failed', message: NO_CHAIN });
        return;
      }
      await wallet.claim(parcelId);
    },
    sendChat(text) {
      if (!connection?.link()?.send('chat', { text }))
        app.store.getState().setChatError('Not connected to the world.');
    },
    chooseWallet: async (id) => wallet?.choose(id),
    switchNetwork: async () => wallet?.switchNetwork(),
  },
  () => connection?.link() ?? null,
);
if (__FRACTERRA_TEST_HANDLE__) window.__fracterra = createTestHandle(app);
const mining = new MiningController(app.store, {
  link: () => connection?.link() ?? null,
  wallet: () => wallet,
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

/**
 * Joins the world signed in as the wallet's account (a guest without one): its one world room, or
 * its zone rooms when the server's config says the world is split (a scaled cluster). The session
 * cookie the wallet's sign-in leaves goes with the first room's socket. After a wallet change it leaves
 * and joins again: the server binds a room session to an address at join.
 */
async function join(): Promise<void> {
  // the networking (colyseus.js) loads on the first join: the world draws without it
  const { connectWorld, gameSocketUrl } = await import('./features/net/room.ts');
  const zones = app.store.getState().config?.zones ? await import('./features/net/zone-connection.ts') : null;
  // signed in before leaving: a refused signature joins as a guest, but never leaves the player roomless
  let signedIn = (await wallet?.signIn()) ?? false;
  const previous = connection;
  if (previous) {
    connection = null;
    await previous.close();
    await forgetSession();
  }
  // the first join spawns at the server's default; later ones keep the avatar where it stands
  let spawnHere = previous !== null;
  let first = true;
  const plan: JoinPlan = {
    async options() {
      // a fresh join after a lost seat: the session may have ended meanwhile (expired, signed out)
      if (!first) signedIn = (await wallet?.signIn()) ?? false;
      first = false;
      const spawn = spawnHere ? { x: app.me.x, z: app.me.z } : undefined;
      spawnHere = true;
      // a guest asks for the name it chose on an earlier visit (the server keeps a wallet's)
      const name = signedIn ? undefined : savedGuestName(localStorage);
      // no key at all when unset: a null would fail the room's options schema
      return { ...(spawn && { spawn }), ...(name && { name }) };
    },
    forget: forgetSession,
    heard: (type, message) => mining.heard(type, message),
  };
  const url = gameSocketUrl(location);
  connection = zones
    ? await zones.connectZones(app, url, plan, new URL(location.href))
    : await connectWorld(app, url, plan);
}

/** What belonged to the session that ended: its mining, the other players it saw, its chat. */
async function forgetSession(): Promise<void> {
  await mining.stop(); // work shares and solutions belong to the session's address
  for (const sessionId of [...app.players.players.keys()]) app.players.remove(sessionId);
  app.store.setState({ chat: [] }); // the new session's chat history brings the lines back
}

/** Config, then the wallet (lazily loaded) to sign in, then the world room. */
async function boot(): Promise<void> {
  const page = new URL(location.href);
  const state = app.store.getState();
  let config: Awaited<ReturnType<typeof fetchConfig>>;
  try {
    config = await fetchConfig(page);
  } catch (error) {
    state.setOffline((error as Error).message);
    return;
  }
  state.setConfig(config);
  const service = createWalletService(app.store, config, { page, storage: localStorage, events: window });
  wallet = service;
  bindWallet(service);
  // one (re-)join at a time, in the order the account changed
  let joining = Promise.resolve();
  const rejoin = () => {
    joining = joining.then(join).catch((error: unknown) => state.setOffline((error as Error).message));
  };
  service.onAccountChange(rejoin);
  await service.restore();
  rejoin();
}

void boot();
