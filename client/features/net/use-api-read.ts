import { useEffect, useState } from 'react';
import { useApp } from '../../app.ts';
import { followIndexedBlocks } from './chain-refresh.ts';

/** How long room signals (new blocks) are gathered into one fetch, ms. */
const GATHER_MS = 500;

export interface ApiRead<T> {
  /** The last answer; null before the first. */
  value: T | null;
  /** Set while the server does not answer or refuses (the last answer stays shown), in words. */
  error: string | null;
}

/**
 * A JSON answer of the game server's API at `path` (null: nothing to read), fetched when shown
 * and again whenever the room reports a newly indexed block (gathered, one fetch in flight), each
 * time with the last answer's ETag: an unchanged answer costs a 304 and no re-render.
 */
export function useApiRead<T>(path: string | null): ApiRead<T> {
  const app = useApp();
  const [state, setState] = useState<ApiRead<T> & { path: string | null }>({
    path,
    value: null,
    error: null,
  });

  useEffect(() => {
    if (path === null) return;
    let etag: string | null = null;
    let live = true;
    const read = async () => {
      let error: string | null = null;
      try {
        const response = await fetch(path, { headers: etag ? { 'if-none-match': etag } : {} });
        if (response.ok) {
          const value = (await response.json()) as T;
          etag = response.headers.get('etag');
          if (live) setState({ path, value, error: null });
          return;
        }
        if (response.status !== 304) error = `the game server answered HTTP ${response.status}`;
      } catch {
        error = 'the game server does not answer';
      }
      if (live) setState((last) => (last.error === error ? last : { ...last, error }));
    };
    const stop = followIndexedBlocks(app.store, read, GATHER_MS);
    return () => {
      live = false;
      stop();
    };
  }, [app, path]);

  return state.path === path ? state : { value: null, error: null };
}
