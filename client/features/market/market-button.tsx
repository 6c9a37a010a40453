import { lazy, Suspense, useState } from 'react';

// its own chunk (with the list virtualizer): the first view loads neither until the player asks;
// a chunk that fails to load (server restarted with a new build, network gone) says so in place
const MarketPanel = lazy(() =>
  import('./market-panel.tsx').catch(() => ({
    default: ({ onClose }: { onClose(): void }) => (
      <section className="panel market" aria-label="Market">
        <p role="alert">The market could not be loaded; reload the page to try again.</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </section>
    ),
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
        <Suspense
          fallback={
            <section className="panel market" aria-label="Market">
              <p role="status">Loading the market…</p>
            </section>
          }
        >
          <MarketPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
