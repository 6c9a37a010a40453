import {
  AbstractSigner,
  type Provider,
  type Signer,
  type TransactionRequest,
  type TransactionResponse,
  type TypedDataDomain,
  type TypedDataField,
} from 'ethers';

/**
 * The page's one signer: its transaction sends run one after another. Populating a transaction
 * (its nonce is the chain's pending count) and broadcasting it finish before the next send
 * starts, so a mining solution and a player action sent at the same moment never take the same
 * nonce. Waiting for the receipt stays with the caller, outside the queue.
 */
export class QueuedSigner extends AbstractSigner {
  readonly #inner: Signer;
  /** Settles once the last queued send has broadcast or failed. */
  #tail: Promise<unknown> = Promise.resolve();

  /** `inner` signs and sends; its provider (the game's `/rpc`) is the reads' provider too. */
  constructor(inner: Signer) {
    super(inner.provider);
    this.#inner = inner;
  }

  override getAddress(): Promise<string> {
    return this.#inner.getAddress();
  }

  override connect(_provider: Provider | null): Signer {
    throw new Error('the wallet stays on the game chain it was opened for');
  }

  override signTransaction(tx: TransactionRequest): Promise<string> {
    return this.#inner.signTransaction(tx);
  }

  override signMessage(message: string | Uint8Array): Promise<string> {
    return this.#inner.signMessage(message);
  }

  override signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return this.#inner.signTypedData(domain, types, value);
  }

  override sendTransaction(tx: TransactionRequest): Promise<TransactionResponse> {
    const sent = this.#tail.then(() => this.#inner.sendTransaction(tx));
    this.#tail = sent.catch(() => undefined); // a failed send frees the queue for the next
    return sent;
  }
}
