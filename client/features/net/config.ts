import { type PublicConfig, publicConfigSchema } from '../../../shared/deployment.ts';

/** Reads the game server's `/config`; rejects with a reason in words. */
export async function fetchConfig(page: URL): Promise<PublicConfig> {
  let response: Response;
  try {
    response = await fetch(new URL('/config', page));
  } catch {
    throw new Error('no game server answers at this address');
  }
  if (!response.ok) throw new Error(`the game server answered /config with HTTP ${response.status}`);
  const parsed = publicConfigSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new Error('the game server sent a config this client does not understand');
  return parsed.data;
}
