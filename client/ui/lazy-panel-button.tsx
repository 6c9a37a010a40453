import { type ComponentType, lazy, Suspense, useMemo, useState } from 'react';

/** A panel that closes itself. */
export type ClosablePanel = ComponentType<{ onClose(): void }>;

/**
 * A top-bar button opening a panel that is its own chunk: the first view loads none of it until
 * the player asks. Until it arrives, or if it cannot (the server restarted with a new build, the
 * network is gone), a line in the top bar says so.
 */
export function LazyPanelButton({
  label,
  load,
}: {
  /** The button's text, and the panel's name in the loading and failure lines. */
  label: string;
  load(): Promise<{ default: ClosablePanel }>;
}) {
  const [open, setOpen] = useState(false);
  // one lazy component per button (`load` is a module-level import)
  const Panel = useMemo(
    () =>
      lazy(() =>
        load().catch(() => ({
          default: () => <span role="alert">The {label.toLowerCase()} could not load; reload the page.</span>,
        })),
      ),
    [load, label],
  );
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {label}
      </button>
      {open && (
        <Suspense fallback={<span role="status">Loading the {label.toLowerCase()}…</span>}>
          <Panel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
