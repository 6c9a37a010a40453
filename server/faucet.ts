import { JsonRpcProvider, NonceManager, parseEther, Wallet } from 'ethers';

/** What one drip sends, in wei: enough for dozens of claims and their gas on the local chain. */
export const FAUCET_DRIP_WEI = parseEther('1');
/** An address gets one drip per this many milliseconds. */
const PER_ADDRESS_INTERVAL_MS = 60_000;

export type DripResult = { ok: true; txHash: string; amountWei: bigint } | { ok: false; reason: string };

/** Funds burner wallets on the local chain from the deployer key; one transaction at a time. */
export class Faucet {
  readonly #signer: NonceManager;
  readonly #provider: JsonRpcProvider;
  readonly #lastDrip = new Map<string, number>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(rpcUrl: string, key: string, chainId: number) {
    // cacheTimeout -1: never reuse a cached nonce/block on a chain that mines instantly.
    this.#provider = new JsonRpcProvider(rpcUrl, chainId, { cacheTimeout: -1, staticNetwork: true });
    this.#signer = new NonceManager(new Wallet(key, this.#provider));
  }

  /** Sends FAUCET_DRIP_WEI to `address` and waits for it to be mined. */
  drip(address: string, now: number): Promise<DripResult> {
    const last = this.#lastDrip.get(address);
    if (last !== undefined && now - last < PER_ADDRESS_INTERVAL_MS) {
      return Promise.resolve({ ok: false, reason: 'this address was funded less than a minute ago' });
    }
    this.#lastDrip.set(address, now);
    const result = this.#queue.then(async (): Promise<DripResult> => {
      try {
        const tx = await this.#signer.sendTransaction({ to: address, value: FAUCET_DRIP_WEI });
        await tx.wait();
        return { ok: true, txHash: tx.hash, amountWei: FAUCET_DRIP_WEI };
      } catch (error) {
        this.#signer.reset(); // the chain may have restarted: fetch the nonce again next time
        this.#lastDrip.delete(address);
        throw error;
      }
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#provider.destroy();
  }
}
