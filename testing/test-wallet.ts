import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { toQuantity } from 'ethers';

/** A TestWallet's answer to one EIP-1193 request. */
export interface WalletAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  /** EIP-1193 events the page's provider emits after this answer: [name, value]. */
  events?: Array<[string, unknown]>;
}

/**
 * A browser wallet of the tests (the wallet side of an injected EIP-1193 provider): it holds one
 * of anvil's unlocked development accounts and sends its signing requests to the real chain at
 * `chainUrl`, as a real wallet talks to its node. Like a real wallet it starts on another network
 * (Ethereum, chain 1) and switches on request, and the test can make it reject (code 4001) the
 * next signature or transaction.
 */
export class TestWallet {
  chainId = 1;
  /** Networks it knows; it must be told about the game's (wallet_addEthereumChain) first. */
  readonly known = new Set([1]);
  /** The chains the page added, as it described them. */
  readonly added: unknown[] = [];
  connected = false;
  rejectNext = false;
  /** personal_sign requests (sign-ins) the page made. */
  signatures = 0;

  /** `account`: the account it shares with the page (the test changes it and emits accountsChanged). */
  constructor(
    readonly chainUrl: string,
    public account: string,
  ) {}

  async handle(method: string, params: unknown[]): Promise<WalletAnswer> {
    switch (method) {
      case 'eth_chainId':
        return { result: toQuantity(this.chainId) };
      case 'eth_accounts':
        return { result: this.connected ? [this.account.toLowerCase()] : [] };
      case 'eth_requestAccounts':
        this.connected = true;
        return { result: [this.account.toLowerCase()] };
      case 'wallet_switchEthereumChain': {
        const chainId = Number((params[0] as { chainId: string }).chainId);
        if (!this.known.has(chainId)) return { error: { code: 4902, message: 'Unrecognized chain ID' } };
        return this.#switchTo(chainId);
      }
      case 'wallet_addEthereumChain': {
        // like common wallets: it adds the network and switches to it
        const chain = params[0] as { chainId: string };
        this.added.push(chain);
        this.known.add(Number(chain.chainId));
        return this.#switchTo(Number(chain.chainId));
      }
      case 'personal_sign':
      case 'eth_sendTransaction':
        if (method === 'personal_sign') this.signatures++;
        if (this.rejectNext) {
          this.rejectNext = false;
          return { error: { code: 4001, message: 'User rejected the request.' } };
        }
        return this.#forward(method, params);
      default:
        return this.#forward(method, params);
    }
  }

  #switchTo(chainId: number): WalletAnswer {
    this.chainId = chainId;
    return { result: null, events: [['chainChanged', toQuantity(chainId)]] };
  }

  /** The chain's own answer, its JSON-RPC error (code, message, revert data) passed on as it is. */
  async #forward(method: string, params: unknown[]): Promise<WalletAnswer> {
    const response = await fetch(this.chainUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    const body = (await response.json()) as WalletAnswer;
    return body.error ? { error: body.error } : { result: body.result };
  }
}

/** The page's localStorage, in memory. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
}

/**
 * The page side of a TestWallet in the same process (unit tests; e2e injects its own into the
 * page): the EIP-1193 provider a browser wallet injects, recording the page's requests.
 */
export class InjectedProvider extends EventEmitter {
  /** Every request the page made, in order. */
  readonly requests: Array<{ method: string; params: unknown[] }> = [];
  /** What runs before the wallet answers a method (a delay, or a refusal that throws). */
  readonly #intercepts = new Map<string, () => Promise<void>>();

  constructor(readonly wallet: TestWallet) {
    super();
  }

  async request({
    method,
    params,
  }: {
    method: string;
    params?: readonly unknown[] | Record<string, unknown>;
  }) {
    const list = (params ?? []) as unknown[];
    this.requests.push({ method, params: list });
    await this.#intercepts.get(method)?.();
    const answer = await this.wallet.handle(method, list);
    for (const [event, value] of answer.events ?? []) this.emit(event, value);
    if (answer.error) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer.result;
  }

  /** Runs `act` before each answer to `method` until the returned function undoes it. */
  intercept(method: string, act: () => Promise<void>): () => void {
    this.#intercepts.set(method, act);
    return () => this.#intercepts.delete(method);
  }

  /**
   * Installs the wallet in a page whose window is `events`: it announces itself now and whenever
   * the page asks (EIP-6963). Returns its uuid (the picker's id of it).
   */
  announceTo(events: EventTarget, wallet: { name: string; rdns: string }): string {
    const detail = { info: { uuid: randomUUID(), icon: '', ...wallet }, provider: this };
    const announce = () => events.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
    events.addEventListener('eip6963:requestProvider', announce);
    announce();
    return detail.info.uuid;
  }

  methods(): string[] {
    return this.requests.map((request) => request.method);
  }
}
