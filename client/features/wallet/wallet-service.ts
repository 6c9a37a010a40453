import type { PublicConfig } from '../../../shared/deployment.ts';
import type { AppStore } from '../../store.ts';
import type { Burner } from './burner.ts';

/** How often the wallet bar's balance is re-read, ms. */
const BALANCE_POLL_MS = 10_000;
/** Faucet attempts and the pause between them: its per-IP limit refills one drip a minute. */
const FUND_ATTEMPTS = 10;
const FUND_RETRY_MS = 15_000;

/**
 * The player's wallet as the rest of the client sees it. The ethers-based code loads on first
 * use (dynamic import), so it stays out of the initial bundle.
 */
export interface WalletService {
  /** Loads (once) the burner wallet; rejects with a reason in words. */
  open(): Promise<Burner>;
  /** Resolves once the first-visit faucet drip is mined (or given up): await it before a transaction. */
  funded(): Promise<void>;
  claim(parcelId: number): Promise<void>;
  refreshBalance(): Promise<void>;
}

export function createWalletService(store: AppStore, config: PublicConfig): WalletService {
  let opening: Promise<Burner> | null = null;
  /** The first-visit faucet drip; transactions wait for it. */
  let funding: Promise<void> = Promise.resolve();

  /** Asks the faucet until it pays (it is rate limited per address and per IP), then shows the balance. */
  const fund = async (burner: Burner) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await burner.fundIfEmpty();
        store.getState().setWalletError(null);
        break;
      } catch (error) {
        const reason = String((error as Error).message ?? error);
        const retrying = attempt < FUND_ATTEMPTS;
        store.getState().setWalletError(retrying ? `${reason} (retrying)` : reason);
        if (!retrying) break;
        await new Promise((resolve) => setTimeout(resolve, FUND_RETRY_MS));
      }
    }
    await service.refreshBalance();
  };
  const service: WalletService = {
    open() {
      opening ??= (async () => {
        store.getState().setWalletLoading();
        try {
          const { openBurner } = await import('./burner.ts');
          const burner = openBurner(config, localStorage, new URL(location.href));
          store.getState().setWalletReady(burner.address);
          funding = fund(burner);
          setInterval(() => void service.refreshBalance(), BALANCE_POLL_MS);
          return burner;
        } catch (error) {
          store.getState().setWalletFailed(`the wallet did not load: ${(error as Error).message ?? error}`);
          throw error;
        }
      })();
      return opening;
    },
    funded: () => funding,
    async claim(parcelId) {
      const { setClaim } = store.getState();
      setClaim({ parcelId, phase: 'pending', message: 'Claiming… waiting for the chain.' });
      try {
        const burner = await service.open();
        await funding;
        const { describeClaimError } = await import('./claim-errors.ts');
        try {
          await burner.claim(parcelId);
        } catch (error) {
          setClaim({ parcelId, phase: 'failed', message: describeClaimError(error) });
          return;
        }
        setClaim({ parcelId, phase: 'claimed', message: 'Claimed: the parcel is yours.' });
        void service.refreshBalance();
      } catch (error) {
        setClaim({
          parcelId,
          phase: 'failed',
          message: `The claim failed: ${(error as Error).message ?? error}`,
        });
      }
    },
    async refreshBalance() {
      if (!opening) return;
      try {
        const burner = await opening;
        store.getState().setBalance(await burner.balance());
      } catch {
        // the chain is away for a moment: the bar keeps the last balance, the next poll retries
      }
    },
  };
  return service;
}
