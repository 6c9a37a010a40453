import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import { playedByTouch } from '../../ui/touch.ts';
import { holdingsReader, useChainRead } from '../chain/use-position.ts';
import { ControlHints } from './control-hints.tsx';
import { type GuideMemory, loadGuideMemory, saveGuideMemory, withItems } from './guide-memory.ts';
import { GUIDE_STEPS, stepsDone } from './guide-steps.ts';
import './guide.css';

/** World units from where the avatar joined that count as a walk. */
const WALK_DISTANCE = 2;

/**
 * Whether the avatar has walked away from where it first joined, checked twice a second while
 * `watching` (the avatar's pose is per-frame data, kept out of the store).
 */
function useWalked(watching: boolean): boolean {
  const app = useApp();
  const [walked, setWalked] = useState(false);
  useEffect(() => {
    if (!watching) return;
    let start: { x: number; z: number } | null = null;
    const timer = setInterval(() => {
      start ??= app.moves.server && { ...app.moves.server };
      if (start && Math.hypot(app.me.x - start.x, app.me.z - start.z) > WALK_DISTANCE) setWalked(true);
    }, 500);
    return () => clearInterval(timer);
  }, [app, watching]);
  return walked;
}

/**
 * The first visit's guide (walk, claim, fractionalize, buy, stake, mine), each step ticked when
 * the app's own state shows it done (the avatar's walk, the chain's holdings, accepted work), and
 * the control hints. Dismissable; what it saw done, its dismissal and the hints used are
 * remembered in this browser.
 */
export function GuideDock() {
  const [memory, setMemory] = useState<GuideMemory>(() => loadGuideMemory(localStorage));
  const update = useCallback((change: (last: GuideMemory) => GuideMemory) => {
    setMemory((last) => {
      const next = change(last);
      if (next !== last) saveGuideMemory(localStorage, next);
      return next;
    });
  }, []);
  const hintUsed = useCallback(
    (id: string) =>
      update((last) => {
        const hintsUsed = withItems(last.hintsUsed, [id]);
        return hintsUsed === last.hintsUsed ? last : { ...last, hintsUsed };
      }),
    [update],
  );
  return (
    <>
      <ControlHints usedIds={memory.hintsUsed} used={hintUsed} />
      {!memory.dismissed && (
        <div className="dock">
          <Guide memory={memory} update={update} />
        </div>
      )}
    </>
  );
}

function Guide({
  memory,
  update,
}: {
  memory: GuideMemory;
  update(change: (last: GuideMemory) => GuideMemory): void;
}) {
  const app = useApp();
  const [address, mined] = useAppStore(
    app.store,
    useShallow((state) => [state.address, state.mining.accepted + state.mining.solutions] as const),
  );
  const next = GUIDE_STEPS.find((step) => !memory.done.includes(step.id));
  const allDone = next === undefined;
  const { value: holdings } = useChainRead(allDone ? null : holdingsReader);
  const walked = useWalked(!memory.done.includes('walk'));
  const seen = stepsDone({ walked, address, holdings, mined });
  const seenKey = [...seen].join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: seenKey is the content of the fresh set `seen`
  useEffect(() => {
    update((last) => {
      const done = withItems(last.done, seen);
      return done === last.done ? last : { ...last, done };
    });
  }, [seenKey, update]);
  const [open, setOpen] = useState(() => !playedByTouch());
  const count = GUIDE_STEPS.filter((step) => memory.done.includes(step.id)).length;
  return (
    <section className="panel guide" aria-labelledby="guide-heading">
      <header>
        <h2 id="guide-heading">
          First steps · {count}/{GUIDE_STEPS.length}
        </h2>
        <button type="button" aria-expanded={open} aria-controls="guide-steps" onClick={() => setOpen(!open)}>
          {open ? 'Fold' : 'Show'}
        </button>
        <button
          type="button"
          aria-label="Dismiss the guide"
          onClick={() => update((last) => ({ ...last, dismissed: true }))}
        >
          ×
        </button>
      </header>
      {open && (
        <div id="guide-steps">
          <ol aria-label="Steps">
            {GUIDE_STEPS.map((step) => {
              const done = memory.done.includes(step.id);
              return (
                <li
                  key={step.id}
                  data-testid={`guide-${step.id}`}
                  data-done={done}
                  className={done ? 'done' : ''}
                >
                  <span className="tick" aria-hidden="true">
                    {done ? '✓' : '○'}
                  </span>
                  {step.title}
                  <span className="visually-hidden">{done ? ', done' : ', to do'}</span>
                </li>
              );
            })}
          </ol>
          {next && (
            <p className="next" data-testid="guide-next">
              <strong>Next:</strong> {next.how}
            </p>
          )}
        </div>
      )}
      {allDone && <p role="status">All done: the world is yours to work. Close this guide when you like.</p>}
    </section>
  );
}
