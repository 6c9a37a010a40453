import { LazyPanelButton } from '../../ui/lazy-panel-button.tsx';

// its own chunk (with the list virtualizer and its CSS)
const load = () => import('./market-panel.tsx');

/** The top bar's Market button; the market panel loads on the first open. */
export function MarketButton() {
  return <LazyPanelButton label="Market" load={load} />;
}
