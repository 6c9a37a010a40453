import { getAddress, JsonRpcProvider, Wallet } from 'ethers';
import { landRegistryAbi, oreTokenAbi } from '../../../shared/contracts.ts';
import type { PublicConfig } from '../../../shared/deployment.ts';
import { buildSiweMessage, SIWE_STATEMENT, SIWE_VALIDITY_SECONDS } from '../../../shared/siwe.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { parcelCoords } from '../../../shared/world.ts';
import { BURNER_KEY_ITEM } from './burner-key.ts';
import type { Eip1193Provider } from './eip6963.ts';
import { InjectedSigner } from './injected-signer.ts';
import { QueuedSigner } from './queued-signer.ts';

/**
 * The player's account, whichever wallet holds it, and what the game does with it. Loaded lazily
 * by the wallet service (ethers is most of its weight).
 */

/** 'burner': the embedded wallet of the local chain; 'injected': a browser wallet (EIP-6963). */
export type WalletKind = 'burner' | 'injected';

/** One per page: everything that signs (sign-in, claims, player actions, mining solutions) uses it. */
export interface WalletAccount {
  kind: WalletKind;
  /** EIP-55 checksummed. */
  address: string;
  /** The one signer of the page; its transaction sends run one at a time (QueuedSigner). */
  signer: QueuedSigner;
  /** The game's `/rpc`: every read, whatever network a browser wallet is on. */
  provider: JsonRpcProvider;
}

/** The game's chain through its `/rpc` (the page needs no other RPC). */
export function gameProvider(config: PublicConfig, page: URL): JsonRpcProvider {
  // staticNetwork: no chain-id probe per call; cacheTimeout -1: fresh nonces on a fast local chain.
  return new JsonRpcProvider(new URL(config.rpcUrl, page).href, config.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
  });
}

function storedKey(storage: Storage): string {
  const existing = storage.getItem(BURNER_KEY_ITEM);
  if (existing && /^0x[0-9a-fA-F]{64}$/.test(existing)) return existing;
  const key = Wallet.createRandom().privateKey;
  storage.setItem(BURNER_KEY_ITEM, key);
  return key;
}

/** The burner wallet: a random key kept in this browser profile's storage. */
export function burnerAccount(storage: Storage, provider: JsonRpcProvider): WalletAccount {
  const wallet = new Wallet(storedKey(storage), provider);
  return { kind: 'burner', address: wallet.address, signer: new QueuedSigner(wallet), provider };
}

/** `address` of browser wallet `wallet` (named `walletName` in messages), for the game's chain. */
export function injectedAccount(
  wallet: Eip1193Provider,
  address: string,
  walletName: string,
  config: PublicConfig,
  provider: JsonRpcProvider,
): WalletAccount {
  const checksummed = getAddress(address); // wallets report addresses in lower case; throws on a non-address
  const signer = new InjectedSigner(wallet, checksummed, walletName, config.chainId, provider);
  return { kind: 'injected', address: checksummed, signer: new QueuedSigner(signer), provider };
}

/** Asks the faucet for ETH when the account is empty; resolves once the drip is mined. */
export async function fundIfEmpty(account: WalletAccount, page: URL): Promise<void> {
  if ((await account.provider.getBalance(account.address)) > 0n) return;
  const response = await fetch(new URL('/faucet', page), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ address: account.address }),
  });
  const body = (await response.json().catch(() => ({}))) as { txHash?: string; error?: string };
  if (!response.ok || !body.txHash) {
    throw new Error(`the faucet refused: ${body.error ?? `HTTP ${response.status}`}`);
  }
  await account.provider.waitForTransaction(body.txHash);
}

/** Claims parcel `id` paying the contract's price; resolves with the mined transaction hash. */
export async function claimParcel(account: WalletAccount, config: PublicConfig, id: number): Promise<string> {
  const registry = typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, account.signer);
  const { x, y } = parcelCoords(id);
  const coords = [BigInt(x), BigInt(y)] as const;
  const price = await registry.priceOf(...coords);
  const tx = await registry.claim(...coords, { value: price });
  const receipt = await tx.wait();
  if (!receipt) throw new Error('the claim transaction was dropped');
  return receipt.hash;
}

/** A Sign-In with Ethereum message for this page and its signature (join option `siwe`). */
export async function signIn(
  account: WalletAccount,
  config: PublicConfig,
  page: URL,
  nonce: string,
): Promise<{ message: string; signature: string }> {
  const now = Date.now();
  const message = buildSiweMessage({
    domain: page.host,
    address: account.address,
    statement: SIWE_STATEMENT,
    uri: page.origin,
    chainId: config.chainId,
    nonce,
    issuedAt: new Date(now).toISOString(),
    expirationTime: new Date(now + SIWE_VALIDITY_SECONDS * 1000).toISOString(),
  });
  return { message, signature: await account.signer.signMessage(message) };
}

/** The account's ETH and ORE, wei. */
export async function balances(
  account: WalletAccount,
  config: PublicConfig,
): Promise<{ eth: bigint; ore: bigint }> {
  const ore = typedContract(config.deployment.addresses.OreToken, oreTokenAbi, account.provider);
  const [eth, oreWei] = await Promise.all([
    account.provider.getBalance(account.address),
    ore.balanceOf(account.address),
  ]);
  return { eth, ore: oreWei };
}
