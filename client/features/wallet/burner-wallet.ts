import type { WalletAccount } from './account.ts';
import { BURNER_CHOICE, BURNER_NAME, type WalletCore } from './wallet-core.ts';
import { messageOf } from './wallet-errors.ts';

/** Faucet attempts and the pause between them: its per-IP limit refills one drip a minute. */
const FUND_ATTEMPTS = 10;
const FUND_RETRY_MS = 15_000;

/**
 * Opens the burner (the embedded wallet of the local chain, its key in this browser's storage)
 * and asks the faucet to fund it. False when it was open already or did not open (the reason shown).
 */
export async function openBurner(core: WalletCore): Promise<boolean> {
  if (core.current?.account.kind === 'burner') return false;
  const latest = core.begin();
  try {
    const { lib, provider } = await core.load();
    if (!latest()) return false;
    const account = lib.burnerAccount(core.host.storage, provider);
    core.open(
      {
        account,
        view: {
          id: BURNER_CHOICE,
          address: account.address,
          kind: 'burner',
          name: BURNER_NAME,
          chainId: null,
        },
        wallet: null,
      },
      null,
    );
    core.funding = fund(core, account);
    return true;
  } catch (error) {
    if (latest()) core.store.getState().setWalletFailed(`the wallet did not load: ${messageOf(error)}`);
    return false;
  }
}

/** Asks the faucet until it pays (it is rate limited per address and per IP), then shows the balance. */
async function fund(core: WalletCore, account: WalletAccount): Promise<void> {
  const { lib } = await core.load();
  const { setWalletError } = core.store.getState();
  for (let attempt = 1; ; attempt++) {
    try {
      await lib.fundIfEmpty(account, core.host.page);
      if (core.current?.account === account) setWalletError(null);
      break;
    } catch (error) {
      const retrying = attempt < FUND_ATTEMPTS;
      if (core.current?.account !== account) return; // the player moved on to another wallet
      setWalletError(retrying ? `${messageOf(error)} (retrying)` : messageOf(error));
      if (!retrying) break;
      await new Promise((resolve) => setTimeout(resolve, FUND_RETRY_MS));
    }
  }
  core.readBalances();
}
