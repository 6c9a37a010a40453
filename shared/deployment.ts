import { z } from 'zod';

/**
 * Where the contracts live on one chain. The deploy step writes it to `<DATA_DIR>/deployment.json`;
 * the server reads it and hands it to browsers in `/config`.
 */
export const addressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address is 0x followed by 40 hex digits')
  .transform((value) => value as `0x${string}`);

export type Address = `0x${string}`;

export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  /** Block of the first deployment transaction: the indexer replays logs from here. */
  deployBlock: z.number().int().nonnegative(),
  /** Written by scripts/deploy.ts; ABIs of each are in shared/contracts.ts. */
  addresses: z.object({
    LandRegistry: addressSchema,
    /** Clones one ShareVault per fractionalized parcel. */
    Fractionalizer: addressSchema,
    /** The code every vault clone delegates to (never holds a parcel itself). */
    ShareVault: addressSchema,
    OreMiner: addressSchema,
    /** Deployed by OreMiner (its only minter). */
    OreToken: addressSchema,
    /** Deployed by OreMiner; one reward pool per vault. */
    ParcelStaking: addressSchema,
    WETH9: addressSchema,
    UniswapV2Factory: addressSchema,
    UniswapV2Router02: addressSchema,
  }),
});

export type Deployment = z.infer<typeof deploymentSchema>;

/** What `/config` answers: everything a browser needs to reach the chain and the contracts. */
export const publicConfigSchema = z.object({
  chainId: z.number().int().positive(),
  /** JSON-RPC endpoint for browsers; relative (`/rpc`) when the game server proxies the local chain. */
  rpcUrl: z.string().min(1),
  deployment: deploymentSchema,
  /** True on the local chain: `/faucet` funds new burner wallets. */
  faucet: z.boolean(),
  worldRadius: z.number().int().positive(),
  /** The world is split into zone rooms (shared/zones.ts) rather than one world room. */
  zones: z.boolean().optional(),
});

export type PublicConfig = z.infer<typeof publicConfigSchema>;
