import { addAfterEffect, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { FRAME_SAMPLES, useApp } from '../../app.ts';
import { nextPixelRatio } from './pixel-ratio.ts';

/** Frames between two resolution decisions. */
const DECIDE_EVERY = 30;
/** A gap longer than this (ms) is the canvas idling between on-demand frames, not a frame. */
const IDLE_GAP_MS = 1_000;

/**
 * Records frame intervals and the previous frame's draw calls into app.stats (the test handle
 * and the benchmark read them), and lowers the canvas resolution while frames are slow
 * (software WebGL pays per pixel), raising it again when there is headroom — unless a pixel
 * ratio is held (app.heldPixelRatio).
 */
export function FrameProbe() {
  const app = useApp();
  const setDpr = useThree((state) => state.setDpr);
  const recent = useMemo<number[]>(() => [], []);
  // After the frame's render (shaders compiled, draws issued), not before it: performance.now()
  // counts from navigation start.
  useEffect(
    () =>
      addAfterEffect(() => {
        if (app.stats.frames > 0) app.stats.firstFrameMs ??= performance.now();
      }),
    [app],
  );
  useFrame(({ gl, viewport }, delta) => {
    const { stats } = app;
    const ms = delta * 1000;
    stats.frames++;
    stats.drawCalls = gl.info.render.calls;
    stats.dpr = viewport.dpr;
    if (ms > IDLE_GAP_MS) return;
    stats.frameMs.push(ms);
    if (stats.frameMs.length > FRAME_SAMPLES) stats.frameMs.shift();
    if (app.heldPixelRatio !== null) {
      recent.length = 0;
      if (viewport.dpr !== app.heldPixelRatio) setDpr(app.heldPixelRatio);
      return;
    }
    recent.push(ms);
    if (recent.length < DECIDE_EVERY) return;
    const next = nextPixelRatio(viewport.dpr, recent);
    recent.length = 0;
    if (next !== viewport.dpr) setDpr(next);
  });
  return null;
}
