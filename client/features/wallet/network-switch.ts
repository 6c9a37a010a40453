import { chainIdOf } from './injected-wallet.ts';
import type { WalletCore } from './wallet-core.ts';
import { hasRpcCode, messageOf, UNRECOGNIZED_CHAIN, USER_REJECTED } from './wallet-errors.ts';

/**
 * Asks the open browser wallet to switch to the game's chain, adding the chain first when the
 * wallet does not know it (EIP-3326 error 4902, then EIP-3085). A refusal is shown in words;
 * either way the wrong-network prompt then follows the network the wallet is on.
 */
export async function switchNetwork(core: WalletCore): Promise<void> {
  const wallet = core.current?.wallet;
  if (!wallet) return; // the burner is always on the game's chain
  const { config, host, store } = core;
  const name = wallet.info.name;
  const chainId = `0x${config.chainId.toString(16)}`;
  const request = (method: string, params: unknown[]) => wallet.provider.request({ method, params });
  try {
    try {
      await request('wallet_switchEthereumChain', [{ chainId }]);
    } catch (error) {
      if (!hasRpcCode(error, UNRECOGNIZED_CHAIN)) throw error;
      await request('wallet_addEthereumChain', [
        {
          chainId,
          chainName: config.faucet ? 'Fracterra local' : `Fracterra (chain ${config.chainId})`,
          rpcUrls: [new URL(config.rpcUrl, host.page).href],
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        },
      ]);
    }
    store.getState().setWalletError(null);
  } catch (error) {
    store
      .getState()
      .setWalletError(
        hasRpcCode(error, USER_REJECTED)
          ? `You declined the network switch in ${name}; nothing changed.`
          : `${name} did not switch networks: ${messageOf(error)}`,
      );
  }
  // whatever the wallet said, the prompt follows the network it is on now
  try {
    const now = await chainIdOf(wallet);
    if (core.current?.wallet === wallet) store.getState().setWalletChainId(now);
  } catch {
    // the wallet went away: its events (or the next choice) say what comes next
  }
}
