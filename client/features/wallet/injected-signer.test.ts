import { getAddress, JsonRpcProvider, parseEther, verifyMessage } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalChain, startLocalChain } from '../../../scripts/chain.ts';
import { LOCAL_CHAIN_ID } from '../../../shared/defaults.ts';
import type { Eip1193Provider } from './eip6963.ts';
import { InjectedSigner } from './injected-signer.ts';
import { QueuedSigner } from './queued-signer.ts';
import { WalletRefusal } from './wallet-errors.ts';

const RECIPIENT = '0x000000000000000000000000000000000000dEaD';

/**
 * A browser wallet over a real anvil: anvil signs for its unlocked development accounts, the
 * wallet reports the network it is on (`chainId`, switched by the test) and can reject the next
 * request as a player would (code 4001).
 */
function anvilWallet(rpcUrl: string) {
  const state = { chainId: 1, rejectNext: false };
  const provider: Eip1193Provider = {
    async request({ method, params }) {
      if (method === 'eth_chainId') return `0x${state.chainId.toString(16)}`;
      if (state.rejectNext) {
        state.rejectNext = false;
        throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
      }
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
      if (body.error) throw Object.assign(new Error(body.error.message), body.error);
      return body.result;
    },
  };
  return { state, provider };
}

describe('a browser wallet as the page signer, on a real chain', () => {
  let chain: LocalChain;
  let reads: JsonRpcProvider;
  let address: string;
  let wallet: ReturnType<typeof anvilWallet>;
  let signer: QueuedSigner;

  beforeAll(async () => {
    chain = await startLocalChain({ port: 0 });
    reads = new JsonRpcProvider(chain.rpcUrl, LOCAL_CHAIN_ID, { staticNetwork: true, cacheTimeout: -1 });
    address = getAddress(((await reads.send('eth_accounts', [])) as string[])[8] as string);
    wallet = anvilWallet(chain.rpcUrl);
    signer = new QueuedSigner(
      new InjectedSigner(wallet.provider, address, 'Test Wallet', LOCAL_CHAIN_ID, reads),
    );
  });
  afterAll(async () => {
    reads?.destroy();
    await chain?.stop();
  });

  it('sends nothing while the wallet is on another network, and says which', async () => {
    wallet.state.chainId = 1;
    const send = signer.sendTransaction({ to: RECIPIENT, value: parseEther('0.001') });
    await expect(send).rejects.toThrow(WalletRefusal);
    await expect(send).rejects.toThrow(
      `Wrong network: Ethereum (chain 1); switch to chain ${LOCAL_CHAIN_ID}. Nothing was sent.`,
    );
    expect(await reads.getTransactionCount(address)).toBe(0);
  });

  it('on the game chain: two sends at once both land, read back through the game provider', async () => {
    wallet.state.chainId = LOCAL_CHAIN_ID;
    const sent = await Promise.all([
      signer.sendTransaction({ to: RECIPIENT, value: parseEther('0.001') }),
      signer.sendTransaction({ to: RECIPIENT, value: parseEther('0.002') }),
    ]);
    expect(sent.map((tx) => tx.from)).toEqual([address, address]);
    expect(sent.map((tx) => tx.nonce).sort()).toEqual([0, 1]);
    const receipts = await Promise.all(sent.map((tx) => tx.wait()));
    expect(receipts.map((receipt) => receipt?.status)).toEqual([1, 1]);
  });

  it('signs a sign-in message with personal_sign', async () => {
    const message = 'Sign in to Fracterra.';
    expect(verifyMessage(message, await signer.signMessage(message))).toBe(address);
  });

  it('turns the player rejecting in the wallet (4001) into words, with nothing sent', async () => {
    wallet.state.chainId = LOCAL_CHAIN_ID;
    const before = await reads.getTransactionCount(address);
    wallet.state.rejectNext = true;
    await expect(signer.sendTransaction({ to: RECIPIENT, value: 1n })).rejects.toThrow(
      'You rejected the transaction in Test Wallet; nothing was sent.',
    );
    wallet.state.rejectNext = true;
    await expect(signer.signMessage('hello')).rejects.toThrow(WalletRefusal);
    expect(await reads.getTransactionCount(address)).toBe(before);
  });
});
