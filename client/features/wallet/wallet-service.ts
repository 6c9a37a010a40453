import type { PublicConfig } from '../../../shared/deployment.ts';
import type { AppStore } from '../../store.ts';
import type { Burner } from './burner.ts';

/** How often the wallet bar's balance is re-read, ms. */
const BALANCE_POLL_MS = 10_000;

/**
 * The player's wallet as the rest of the client sees it. The ethers-based code loads on first
 * use (dynamic import), so it stays out of the initial bundle.
 */
export interface WalletService {
  /** Loads (once) the burner wallet; rejects with a reason in words. */
  open(): Promise<Burner>;
  claim(parcelId: number): Promise<void>;
  refreshBalance(): Promise<void>;
}

export function createWalletService(store: AppStore, config: PublicConfig): WalletService {
  let opening: Promise<Burner> | null = null;
  const service: WalletService = {
    open() {
      opening ??= (async () => {
        store.getState().setWalletLoading();
        try {
          const { openBurner } = await import('./burner.ts');
          const burner = openBurner(config, localStorage, new URL(location.href));
          store.getState().setWalletReady(burner.address);
          void burner
            .fundIfEmpty()
            .catch((error: unknown) =>
              store.getState().setWalletFailed(String((error as Error).message ?? error)),
            )
            .then(() => service.refreshBalance());
          setInterval(() => void service.refreshBalance(), BALANCE_POLL_MS);
          return burner;
        } catch (error) {
          store.getState().setWalletFailed(`the wallet did not load: ${(error as Error).message ?? error}`);
          throw error;
        }
      })();
      return opening;
    },
    async claim(parcelId) {
      const { setClaim } = store.getState();
      setClaim({ parcelId, phase: 'pending', message: 'Claiming… waiting for the chain.' });
      try {
        const burner = await service.open();
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
