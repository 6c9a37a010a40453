import { useState } from 'react';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { BURNER_KEY_ITEM } from '../wallet/burner-key.ts';

/**
 * Export or reset the burner wallet of this browser profile, while it is the open wallet (a
 * browser wallet keeps its own keys). Resetting forgets the key (and what it holds, unless
 * exported) and reloads: a new wallet is made and funded by the faucet.
 */
export function WalletKey() {
  const app = useApp();
  const burnerOpen = useAppStore(app.store, (state) => state.walletKind === 'burner');
  const [shown, setShown] = useState<string | null>(null);
  const key = localStorage.getItem(BURNER_KEY_ITEM);
  if (!burnerOpen || !key) return null;
  return (
    <section aria-label="Wallet key">
      <h3>Wallet key</h3>
      {shown ? (
        <label>
          Private key (keep it secret; it controls everything this wallet holds)
          <input readOnly value={shown} aria-label="Private key" onFocus={(event) => event.target.select()} />
        </label>
      ) : (
        <button type="button" onClick={() => setShown(key)}>
          Export key
        </button>
      )}
      <button
        type="button"
        onClick={() => {
          if (!window.confirm('Forget this wallet? Without its exported key, what it holds is lost.')) return;
          localStorage.removeItem(BURNER_KEY_ITEM);
          location.reload();
        }}
      >
        Reset wallet
      </button>
    </section>
  );
}
