import {
  AbstractSigner,
  hexlify,
  type JsonRpcProvider,
  type Provider,
  type Signer,
  type TransactionRequest,
  type TransactionResponse,
  type TypedDataDomain,
  TypedDataEncoder,
  type TypedDataField,
  toUtf8Bytes,
} from 'ethers';
import type { Eip1193Provider } from './eip6963.ts';
import { hasRpcCode, USER_REJECTED, WalletRefusal, wrongNetworkMessage } from './wallet-errors.ts';

/** How long a transaction the wallet sent may take to show up on the game's chain, ms. */
const SEEN_TIMEOUT_MS = 120_000;
const SEEN_POLL_MS = 500;

/**
 * An injected browser wallet (EIP-1193) as an ethers signer: the wallet signs and sends, the
 * game's `/rpc` provider does every read (simulations, gas estimates, receipts), so reads see the
 * game's chain whatever network the wallet is on. A transaction is sent only while the wallet is
 * on the game's chain; otherwise it is refused in words and nothing reaches the wallet.
 */
export class InjectedSigner extends AbstractSigner<JsonRpcProvider> {
  readonly #wallet: Eip1193Provider;
  readonly #address: string;
  readonly #walletName: string;
  readonly #gameChainId: number;

  constructor(
    wallet: Eip1193Provider,
    address: string,
    walletName: string,
    gameChainId: number,
    provider: JsonRpcProvider,
  ) {
    super(provider);
    this.#wallet = wallet;
    this.#address = address;
    this.#walletName = walletName;
    this.#gameChainId = gameChainId;
  }

  override async getAddress(): Promise<string> {
    return this.#address;
  }

  override connect(_provider: Provider | null): Signer {
    throw new Error('the wallet stays on the game chain it was opened for');
  }

  override signTransaction(_tx: TransactionRequest): Promise<string> {
    throw new Error('a browser wallet signs and sends a transaction in one step (sendTransaction)');
  }

  override async signMessage(message: string | Uint8Array): Promise<string> {
    const data = typeof message === 'string' ? toUtf8Bytes(message) : message;
    return (await this.#request('the signature', 'personal_sign', [
      hexlify(data),
      this.#address.toLowerCase(),
    ])) as string;
  }

  override async signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    const payload = TypedDataEncoder.getPayload(domain, types, value);
    return (await this.#request('the signature', 'eth_signTypedData_v4', [
      this.#address.toLowerCase(),
      JSON.stringify(payload),
    ])) as string;
  }

  override async sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    const chainId = Number(await this.#wallet.request({ method: 'eth_chainId' }));
    if (chainId !== this.#gameChainId) {
      throw new WalletRefusal(`${wrongNetworkMessage(chainId, this.#gameChainId)} Nothing was sent.`);
    }
    // from and to resolved; nonce, gas and fees are the wallet's to fill in
    const populated = await this.populateCall(tx);
    const hash = (await this.#request('the transaction', 'eth_sendTransaction', [
      this.provider.getRpcTransaction(populated),
    ])) as string;
    const deadline = Date.now() + SEEN_TIMEOUT_MS;
    for (;;) {
      const sent = await this.provider.getTransaction(hash);
      if (sent) return sent;
      if (Date.now() > deadline) {
        throw new Error(`${this.#walletName} sent ${hash}, but the game's chain has not seen it`);
      }
      await new Promise((resolve) => setTimeout(resolve, SEEN_POLL_MS));
    }
  }

  /** One wallet request; the player's rejection becomes a WalletRefusal, other errors pass as they are. */
  async #request(what: string, method: string, params: unknown[]): Promise<unknown> {
    try {
      return await this.#wallet.request({ method, params });
    } catch (error) {
      if (hasRpcCode(error, USER_REJECTED)) {
        throw new WalletRefusal(`You rejected ${what} in ${this.#walletName}; nothing was sent.`);
      }
      throw error;
    }
  }
}
