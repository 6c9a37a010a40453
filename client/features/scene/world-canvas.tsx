import { createRoot, events, type ReconcilerRoot, type RenderProps } from '@react-three/fiber';
import { type ReactNode, useInsertionEffect, useLayoutEffect, useRef } from 'react';
import { AppContext, useApp } from '../../app.ts';

/** What the scene sets up its renderer, camera and scene with (R3F's root configuration). */
export type WorldCanvasConfig = Omit<RenderProps<HTMLCanvasElement>, 'size' | 'events'>;

/**
 * A canvas filling its parent with an R3F root drawing `children`. R3F's own `<Canvas>` first
 * registers every export of three as a JSX element (`extend(THREE)`), which keeps all of three in
 * the code the browser parses before the first frame; the scene draws `<primitive>` objects only,
 * so this mounts the root itself (R3F's `createRoot`) and lets three's unused parts drop out of
 * the bundle. The root's React tree gets the app through its own AppContext provider; `config`
 * and `children` are read once (the scene passes constants).
 */
export function WorldCanvas({ config, children }: { config: WorldCanvasConfig; children: ReactNode }) {
  const app = useApp();
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const root = useRef<ReconcilerRoot<HTMLCanvasElement> | null>(null);
  // Released on the final removal only: insertion effects are not replayed by StrictMode, so the
  // root (and its WebGL context) survives the replay of the effect below, as in R3F's <Canvas>.
  useInsertionEffect(
    () => () => {
      root.current?.unmount();
      root.current = null;
    },
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: config and children are read once (see above)
  useLayoutEffect(() => {
    const box = wrapper.current;
    const element = canvas.current;
    if (!box || !element) return;
    const observer = new ResizeObserver(() => {
      const { width, height, top, left } = box.getBoundingClientRect();
      if (width === 0 || height === 0) return;
      root.current ??= createRoot(element);
      const current = root.current;
      current
        .configure({ ...config, events, size: { width, height, top, left } })
        .then(() => current.render(<AppContext.Provider value={app}>{children}</AppContext.Provider>))
        .catch(reportError);
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, [app]);
  return (
    <div ref={wrapper} style={{ position: 'relative', width: '100%', height: '100%', overflow: 'hidden' }}>
      <canvas ref={canvas} style={{ display: 'block' }} />
    </div>
  );
}
