import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { landRegistryAbi } from '../../../shared/contracts.ts';
import type { PublicConfig } from '../../../shared/deployment.ts';
import type { Hex } from '../../../shared/pow.ts';
import { buildSiweMessage, SIWE_STATEMENT, SIWE_VALIDITY_SECONDS } from '../../../shared/siwe.ts';
import { parcelCoords } from '../../../shared/world.ts';
import { type SolutionOutcome, submitSolution } from '../mining/solution.ts';
import { BURNER_KEY_ITEM } from './burner-key.ts';

/**
 * The embedded burner wallet of the local chain: a random key kept in this browser profile's
 * localStorage, funded by the game server's faucet. Loaded lazily (ethers is most of its weight).
 */

export interface Burner {
  address: string;
  /** The signer itself, for the player actions of client/features/chain. */
  signer: Wallet;
  balance(): Promise<bigint>;
  /** Asks the faucet for ETH when the wallet is empty; resolves once the drip is mined. */
  fundIfEmpty(): Promise<void>;
  /** Claims parcel `id` paying the contract's price; resolves with the mined transaction hash. */
  claim(id: number): Promise<string>;
  /** A Sign-In with Ethereum message for this page and its signature (join option `siwe`). */
  signIn(nonce: string): Promise<{ message: string; signature: string }>;
  /** Submits a proof-of-work solution for parcel `id` to OreMiner. */
  mine(id: number, nonce: Hex): Promise<SolutionOutcome>;
}

function storedKey(storage: Storage): string {
  const existing = storage.getItem(BURNER_KEY_ITEM);
  if (existing && /^0x[0-9a-fA-F]{64}$/.test(existing)) return existing;
  const key = Wallet.createRandom().privateKey;
  storage.setItem(BURNER_KEY_ITEM, key);
  return key;
}

export function openBurner(config: PublicConfig, storage: Storage, page: URL): Burner {
  const rpcUrl = new URL(config.rpcUrl, page).href;
  // staticNetwork: no chain-id probe per call; cacheTimeout -1: fresh nonces on a fast local chain.
  const provider = new JsonRpcProvider(rpcUrl, config.chainId, { staticNetwork: true, cacheTimeout: -1 });
  const wallet = new Wallet(storedKey(storage), provider);
  const registry = new Contract(config.deployment.addresses.LandRegistry, landRegistryAbi, wallet);

  return {
    address: wallet.address,
    signer: wallet,
    balance: () => provider.getBalance(wallet.address),
    async fundIfEmpty() {
      if (!config.faucet || (await provider.getBalance(wallet.address)) > 0n) return;
      const response = await fetch(new URL('/faucet', page), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address: wallet.address }),
      });
      const body = (await response.json().catch(() => ({}))) as { txHash?: string; error?: string };
      if (!response.ok || !body.txHash) {
        throw new Error(`the faucet refused: ${body.error ?? `HTTP ${response.status}`}`);
      }
      await provider.waitForTransaction(body.txHash);
    },
    async claim(id) {
      const { x, y } = parcelCoords(id);
      const price = (await registry.getFunction('priceOf')(x, y)) as bigint;
      const tx = await registry.getFunction('claim')(x, y, { value: price });
      const receipt = await tx.wait();
      return receipt.hash as string;
    },
    async signIn(nonce) {
      const now = Date.now();
      const message = buildSiweMessage({
        domain: page.host,
        address: wallet.address,
        statement: SIWE_STATEMENT,
        uri: page.origin,
        chainId: config.chainId,
        nonce,
        issuedAt: new Date(now).toISOString(),
        expirationTime: new Date(now + SIWE_VALIDITY_SECONDS * 1000).toISOString(),
      });
      return { message, signature: await wallet.signMessage(message) };
    },
    mine: (id, nonce) => submitSolution(wallet, config.deployment.addresses.OreMiner, id, nonce),
  };
}
