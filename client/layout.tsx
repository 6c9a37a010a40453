import { addAfterEffect } from '@react-three/fiber';
import { lazy, Suspense, startTransition, useEffect, useState } from 'react';
import { BUBBLE_LABELS, NAME_LABELS } from './features/avatars/avatars.tsx';
import type { MiningController } from './features/mining/mining-controller.ts';
import { BEACON_LABELS } from './features/rigs/beacons.tsx';
import { LabelPool } from './features/scene/label-pool.tsx';
import { Scene } from './scene.tsx';

/** The panels' code (every feature's forms, the market, the story) loads after the world's. */
const Panels = lazy(() => import('./panels.tsx').then(({ Panels }) => ({ default: Panels })));

/** The page: the 3D world filling the window, the panels (panels.tsx) over its edges. */
export function Layout({ mining }: { mining: MiningController }) {
  // The panels render after the world's first frame, as a transition: React yields to the
  // browser between them, so the canvas gets its context and draws its first frame without
  // waiting for any panel (software WebGL makes that first frame slow enough already). Their
  // code loads then too: the browser parses the world's code alone before the first frame.
  const [panelsShown, setPanelsShown] = useState(false);
  useEffect(() => {
    const stop = addAfterEffect(() => {
      stop();
      startTransition(() => setPanelsShown(true));
    });
    return stop;
  }, []);
  return (
    <>
      {/* the label names the landmark (the canvas's wrapper is a plain div, which a label does not fit) */}
      <main className="world" aria-label="3D map of the world">
        <Scene />
        <LabelPool pool="names" size={NAME_LABELS} />
        <LabelPool pool="bubbles" size={BUBBLE_LABELS} />
        <LabelPool pool="beacons" size={BEACON_LABELS} />
      </main>
      <Suspense fallback={null}>{panelsShown && <Panels mining={mining} />}</Suspense>
    </>
  );
}
