import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { networkProblem } from './wallet-errors.ts';

/**
 * The Wallet button and its menu: the burner (local chain) and every browser wallet that
 * announced itself (EIP-6963). Arrow keys move between entries, Escape closes.
 */
export function WalletPicker() {
  const app = useApp();
  const menuId = useId();
  const [choices, openId, name, status] = useAppStore(
    app.store,
    useShallow(
      (state) => [state.walletChoices, state.walletId, state.walletName, state.walletStatus] as const,
    ),
  );
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('[aria-checked="true"], button')?.focus();
  }, [open]);

  if (choices.length === 0) return <span role="status">No browser wallet found</span>;

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
    else return;
    event.preventDefault();
  };
  return (
    <div className="wallet-picker">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={status === 'loading'}
        onClick={() => setOpen(!open)}
      >
        Wallet: {status === 'loading' ? 'connecting…' : (name ?? 'none')}
      </button>
      {open && (
        <div id={menuId} ref={menu} role="menu" aria-label="Wallets" className="panel" onKeyDown={onKeyDown}>
          {choices.map((choice) => (
            <button
              key={choice.id}
              type="button"
              role="menuitemradio"
              aria-checked={choice.id === openId}
              onClick={() => {
                close();
                void app.actions.chooseWallet(choice.id);
              }}
            >
              {choice.icon && <img src={choice.icon} alt="" width={16} height={16} />}
              {choice.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** "Wrong network" and the Switch network button while a browser wallet is on another chain. */
export function NetworkPrompt() {
  const app = useApp();
  const problem = useAppStore(app.store, (state) =>
    networkProblem(state.walletChainId, state.config?.chainId),
  );
  const [switching, setSwitching] = useState(false);
  if (!problem) return null;
  return (
    <div role="alert" className="network-prompt">
      {problem} Transactions wait until then.{' '}
      <button
        type="button"
        disabled={switching}
        onClick={() => {
          setSwitching(true);
          void app.actions.switchNetwork().finally(() => setSwitching(false));
        }}
      >
        Switch network
      </button>
    </div>
  );
}
