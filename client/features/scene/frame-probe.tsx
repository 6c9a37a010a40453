import { useFrame } from '@react-three/fiber';
import { FRAME_SAMPLES, useApp } from '../../app.ts';

/** Records frame intervals and the previous frame's draw calls into app.stats (read by the test handle). */
export function FrameProbe() {
  const app = useApp();
  useFrame(({ gl }, delta) => {
    const { stats } = app;
    stats.drawCalls = gl.info.render.calls;
    stats.frameMs.push(delta * 1000);
    if (stats.frameMs.length > FRAME_SAMPLES) stats.frameMs.shift();
  });
  return null;
}
