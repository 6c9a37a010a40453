/**
 * Browser wallets found through EIP-6963 (multi injected provider discovery): each wallet
 * announces itself with an `eip6963:announceProvider` event on the window, in answer to an
 * `eip6963:requestProvider` event (and once on its own when it loads).
 */

/** An EIP-1193 provider: what a browser wallet injects. */
export interface Eip1193Provider {
  request(args: { method: string; params?: readonly unknown[] | Record<string, unknown> }): Promise<unknown>;
  on?(event: string, listener: (...args: never[]) => void): void;
  removeListener?(event: string, listener: (...args: never[]) => void): void;
}

/** EIP-6963 provider info. */
export interface WalletInfo {
  /** UUIDv4, per page load. */
  uuid: string;
  name: string;
  /** A data: URI image (the wallet's logo). */
  icon: string;
  /** Reverse-DNS name, stable across page loads (e.g. `io.metamask`): what a reload reconnects by. */
  rdns: string;
}

export interface AnnouncedWallet {
  info: WalletInfo;
  provider: Eip1193Provider;
}

function announcedWallet(detail: unknown): AnnouncedWallet | null {
  const { info, provider } = (detail ?? {}) as {
    info?: Partial<WalletInfo>;
    provider?: Partial<Eip1193Provider>;
  };
  if (
    typeof info?.uuid !== 'string' ||
    typeof info.name !== 'string' ||
    typeof info.rdns !== 'string' ||
    typeof provider?.request !== 'function'
  ) {
    return null;
  }
  return {
    info: {
      uuid: info.uuid,
      name: info.name.slice(0, 60),
      icon: typeof info.icon === 'string' ? info.icon : '',
      rdns: info.rdns,
    },
    provider: provider as Eip1193Provider,
  };
}

/**
 * Follows wallet announcements on `target` (the window) and asks the wallets present to announce.
 * `onChange` gets the wallets so far, in order of first announcement (a repeat announcement of a
 * uuid replaces it; malformed ones are ignored). Returns the function that stops listening.
 */
export function discoverWallets(
  target: EventTarget,
  onChange: (wallets: AnnouncedWallet[]) => void,
): () => void {
  const wallets = new Map<string, AnnouncedWallet>();
  const announced = (event: Event) => {
    const wallet = announcedWallet((event as CustomEvent).detail);
    if (!wallet) return;
    wallets.set(wallet.info.uuid, wallet);
    onChange([...wallets.values()]);
  };
  target.addEventListener('eip6963:announceProvider', announced);
  target.dispatchEvent(new Event('eip6963:requestProvider'));
  return () => target.removeEventListener('eip6963:announceProvider', announced);
}
