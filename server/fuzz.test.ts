import { Wallet } from 'ethers';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clientMessages } from '../shared/protocol.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { startTestWorld, stopTestWorld, type TestChain } from '../testing/test-chain.ts';
import { joinWorld, signInOptions, type TestPlayer } from '../testing/test-client.ts';
import type { RunningServer } from './main.ts';

/**
 * Thousands of malformed and random messages from several clients at once: every one is refused,
 * no state changes, the room stays up and a well-behaved player is unaffected.
 */

let chain: TestChain;
let server: RunningServer;

beforeAll(async () => {
  ({ chain, server } = await startTestWorld());
});

afterAll(() => stopTestWorld({ chain, server }));

/** Sum of a counter over all its labels, read from /metrics. */
async function counter(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(' ').at(-1));
  return sum;
}

/** JSON of a decoded Schema collection (they serialize through their own toJSON). */
const json = (collection: unknown) => JSON.stringify((collection as { toJSON(): unknown }).toJSON());

const knownTypes = Object.keys(clientMessages) as (keyof typeof clientMessages)[];
const typeArbitrary = fc.oneof(
  fc.constantFrom(...knownTypes),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('__proto__', 'constructor', '*', '', 'error', 'move '),
  fc.integer({ min: 0, max: 300 }),
);
const payloadArbitrary = fc.oneof(
  fc.anything({ maxDepth: 3, withBigInt: false, withMap: false, withSet: false, withTypedArray: false }),
  fc.record({ x: fc.double(), z: fc.double(), heading: fc.double() }),
  fc.record({ x: fc.constant(1e308), z: fc.constant(Number.NaN), heading: fc.constant(0) }),
  fc.record({ text: fc.string({ minLength: 201, maxLength: 5_000 }) }),
  fc.record({ name: fc.oneof(fc.string({ minLength: 25 }), fc.constant('  '), fc.integer()) }),
  fc.record({ jobId: fc.string(), nonce: fc.string() }),
  fc.record({ parcelId: fc.oneof(fc.integer({ min: 90_601 }), fc.integer({ max: -1 }), fc.double()) }),
);
/** A message no rule may accept: its payload fails the schema of its type (a valid one could be accepted). */
const badMessage = fc
  .tuple(typeArbitrary, payloadArbitrary)
  .filter(
    ([type, payload]) =>
      !(
        typeof type === 'string' &&
        knownTypes.includes(type as never) &&
        clientMessages[type as keyof typeof clientMessages].safeParse(payload).success
      ),
  );

it('survives a flood of malformed messages with no state change', async () => {
  const bystander = await joinWorld(
    server.url,
    await signInOptions(server.url, new Wallet(PLAYER_KEYS[2]), 31337),
  );
  const fuzzers: TestPlayer[] = [
    await joinWorld(server.url),
    await joinWorld(server.url),
    await joinWorld(server.url),
    await joinWorld(server.url, await signInOptions(server.url, new Wallet(PLAYER_KEYS[0]), 31337)),
  ];
  const everyone = [bystander, ...fuzzers];
  await bystander.until((state) => state.players.size === everyone.length, 'everyone in view');
  const snapshot = () => json(bystander.room.state.players);
  const before = snapshot();
  const beforeParcels = json(bystander.room.state.parcels);
  const receivedBefore = await counter('fracterra_messages_total');
  const rejectedBefore = await counter('fracterra_rejected_messages_total');

  const perClient = 1_000;
  const batches = fuzzers.map((_, i) => fc.sample(badMessage, { numRuns: perClient, seed: 42 + i }));
  for (let i = 0; i < perClient; i++) {
    for (const [k, fuzzer] of fuzzers.entries()) {
      const [type, payload] = batches[k]?.[i] ?? ['x', null];
      fuzzer.room.send(type, payload);
    }
  }
  const sent = perClient * fuzzers.length;
  await expect
    .poll(() => counter('fracterra_messages_total'), { timeout: 20_000, interval: 100 })
    .toBeGreaterThanOrEqual(receivedBefore + sent);

  expect(await counter('fracterra_rejected_messages_total')).toBe(rejectedBefore + sent);
  for (const fuzzer of fuzzers) {
    expect(fuzzer.received.error.length).toBeGreaterThan(0);
    for (const error of fuzzer.received.error) expect(error.message.length).toBeGreaterThan(0);
  }
  expect(bystander.received.error).toEqual([]);
  expect(snapshot()).toBe(before);
  expect(json(bystander.room.state.parcels)).toBe(beforeParcels);

  // Still alive: the bystander walks and everyone sees it; a newcomer gets in.
  await new Promise((resolve) => setTimeout(resolve, 200));
  bystander.room.send('move', { x: 1, z: 1, heading: 1 });
  for (const player of everyone) {
    await player.until(
      (state) => state.players.get(bystander.room.sessionId)?.x === 1,
      'the bystander to move',
    );
  }
  const newcomer = await joinWorld(server.url);
  await newcomer.until((state) => state.players.size === everyone.length + 1, 'the newcomer to see everyone');
  for (const player of [...everyone, newcomer]) await player.room.leave();
}, 60_000);

it('drops a client that sends undecodable frames, and only that client', async () => {
  const bystander = await joinWorld(server.url);
  await bystander.until((state) => state.players.has(bystander.room.sessionId), 'the bystander');
  const vandal = await joinWorld(server.url);
  const frames = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 64 }), { numRuns: 200, seed: 7 });
  const left = new Promise<number>((resolve) => vandal.room.onLeave(resolve));
  for (const frame of frames) vandal.room.connection.send(frame);
  // Room data with a type but a payload that is not MessagePack, then garbage of every length.
  vandal.room.connection.send(new Uint8Array([13, 0xa1, 0x6d, 0xc1, 0xc1]));
  vandal.room.connection.send(new Uint8Array([13]));
  expect(await left).toBeGreaterThan(1000); // a WebSocket close code: the server hung up on it
  // a step from where the room placed it (spread over the plaza): within walking speed at once
  const at = bystander.room.state.players.get(bystander.room.sessionId);
  const x = Math.fround((at?.x ?? 0) - 0.5);
  bystander.room.send('move', { x, z: at?.z ?? 0, heading: 0 });
  await bystander.until(
    (state) => state.players.get(bystander.room.sessionId)?.x === x,
    'the bystander to move',
  );
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  await bystander.room.leave();
});
