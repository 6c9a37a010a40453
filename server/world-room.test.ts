import { Client } from 'colyseus.js';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORLD_ROOM } from '../shared/defaults.ts';
import { type Hex, type MiningJob, toHex32 } from '../shared/pow.ts';
import {
  CHAT_HISTORY_LINES,
  CHAT_MAX_LENGTH,
  CHAT_PER_IP_LIMIT,
  FEED_HISTORY_EVENTS,
  RATE_LIMITS,
  VIEW_RADIUS,
} from '../shared/protocol.ts';
import type { WorldStateView } from '../shared/state.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestWorld, stopTestWorld, type TestChain } from '../testing/test-chain.ts';
import { joinWorld, mineShares, signInOptions, type TestPlayer, wrapRoom } from '../testing/test-client.ts';
import { until } from '../testing/wait.ts';
import type { RunningServer } from './main.ts';
import { readChainTarget } from './ore-miner.ts';
import { defaultName } from './rules.ts';
import { SqliteStore } from './sqlite-store.ts';

let chain: TestChain;
let server: RunningServer;
const alice = new Wallet(PLAYER_KEYS[0]);
const bob = new Wallet(PLAYER_KEYS[1]);

beforeAll(async () => {
  ({ chain, server } = await startTestWorld({
    async beforeServer({ dataDir }) {
      // Chat from an earlier life of the server, more than a joiner gets.
      const store = new SqliteStore(dataDir);
      for (let i = 0; i < CHAT_HISTORY_LINES + 10; i++) {
        await store.addChat({ from: alice.address, name: 'alice', text: `line ${i}`, at: 1_000 + i });
      }
      // a name stored before address-like names were refused: it passes for alice
      await store.seePlayer(bob.address, defaultName(alice.address), 'red', 1_000);
      await store.close();
    },
  }));
});

afterAll(() => stopTestWorld({ chain, server }));

const signIn = (wallet: Wallet) => signInOptions(server.url, wallet, chain.deployment.chainId);

function me(player: TestPlayer) {
  return player.room.state.players.get(player.room.sessionId);
}

/** Walks in steps the speed check accepts until the avatar stands at (x, z). */
async function walkTo(player: TestPlayer, x: number, z: number): Promise<void> {
  const step = 4; // world units per move, 0.4 s apart: 10 units/s, under MAX_WALK_SPEED
  // right after joining, the first patch (with this player in it) may still be on its way
  await player.until(() => me(player) !== undefined, 'my player');
  for (;;) {
    const at = me(player);
    if (!at) throw new Error('not in the room');
    const dx = x - at.x;
    const dz = z - at.z;
    const distance = Math.hypot(dx, dz);
    const k = distance <= step ? 1 : step / distance;
    const next = { x: at.x + dx * k, z: at.z + dz * k, heading: 0 };
    await new Promise((resolve) => setTimeout(resolve, 400));
    player.room.send('move', next);
    await player.until((state) => {
      const p = state.players.get(player.room.sessionId);
      return p !== undefined && Math.abs(p.x - next.x) < 1e-3 && Math.abs(p.z - next.z) < 1e-3;
    }, 'my move to apply');
    if (distance <= step) return;
  }
}

describe('sign-in with Ethereum', () => {
  it('binds the session to the signing address and loads the player record', async () => {
    const player = await joinWorld(server.url, await signIn(alice));
    await player.until(() => me(player) !== undefined, 'my player');
    expect(me(player)?.address).toBe(alice.address);
    await player.room.leave();
  });

  it('shows a stored name that passes for another address as the player’s own short address', async () => {
    const player = await joinWorld(server.url, await signIn(bob));
    await player.until(() => me(player) !== undefined, 'my player');
    expect(me(player)?.name).toBe(defaultName(bob.address));
    await player.room.leave();
  });

  it('refuses a replayed message', async () => {
    const options = await signIn(bob);
    const first = await joinWorld(server.url, options);
    await expect(joinWorld(server.url, options)).rejects.toThrow(/nonce/);
    await first.room.leave();
  });

  it('refuses expired, foreign-domain, other-chain and forged messages', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const cases: [Promise<object>, RegExp][] = [
      [signInOptions(server.url, bob, chain.deployment.chainId, { expirationTime: past }), /expired/],
      [signInOptions(server.url, bob, chain.deployment.chainId, { domain: 'evil.example' }), /evil\.example/],
      [signInOptions(server.url, bob, 1), /chain 1/],
      [
        signInOptions(server.url, bob, chain.deployment.chainId, { address: alice.address }),
        /not from the address/,
      ],
    ];
    for (const [options, error] of cases)
      await expect(joinWorld(server.url, await options)).rejects.toThrow(error);
    await expect(
      joinWorld(server.url, { siwe: { message: 'hello', signature: `0x${'1'.repeat(130)}` } }),
    ).rejects.toThrow(/EIP-4361/);
  });

  it('lets guests walk but not chat or mine', async () => {
    const guest = await joinWorld(server.url);
    await guest.until(() => me(guest) !== undefined, 'my player');
    expect(me(guest)?.address).toBe(`guest-${guest.room.sessionId}`);
    guest.room.send('chat', { text: 'hi' });
    guest.room.send('mine', { parcelId: 0 });
    await guest.message('error', (e) => e.type === 'mine');
    expect(guest.received.error.map((e) => [e.type, e.code])).toEqual([
      ['chat', 'not-signed-in'],
      ['mine', 'not-signed-in'],
    ]);
    await walkTo(guest, 3, 3);
    await guest.room.leave();
  });

  it('refuses names that pass for an address or an ENS name, at join and on rename', async () => {
    for (const name of ['0xf39F…2266', '0xf39f...2266', 'Ox f39f 2266', 'vitalik.eth']) {
      await expect(joinWorld(server.url, { name }), name).rejects.toThrow(/may not look like an address/);
    }
    const guest = await joinWorld(server.url, { name: 'honest guest' });
    await guest.until(() => me(guest)?.name === 'honest guest', 'my chosen name');
    guest.room.send('rename', { name: `${alice.address.slice(0, 6)}…${alice.address.slice(-4)}` });
    const error = await guest.message('error');
    expect([error.code, error.message]).toEqual([
      'bad-payload',
      expect.stringMatching(/look like an address/),
    ]);
    expect(me(guest)?.name).toBe('honest guest');
    await guest.room.leave();
  });
});

describe('activity feed', () => {
  it('sends a late joiner the recent events, oldest first', async () => {
    const watcher = await joinWorld(server.url);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], 4, -4);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], 5, -4);
    const claimed = [parcelId(4, -4), parcelId(5, -4)];
    for (const id of claimed) await watcher.message('feed', (e) => e.parcelId === id);
    await watcher.room.leave();

    const late = await joinWorld(server.url);
    const { events } = await late.message('feedHistory');
    expect(events.filter((e) => claimed.includes(e.parcelId ?? -1)).map((e) => [e.kind, e.parcelId])).toEqual(
      claimed.map((id) => ['claim', id]),
    );
    expect(events.length).toBeLessThanOrEqual(FEED_HISTORY_EVENTS);
    await late.room.leave();
  });
});

describe('chat', () => {
  it('sends the last lines on join, oldest first', async () => {
    const player = await joinWorld(server.url);
    const { lines } = await player.message('chatHistory');
    expect(lines).toHaveLength(CHAT_HISTORY_LINES);
    expect(lines[0]?.text).toBe('line 10');
    expect(lines.at(-1)?.text).toBe(`line ${CHAT_HISTORY_LINES + 9}`);
    await player.room.leave();
  });

  it('broadcasts and stores a line, cleaned of control characters', async () => {
    const speaker = await joinWorld(server.url, await signIn(alice));
    const listener = await joinWorld(server.url);
    speaker.room.send('chat', { text: 'hello\u0000\u202e  world' });
    const line = await listener.message('chat');
    expect(line).toMatchObject({ from: alice.address, text: 'hello world' });
    const later = await joinWorld(server.url);
    expect((await later.message('chatHistory')).lines.at(-1)?.text).toBe('hello world');
    for (const p of [speaker, listener, later]) await p.room.leave();
  });

  it('refuses oversized lines and floods', async () => {
    const writer = await joinWorld(server.url, await signIn(bob));
    writer.room.send('chat', { text: 'x'.repeat(CHAT_MAX_LENGTH + 1) });
    expect((await writer.message('error')).code).toBe('bad-payload');
    await writer.room.leave();
    const speaker = await joinWorld(server.url, await signIn(bob));
    for (let i = 0; i <= RATE_LIMITS.chat.burst; i++) speaker.room.send('chat', { text: `spam ${i}` });
    expect((await speaker.message('error', (e) => e.code === 'rate-limited')).type).toBe('chat');
    expect(speaker.received.chat.filter((line) => line.text.startsWith('spam'))).toHaveLength(
      RATE_LIMITS.chat.burst,
    );
    await speaker.room.leave();
  });

  // last of the chat tests: it spends this network address's chat allowance
  it('limits chat per network address, however many fresh keys and sessions speak', async () => {
    const keys = 4;
    const speakers = await Promise.all(
      Array.from({ length: keys }, async () =>
        joinWorld(server.url, await signIn(new Wallet(Wallet.createRandom().privateKey))),
      ),
    );
    // each key stays within its own limit: only the network's limit can refuse
    for (const speaker of speakers) {
      for (let i = 0; i < RATE_LIMITS.chat.burst; i++) speaker.room.send('chat', { text: `fresh ${i}` });
    }
    const sent = keys * RATE_LIMITS.chat.burst;
    expect(sent).toBeGreaterThan(CHAT_PER_IP_LIMIT.burst + 1);
    const listener = speakers[0] as TestPlayer;
    const refusals = () => speakers.flatMap((p) => p.received.error).filter((e) => e.type === 'chat');
    const heard = () => listener.received.chat.filter((line) => line.text.startsWith('fresh')).length;
    // the verdicts come to four sockets: polled, since no patch wakes an idle player's wait
    await until(() => heard() + refusals().length === sent, 'a verdict on every line', 15_000);
    expect(refusals().every((e) => e.code === 'rate-limited' && /one network/.test(e.message))).toBe(true);
    // the burst, and at most a token that refilled while the lines arrived
    expect(heard()).toBeLessThanOrEqual(CHAT_PER_IP_LIMIT.burst + 1);
    for (const p of speakers) await p.room.leave();
  });
});

describe('movement and interest', () => {
  it('refuses a move faster than walking, leaving the avatar where it was', async () => {
    const player = await joinWorld(server.url);
    await player.until(() => me(player) !== undefined, 'my player');
    const start = { x: me(player)?.x, z: me(player)?.z };
    player.room.send('move', { x: 100, z: 0, heading: 0 });
    expect((await player.message('error')).code).toBe('too-fast');
    player.room.send('move', { x: 1e9, z: 0, heading: 0 });
    expect((await player.message('error', (e) => e.code === 'bad-payload')).message).toMatch(/x/);
    expect(me(player)).toMatchObject(start);
    await player.room.leave();
  });

  it('refuses a heading out of range (1e308 would reach others as Infinity) and stores one in [-π, π)', async () => {
    const player = await joinWorld(server.url);
    await player.until(() => me(player) !== undefined, 'my player');
    player.room.send('move', { x: 0, z: 0, heading: 1e308 });
    expect((await player.message('error')).message).toMatch(/heading/);
    const x = Math.fround((me(player)?.x ?? 0) + 0.5);
    player.room.send('move', { x, z: me(player)?.z, heading: 7 });
    await player.until(() => me(player)?.x === x, 'the move to apply');
    expect(me(player)?.heading).toBeCloseTo(7 - 2 * Math.PI, 5);
    await player.room.leave();
  });

  it('shows a player only the players within VIEW_RADIUS', async () => {
    const near = await joinWorld(server.url);
    const far = await joinWorld(server.url);
    const sees = (viewer: TestPlayer, other: TestPlayer) =>
      viewer.room.state.players.has(other.room.sessionId);
    await near.until(() => sees(near, far), 'the other player at the spawn');
    await walkTo(far, 0, VIEW_RADIUS + 8);
    await near.until(() => !sees(near, far), 'the far player to drop out of view');
    await far.until(() => !sees(far, near), 'the near player to drop out of view');
    await walkTo(far, 0, VIEW_RADIUS - 8);
    await near.until(() => sees(near, far), 'the player to come back into view');
    await near.room.leave();
    await far.room.leave();
  }, 30_000);
});

describe('reconnection', () => {
  it('gives a dropped client its seat and state back', async () => {
    const client = new Client(server.url.replace(/^http/, 'ws'));
    const first = wrapRoom(await client.joinOrCreate<WorldStateView>(WORLD_ROOM, { name: 'wanderer' }));
    const watcher = await joinWorld(server.url);
    await walkTo(first, 2, 1);
    const { sessionId, reconnectionToken } = first.room;
    await first.room.leave(false); // the socket drops without a goodbye
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watcher.room.state.players.get(sessionId)?.name).toBe('wanderer'); // the seat is held
    const again = wrapRoom(await client.reconnect<WorldStateView>(reconnectionToken));
    expect(again.room.sessionId).toBe(sessionId);
    await again.until(() => me(again) !== undefined, 'my player after reconnecting');
    expect(me(again)).toMatchObject({ name: 'wanderer', x: 2, z: 1 });
    await walkTo(again, 3, 1);
    await again.room.leave();
    await watcher.until((state) => !state.players.has(sessionId), 'the player to leave for good');
    await watcher.room.leave();
  });
});

/** Claims parcel (x, y) for bob, joins as alice and asks for a job on it. */
async function mineAsAlice(
  x: number,
  y: number,
): Promise<{ miner: TestPlayer; parcel: number; job: MiningJob }> {
  await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], x, y);
  const parcel = parcelId(x, y);
  const miner = await joinWorld(server.url, await signIn(alice));
  await miner.until((state) => state.parcels.has(String(parcel)), 'the claimed parcel');
  miner.room.send('mine', { parcelId: parcel });
  return { miner, parcel, job: await miner.message('job') };
}

describe('work shares', () => {
  it('accepts a valid share once and refuses duplicates, unknown jobs and work above target', async () => {
    const miner = await joinWorld(server.url, await signIn(alice));
    miner.room.send('mine', { parcelId: parcelId(8, 8) });
    expect((await miner.message('error')).code).toBe('parcel-unclaimed');

    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], 1, 1);
    const parcel = parcelId(1, 1);
    await miner.until((state) => state.parcels.has(String(parcel)), 'the claimed parcel');
    miner.room.send('mine', { parcelId: parcel });
    const job = await miner.message('job');
    expect(job).toMatchObject({ parcelId: parcel, miner: alice.address });
    const {
      nonces: [nonce = '0x'],
      miss,
    } = await mineShares(
      job,
      1,
      0n,
      await readChainTarget(chain.rpcUrl, chain.deployment.addresses.OreMiner),
    );

    miner.room.send('workShare', { jobId: job.jobId, nonce });
    const accepted = await miner.message('workShareAccepted');
    expect(accepted).toMatchObject({ jobId: job.jobId, solution: false });
    miner.room.send('workShare', { jobId: job.jobId, nonce });
    miner.room.send('workShare', { jobId: job.jobId, nonce: miss });
    miner.room.send('workShare', { jobId: 'nope', nonce });
    await miner.message('error', (e) => e.code === 'unknown-job');
    expect(miner.received.error.map((e) => e.code)).toEqual([
      'parcel-unclaimed',
      'duplicate-share',
      'above-target',
      'unknown-job',
    ]);
    await miner.until(() => (me(miner)?.hashRate ?? 0) > 0, 'a hash rate from the accepted share');
    expect(me(miner)?.miningParcel).toBe(parcel);
    await miner.until(
      (state) => (state.parcels.get(String(parcel))?.hashRate ?? 0) > 0,
      "the parcel's hash rate",
    );

    const store = new SqliteStore(chain.dataDir);
    expect((await store.workSharesOf(alice.address)).map((s) => s.digest)).toEqual([accepted.digest]);
    await store.close();
    await miner.room.leave();
  });

  it('stops crediting at once on mineStop and refuses the stopped job', async () => {
    const { miner, parcel, job } = await mineAsAlice(2, 1);
    const {
      nonces: [first = '0x', second = '0x'],
    } = await mineShares(job, 2);
    miner.room.send('workShare', { jobId: job.jobId, nonce: first });
    await miner.message('workShareAccepted');
    const rate = (state: WorldStateView) => state.parcels.get(String(parcel))?.hashRate ?? 0;
    await miner.until((state) => rate(state) > 0, "the parcel's hash rate");

    miner.room.send('mineStop', {});
    // well within the pool's 60 s rate window: only the stop can bring these back to nothing
    await miner.until(
      (state) => rate(state) === 0 && me(miner)?.miningParcel === -1 && me(miner)?.hashRate === 0,
      'the stopped miner and its parcel at no hash rate',
    );
    miner.room.send('workShare', { jobId: job.jobId, nonce: second });
    expect((await miner.message('error')).code).toBe('unknown-job');
    await miner.room.leave();
  });

  it('refuses work hashed before the job: a burst of shares without the job prefix credits nothing', async () => {
    const { miner, job } = await mineAsAlice(3, 1);
    // what an attacker precomputed for the parcel's challenge before it asked: nonces from 0
    const precomputed = await mineShares({ ...job, noncePrefix: toHex32(0n).slice(0, 34) as Hex }, 4);
    for (const nonce of precomputed.nonces) miner.room.send('workShare', { jobId: job.jobId, nonce });
    await miner.until(() => miner.received.error.length === precomputed.nonces.length, 'four verdicts');
    expect(miner.received.error.map((e) => [e.code, e.message])).toEqual(
      precomputed.nonces.map(() => ['stale-job', expect.stringMatching(/prefix/)]),
    );
    expect(miner.received.workShareAccepted).toEqual([]);
    // the same search inside the job's prefix is work done for the job: it counts
    const { nonces } = await mineShares(job, 1);
    expect(BigInt(nonces[0] ?? 0) >> 128n).toBe(BigInt(job.noncePrefix));
    miner.room.send('workShare', { jobId: job.jobId, nonce: nonces[0] as Hex });
    await miner.message('workShareAccepted');
    await miner.room.leave();
  });

  it('credits an address once, on the one parcel it mines, however many sessions it has', async () => {
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], 4, 1);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], 5, 1);
    const [here, there] = [parcelId(4, 1), parcelId(5, 1)];
    const sessions = [];
    for (let i = 0; i < 3; i++) sessions.push(await joinWorld(server.url, await signIn(bob)));
    const [first, second, third] = sessions as [TestPlayer, TestPlayer, TestPlayer];
    await first.until((state) => state.parcels.has(String(there)), 'the claimed parcels');
    for (const session of sessions) session.room.send('mine', { parcelId: here });
    // every session gets the address's newest job: the last one asked for
    await Promise.all(
      sessions.map((session) =>
        session.until(() => session.received.job.length === 3, 'the three jobs of the three asks'),
      ),
    );
    const job = first.received.job.at(-1) as MiningJob;
    expect(sessions.every((session) => session.received.job.at(-1)?.jobId === job.jobId)).toBe(true);
    const {
      nonces: [nonce = '0x'],
    } = await mineShares(job, 1);
    second.room.send('workShare', { jobId: job.jobId, nonce });
    await second.message('workShareAccepted');
    const parcelRate = (state: WorldStateView) => state.parcels.get(String(here))?.hashRate ?? 0;
    const bobs = (state: WorldStateView) =>
      [...state.players.values()].filter((p) => p.address === bob.address);
    // the parcel shows the address's one rate, as each of its three sessions does (not their sum)
    await first.until(
      (state) =>
        parcelRate(state) > 0 &&
        bobs(state).length === 3 &&
        bobs(state).every((p) => p.hashRate === parcelRate(state) && p.miningParcel === here),
      "the parcel's rate equal to the address's",
    );
    // a superseded job (the first ask's) stops counting at once
    const superseded = first.received.job[0] as MiningJob;
    const old = await mineShares(superseded, 1);
    first.room.send('workShare', { jobId: superseded.jobId, nonce: old.nonces[0] as Hex });
    expect((await first.message('error')).code).toBe('unknown-job');

    // a fourth session on another parcel moves the address there: no work there, no rate anywhere
    const fourth = await joinWorld(server.url, await signIn(bob));
    fourth.room.send('mine', { parcelId: there });
    const moved = await fourth.message('job', (j) => j.parcelId === there);
    await first.until(
      (state) => parcelRate(state) === 0 && (state.parcels.get(String(there))?.hashRate ?? -1) === 0,
      'no rate on either parcel',
    );
    for (const session of [...sessions, fourth]) {
      await session.until(
        () => me(session)?.miningParcel === there && me(session)?.hashRate === 0,
        'every session on the new parcel at no rate',
      );
    }
    // the left parcel's job is refused
    const stale = await mineShares(job, 2);
    third.room.send('workShare', { jobId: job.jobId, nonce: stale.nonces[1] as Hex });
    expect((await third.message('error')).code).toBe('unknown-job');
    expect(moved.miner).toBe(bob.address);
    for (const session of [...sessions, fourth]) await session.room.leave();
  }, 30_000);
});
