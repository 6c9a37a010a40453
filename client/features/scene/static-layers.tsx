import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { useApp } from '../../app.ts';
import { StaticLayerCache } from './static-cache.ts';

/**
 * Draws the scene's frames (a frame callback with a priority takes rendering over from R3F): the
 * scene's children named `names`, the static layers, come from their cache while unchanged
 * (static-cache.ts), unless the app turns the cache off. Draw calls are counted over the frame's
 * passes (the frame probe reads them).
 */
export function StaticLayers({ names }: { names: readonly string[] }) {
  const app = useApp();
  const gl = useThree((state) => state.gl);
  const cache = useMemo(() => new StaticLayerCache(), []);
  useEffect(() => {
    gl.info.autoReset = false;
    return () => {
      gl.info.autoReset = true;
      cache.dispose();
    };
  }, [gl, cache]);
  useFrame(({ scene, camera }) => {
    gl.info.reset();
    if (!app.cacheStatics) {
      gl.render(scene, camera);
      app.stats.staticsCached = false;
      return;
    }
    const statics = scene.children.filter((child) => names.includes(child.name));
    app.stats.staticsCached = cache.render(gl, scene, camera, statics) === 'copy';
  }, 1);
  return null;
}
