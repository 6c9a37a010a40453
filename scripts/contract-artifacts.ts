import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in `scripts/`). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Our contracts in `contracts/src/`, by the name of their `.sol` file and contract. */
export const OUR_CONTRACTS = [
  'LandRegistry',
  'Fractionalizer',
  'ShareVault',
  'OreMiner',
  'OreToken',
  'ParcelStaking',
] as const;
export type OurContract = (typeof OUR_CONTRACTS)[number];

/** Canonical Uniswap V2 builds shipped in the npm packages (DESIGN.md §3). */
export const UNISWAP_ARTIFACTS = {
  UniswapV2Factory: '@uniswap/v2-core/build/UniswapV2Factory.json',
  UniswapV2Pair: '@uniswap/v2-core/build/UniswapV2Pair.json',
  UniswapV2Router02: '@uniswap/v2-periphery/build/UniswapV2Router02.json',
  WETH9: '@uniswap/v2-periphery/build/WETH9.json',
} as const;
export type UniswapContract = keyof typeof UNISWAP_ARTIFACTS;

export interface Artifact {
  abi: readonly unknown[];
  /** Creation bytecode, 0x-prefixed. */
  bytecode: `0x${string}`;
}

function artifactPath(name: OurContract): string {
  return join(ROOT, 'artifacts', 'contracts', 'src', `${name}.sol`, `${name}.json`);
}

/** Compiles the contracts once when their artifacts are missing (a fresh clone). */
export function ensureCompiled(): void {
  if (OUR_CONTRACTS.every((name) => existsSync(artifactPath(name)))) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'hardhat'), ['build', '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** ABI and bytecode of one of our contracts, from the Hardhat artifacts. */
export function loadArtifact(name: OurContract): Artifact {
  ensureCompiled();
  const json = JSON.parse(readFileSync(artifactPath(name), 'utf8')) as Artifact;
  return { abi: json.abi, bytecode: json.bytecode };
}

/** ABI and bytecode of a Uniswap V2 contract, from its npm package build. */
export function loadUniswapArtifact(name: UniswapContract): Artifact {
  const json = JSON.parse(readFileSync(require.resolve(UNISWAP_ARTIFACTS[name]), 'utf8')) as {
    abi: unknown[];
    bytecode: string;
  };
  return { abi: json.abi, bytecode: `0x${json.bytecode.replace(/^0x/, '')}` };
}
