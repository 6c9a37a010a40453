import { lazy, Suspense, useState } from 'react';

// Its own chunk (with the list virtualizer and its CSS): the first view loads neither until the
// player asks. Until it arrives, or if it cannot (the server restarted with a new build, the
// network is gone), a line in the top bar says so.
const MarketPanel = lazy(() =>
  import('./market-panel.tsx').catch(() => ({
    default: () => <span role="alert">The market could not load; reload the page.</span>,
  })),
);

/** The top bar's Market button; the market panel loads on the first open. */
export function MarketButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Market
      </button>
      {open && (
        <Suspense fallback={<span role="status">Loading the market…</span>}>
          <MarketPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
