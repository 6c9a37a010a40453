import { endSession, openSession, sessionAddress, sessionNonce } from '../net/session.ts';
import type { WalletCore } from './wallet-core.ts';
import { hasRpcCode, messageOf, USER_REJECTED, WalletRefusal } from './wallet-errors.ts';

/**
 * Makes the page's session cookie sign in the open account: kept when it already does, else
 * ended and (with a wallet open) a new one signed (Sign-In with Ethereum). False: the room will
 * see a guest; a declined or failed signature is shown in words.
 */
export async function signIn(core: WalletCore): Promise<boolean> {
  const opened = core.current;
  const { page } = core.host;
  try {
    const signedIn = await sessionAddress(page);
    if (opened && signedIn === opened.account.address) return true;
    // another account's session (or one of a wallet closed since) never outlives the change
    if (signedIn) await endSession(page);
    if (!opened) return false;
    const nonce = await sessionNonce(page);
    const { lib } = await core.load();
    await openSession(page, await lib.signIn(opened.account, core.config, page, nonce));
    return true;
  } catch (error) {
    if (!opened) return false;
    const declined = error instanceof WalletRefusal || hasRpcCode(error, USER_REJECTED);
    core.store
      .getState()
      .setWalletError(
        declined
          ? `You declined the sign-in in ${opened.view.name}: you play as a guest (choose the wallet again to sign in).`
          : `Signing in failed, you play as a guest: ${messageOf(error)}`,
      );
    return false;
  }
}
