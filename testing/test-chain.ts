import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interface, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { type LocalChain, startLocalChain } from '../scripts/chain.ts';
import { type DeployParams, ensureDeployed } from '../scripts/deploy.ts';
import type { RunningServer, StartServerOptions } from '../server/main.ts';
import { landRegistryAbi } from '../shared/contracts.ts';
import { LOCAL_DEPLOYER_KEY } from '../shared/defaults.ts';
import type { Deployment } from '../shared/deployment.ts';
import { withDefaults } from '../shared/options.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { claimPriceWei } from '../shared/world.ts';

/**
 * Test helper (tests, e2e and bench only): a fresh anvil chain on a free port with the contracts
 * deployed, in a temporary data directory; `stop()` kills anvil and removes the directory.
 */
export interface TestChain {
  rpcUrl: string;
  port: number;
  dataDir: string;
  deployment: Deployment;
  /** Starts anvil again on the same port with empty state (a chain restart), deploying nothing. */
  restart(): Promise<void>;
  /** Kills anvil, leaving the data directory. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `params` override the local deploy parameters (e.g. an easy ORE target for mining tests). */
export async function startTestChain(params?: Partial<DeployParams>): Promise<TestChain> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fracterra-test-'));
  let chain: LocalChain = await startLocalChain({ port: 0 });
  const port = chain.port;
  try {
    const deployment = await ensureDeployed({
      rpcUrl: chain.rpcUrl,
      deployerKey: LOCAL_DEPLOYER_KEY,
      dataDir,
      params,
    });
    return {
      rpcUrl: chain.rpcUrl,
      port,
      dataDir,
      deployment,
      async restart() {
        await chain.stop();
        chain = await startLocalChain({ port });
      },
      async kill() {
        await chain.stop();
      },
      async stop() {
        await chain.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await chain.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Claims parcel (x, y) for the wallet of `key` at its ring price; resolves with the mined receipt. */
export async function claimParcel(rpcUrl: string, deployment: Deployment, key: string, x: number, y: number) {
  const provider = new JsonRpcProvider(rpcUrl, deployment.chainId, { cacheTimeout: -1, staticNetwork: true });
  try {
    const signer = new NonceManager(new Wallet(key, provider));
    const registry = typedContract(deployment.addresses.LandRegistry, landRegistryAbi, signer);
    const tx = await registry.claim(BigInt(x), BigInt(y), { value: claimPriceWei(x, y) });
    const receipt = await tx.wait();
    if (!receipt) throw new Error('claim was not mined');
    return receipt;
  } finally {
    provider.destroy();
  }
}

/** A signed claim of (x, y) by `key` with its next nonce, for anvil_reorg to put in a block. */
export async function signedClaim(
  rpcUrl: string,
  deployment: Deployment,
  key: string,
  x: number,
  y: number,
): Promise<string> {
  const provider = new JsonRpcProvider(rpcUrl, deployment.chainId, { cacheTimeout: -1, staticNetwork: true });
  try {
    const wallet = new Wallet(key);
    return await wallet.signTransaction({
      to: deployment.addresses.LandRegistry,
      data: new Interface(landRegistryAbi).encodeFunctionData('claim', [x, y]),
      value: claimPriceWei(x, y),
      nonce: await provider.getTransactionCount(wallet.address, 'latest'),
      gasLimit: 500_000,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
      chainId: deployment.chainId,
      type: 2,
    });
  } finally {
    provider.destroy();
  }
}

/** A test chain with a game server on it, in this process (startTestWorld). */
export interface TestWorld {
  chain: TestChain;
  server: RunningServer;
}

/**
 * A fresh test chain and a game server in this process on it, on a random loopback port, once
 * the server's /healthz says it reaches the chain.
 * `beforeServer` prepares the data directory (e.g. seeds the store) before the server opens it.
 */
export async function startTestWorld(
  options: {
    server?: Partial<StartServerOptions>;
    beforeServer?: (chain: TestChain) => void | Promise<void>;
    /** Deploy parameters of the chain (startTestChain). */
    params?: Partial<DeployParams>;
  } = {},
): Promise<TestWorld> {
  const chain = await startTestChain(options.params);
  try {
    await options.beforeServer?.(chain);
    // Imported here, not at the top: the chain helper's other users (client tests, bench clients)
    // need no game server loaded.
    const { startServer } = await import('../server/main.ts');
    const server = await startServer(
      withDefaults(
        {
          port: 0,
          host: '127.0.0.1',
          rpcUrl: chain.rpcUrl,
          dataDir: chain.dataDir,
          deployment: chain.deployment,
        },
        options.server ?? {},
      ),
    );
    // The indexer's first poll runs in the background: tests start once it has reached the chain.
    for (let tries = 0; (await fetch(`${server.url}/healthz`)).status !== 200; tries++) {
      if (tries === 300) {
        await server.close();
        throw new Error('the test server never reached its chain');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { chain, server };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}

/** Closes what startTestWorld started; either part may be missing when a start failed. */
export async function stopTestWorld(world: Partial<TestWorld>): Promise<void> {
  await world.server?.close();
  await world.chain?.stop();
}
