import { JsonRpcProvider, parseEther, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalChain, startLocalChain } from '../../../scripts/chain.ts';
import { LOCAL_CHAIN_ID } from '../../../shared/defaults.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { QueuedSigner } from './queued-signer.ts';

/** Two player accounts with test ETH. */
const KEYS = [PLAYER_KEYS[1], PLAYER_KEYS[2]] as const;
const RECIPIENTS = [
  '0x000000000000000000000000000000000000dEaD',
  '0x000000000000000000000000000000000000bEEF',
];

describe('one signer per page: concurrent sends on a real chain', () => {
  let chain: LocalChain;
  let provider: JsonRpcProvider;

  beforeAll(async () => {
    chain = await startLocalChain({ port: 0 });
    // as the client opens it on the game's /rpc: no chain-id probe per call, no cached nonces
    provider = new JsonRpcProvider(chain.rpcUrl, LOCAL_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
  });
  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  /** Two transfers started in the same tick (a mining solution and a player action, say). */
  const sendTwo = (signer: Wallet | QueuedSigner) =>
    Promise.allSettled(RECIPIENTS.map((to) => signer.sendTransaction({ to, value: parseEther('0.001') })));

  it('lands both when they go through the queue, with consecutive nonces', async () => {
    const wallet = new Wallet(KEYS[0], provider);
    const results = await sendTwo(new QueuedSigner(wallet));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const sent = results.map((result) => (result as PromiseFulfilledResult<{ hash: string }>).value);
    const receipts = await Promise.all(sent.map((tx) => provider.waitForTransaction(tx.hash)));
    expect(receipts.map((receipt) => receipt?.status)).toEqual([1, 1]);
    const txs = await Promise.all(sent.map((tx) => provider.getTransaction(tx.hash)));
    expect(txs.map((tx) => tx?.nonce)).toEqual([0, 1]);
    expect(await provider.getTransactionCount(wallet.address)).toBe(2);
  });

  it('collides on the nonce without the queue (what the queue is for)', async () => {
    const wallet = new Wallet(KEYS[1], provider);
    const results = await sendTwo(wallet);
    // both took the pending count before either was broadcast: one of them is refused
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    expect(await provider.getTransactionCount(wallet.address)).toBe(1);
  });

  it('keeps going after a send that failed', async () => {
    const signer = new QueuedSigner(new Wallet(KEYS[0], provider));
    const [broke, next] = await Promise.allSettled([
      signer.sendTransaction({ to: RECIPIENTS[0], value: parseEther('1000000') }), // more than it holds
      signer.sendTransaction({ to: RECIPIENTS[1], value: parseEther('0.001') }),
    ]);
    expect(broke.status).toBe('rejected');
    expect(next.status).toBe('fulfilled');
  });
});
