import { Wallet } from 'ethers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../scripts/chain.ts';
import { type MiningJob, nonceInJob } from '../shared/pow.ts';
import type { ServerMessages } from '../shared/protocol.ts';
import { RATE_LIMITS } from '../shared/protocol.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain, type TestChain } from '../testing/test-chain.ts';
import { joinWorld, mineShares, signInOptions } from '../testing/test-client.ts';
import { type ServerProcess, spawnServer } from '../testing/test-process.ts';
import { SqliteStore } from './sqlite-store.ts';

/**
 * kill -9 in the middle of a stream of work shares and chat lines: after a restart, every share
 * and line the server acknowledged is in the database.
 */

let chain: TestChain;
let server: ServerProcess | null = null;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await server?.stop();
  await chain?.stop();
});

const wallets = PLAYER_KEYS.map((key) => new Wallet(key));

it('keeps every acknowledged work share and chat line through SIGKILL', async () => {
  const port = await freePort();
  const env = { RPC_URL: chain.rpcUrl, PORT: String(port), DATA_DIR: chain.dataDir };
  server = await spawnServer(env);
  expect(server.stderr()).toBe(''); // a healthy start prints its URL and nothing else
  const chainId = chain.deployment.chainId;

  const miner = await joinWorld(server.url, await signInOptions(server.url, wallets[0] as Wallet, chainId));
  const talkers = await Promise.all(
    wallets.map(async (wallet) =>
      joinWorld(server?.url ?? '', await signInOptions(server?.url ?? '', wallet, chainId)),
    ),
  );
  await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], 0, 0);
  await miner.until((state) => state.parcels.has(String(parcelId(0, 0))), 'the claimed parcel');
  miner.room.send('mine', { parcelId: parcelId(0, 0) });
  await miner.message('job');
  const shares = 24;

  // Shares at the rate limit, chat lines up to each talker's burst, all in flight; kill -9 midway.
  const sharesAcked = new Set<string>();
  miner.room.onMessage('workShareAccepted', (ack: ServerMessages['workShareAccepted']) =>
    sharesAcked.add(ack.digest),
  );
  const linesAcked = new Set<string>();
  for (const talker of talkers) {
    talker.room.onMessage('chat', (line: ServerMessages['chat']) => linesAcked.add(line.text));
  }
  let sending = true;
  const sender = (async () => {
    // each share mined for the miner's newest job as it goes (jobs carry a fresh nonce prefix,
    // and vardiff replaces them), so every one is live work when sent
    const next = new Map<string, bigint>(); // low nonce bits to search from, per job
    for (let i = 0; i < shares; i++) {
      const job = miner.received.job.at(-1) as MiningJob;
      const from = next.get(job.jobId) ?? 0n;
      const {
        nonces: [nonce = '0x'],
      } = await mineShares(job, 1, from);
      next.set(job.jobId, BigInt(nonce) - nonceInJob(job.noncePrefix, 0n) + 1n);
      if (!sending) return;
      miner.room.send('workShare', { jobId: job.jobId, nonce });
      const talker = talkers[i % talkers.length];
      if (i < RATE_LIMITS.chat.burst * talkers.length) talker?.room.send('chat', { text: `line ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 1000 / RATE_LIMITS.workShare.perSecond));
    }
  })();
  for (let waited = 0; sharesAcked.size < 8; waited += 20) {
    if (waited > 30_000)
      throw new Error(
        `only ${sharesAcked.size} shares acknowledged: ${JSON.stringify(miner.received.error)} ${server?.stderr()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await server.kill();
  sending = false;
  await sender;
  const acked = [...sharesAcked];
  expect(acked.length).toBeGreaterThanOrEqual(8);
  expect(acked.length).toBeLessThan(shares); // killed in the middle, not after the end
  expect(linesAcked.size).toBeGreaterThan(0);

  // The database as the killed process left it.
  const store = new SqliteStore(chain.dataDir);
  const stored = new Set((await store.workSharesOf(wallets[0]?.address ?? '')).map((share) => share.digest));
  const storedLines = new Set((await store.recentChat(100)).map((line) => line.text));
  await store.close();
  for (const digest of acked) expect(stored.has(digest)).toBe(true);
  for (const text of linesAcked) expect(storedLines.has(text)).toBe(true);

  // And the restarted server serves them: chat history on join.
  server = await spawnServer(env);
  const visitor = await joinWorld(server.url);
  const history = new Set((await visitor.message('chatHistory')).lines.map((line) => line.text));
  for (const text of linesAcked) expect(history.has(text)).toBe(true);
  await visitor.room.leave();
}, 120_000);
