import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractFactory, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { type Deployment, deploymentSchema } from '../shared/deployment.ts';
import { BASE_CLAIM_PRICE_WEI, WORLD_RADIUS } from '../shared/world.ts';
import { type Artifact, loadArtifact } from './contract-artifacts.ts';

export interface EnsureDeployedOptions {
  /** JSON-RPC endpoint of the chain. */
  rpcUrl: string;
  /** 0x-prefixed private key that pays for the deployment and becomes the treasury. */
  deployerKey: string;
  /** Directory of `deployment.json`. */
  dataDir: string;
}

/** Path of the deployment record in `dataDir`. */
export function deploymentFile(dataDir: string): string {
  return join(dataDir, 'deployment.json');
}

/**
 * Returns the deployment recorded in `<dataDir>/deployment.json` when it belongs to this chain and
 * all its contracts still have code there; otherwise deploys everything and records it.
 */
export async function ensureDeployed(options: EnsureDeployedOptions): Promise<Deployment> {
  // cacheTimeout -1: never reuse a cached eth_getTransactionCount, or back-to-back deploys get stale nonces.
  const provider = new JsonRpcProvider(options.rpcUrl, undefined, { cacheTimeout: -1 });
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    const existing = await readDeployment(options.dataDir);
    if (existing && existing.chainId === chainId && (await allHaveCode(provider, existing))) return existing;
    const deployment = await deployAll(provider, options.deployerKey, chainId);
    await mkdir(options.dataDir, { recursive: true });
    await writeFile(deploymentFile(options.dataDir), `${JSON.stringify(deployment, null, 2)}\n`);
    return deployment;
  } finally {
    provider.destroy();
  }
}

/** The recorded deployment, or null when there is none; a malformed file is a clear error. */
export async function readDeployment(dataDir: string): Promise<Deployment | null> {
  const file = deploymentFile(dataDir);
  if (!existsSync(file)) return null;
  const parsed = deploymentSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid deployment record: ${parsed.error.message}`);
  return parsed.data;
}

async function allHaveCode(provider: JsonRpcProvider, deployment: Deployment): Promise<boolean> {
  const codes = await Promise.all(Object.values(deployment.addresses).map((a) => provider.getCode(a)));
  return codes.every((code) => code !== '0x');
}

async function deployAll(
  provider: JsonRpcProvider,
  deployerKey: string,
  chainId: number,
): Promise<Deployment> {
  const deployer = new NonceManager(new Wallet(deployerKey, provider));
  const treasury = await deployer.getAddress();
  const deployBlock = await provider.getBlockNumber();
  const deploy = async (artifact: Artifact, ...args: unknown[]) => {
    const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, deployer);
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return (await contract.getAddress()) as `0x${string}`;
  };
  const landRegistry = await deploy(
    loadArtifact('LandRegistry'),
    WORLD_RADIUS,
    BASE_CLAIM_PRICE_WEI,
    treasury,
  );
  return deploymentSchema.parse({
    chainId,
    // The first deployment transaction lands in the block after the one read above.
    deployBlock: deployBlock + 1,
    addresses: { LandRegistry: landRegistry },
  });
}
