import { describe, expect, it } from 'vitest';
import { type AnnouncedWallet, discoverWallets, type Eip1193Provider } from './eip6963.ts';
import {
  chainLabel,
  hasRpcCode,
  UNRECOGNIZED_CHAIN,
  USER_REJECTED,
  wrongNetworkMessage,
} from './wallet-errors.ts';

const provider: Eip1193Provider = { request: async () => null };

/** A wallet as an extension installs it: it announces on load and on every request. */
function installWallet(target: EventTarget, uuid: string, name: string, rdns: string) {
  const announce = () =>
    target.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', {
        detail: Object.freeze({ info: { uuid, name, icon: 'data:image/svg+xml,<svg/>', rdns }, provider }),
      }),
    );
  target.addEventListener('eip6963:requestProvider', announce);
  announce();
}

describe('EIP-6963 discovery', () => {
  it('asks the wallets present to announce and lists them in order', () => {
    const window = new EventTarget();
    installWallet(window, 'u-1', 'Alpha', 'org.alpha'); // loaded before the game listens
    let seen: AnnouncedWallet[] = [];
    const stop = discoverWallets(window, (wallets) => {
      seen = wallets;
    });
    expect(seen.map((wallet) => wallet.info.name)).toEqual(['Alpha']);
    installWallet(window, 'u-2', 'Beta', 'org.beta'); // loaded later: announces on its own
    expect(seen.map((wallet) => wallet.info.rdns)).toEqual(['org.alpha', 'org.beta']);
    expect(seen[0]?.provider).toBe(provider);
    stop();
    installWallet(window, 'u-3', 'Gamma', 'org.gamma');
    expect(seen).toHaveLength(2);
  });

  it('replaces a repeated uuid and ignores malformed announcements', () => {
    const window = new EventTarget();
    let seen: AnnouncedWallet[] = [];
    discoverWallets(window, (wallets) => {
      seen = wallets;
    });
    installWallet(window, 'u-1', 'Alpha', 'org.alpha');
    window.dispatchEvent(new Event('eip6963:requestProvider'));
    expect(seen).toHaveLength(1);
    for (const detail of [
      null,
      { info: { uuid: 'x', name: 'No provider', rdns: 'org.x', icon: '' } },
      { info: { uuid: 'y', name: 'No rdns', icon: '' }, provider },
      { info: { uuid: 'z', name: 'Bad request', rdns: 'org.z', icon: '' }, provider: { request: 'no' } },
    ]) {
      window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
    }
    expect(seen.map((wallet) => wallet.info.uuid)).toEqual(['u-1']);
  });
});

describe('wallet refusals', () => {
  it('finds the EIP-1193 code where wallets put it', () => {
    expect(hasRpcCode({ code: 4001, message: 'User rejected the request.' }, USER_REJECTED)).toBe(true);
    expect(hasRpcCode({ code: -32603, data: { originalError: { code: 4902 } } }, UNRECOGNIZED_CHAIN)).toBe(
      true,
    );
    expect(hasRpcCode({ code: 'ACTION_REJECTED', error: { code: 4001 } }, USER_REJECTED)).toBe(true);
    expect(hasRpcCode({ code: -32000, message: 'execution reverted' }, USER_REJECTED)).toBe(false);
    expect(hasRpcCode(new Error('no code'), USER_REJECTED)).toBe(false);
    expect(hasRpcCode('nope', USER_REJECTED)).toBe(false);
  });

  it('names the network the wallet is on and the one to switch to', () => {
    expect(wrongNetworkMessage(1, 31337)).toBe('Wrong network: Ethereum (chain 1); switch to chain 31337.');
    expect(chainLabel(5000)).toBe('chain 5000');
  });
});
