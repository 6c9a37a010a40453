import type { PublicConfig } from '../../../shared/deployment.ts';
import type { ChainActions } from './chain-actions.ts';

let session: Promise<ChainActions> | null = null;

/**
 * The player actions over this browser's burner wallet, loaded on first use (ethers and the ABIs
 * stay out of the initial bundle). The burner key is the one the wallet bar shows.
 */
export function chainActions(config: PublicConfig): Promise<ChainActions> {
  session ??= (async () => {
    const [{ openBurner }, { createChainActions }] = await Promise.all([
      import('../wallet/burner.ts'),
      import('./chain-actions.ts'),
    ]);
    const burner = openBurner(config, localStorage, new URL(location.href));
    return createChainActions(burner.signer, config.deployment);
  })();
  session.catch(() => {
    session = null; // a failed load is retried on the next action
  });
  return session;
}
