import { z } from 'zod';
import type { DeployParams } from './deploy.ts';

/** A non-negative integer written as a decimal or 0x-hex string (wei, targets: beyond JSON numbers). */
const bigUint = z
  .string()
  .regex(/^(0x[0-9a-fA-F]+|\d+)$/, 'a decimal or 0x-hex integer in a string')
  .transform((value) => BigInt(value));

const seconds = z.number().int().positive();

/**
 * `DEPLOY_PARAMS`: JSON overrides of the local deploy parameters, for tests that need a short
 * auction or an easy ORE target. Used only when a deployment happens (a fresh DATA_DIR).
 */
const deployParamsSchema = z
  .object({
    auctionLengthSec: seconds,
    auctionExtensionSec: z.number().int().nonnegative(),
    styleVoteSec: seconds,
    oreInitialTarget: bigUint,
    oreSolutionIntervalSec: seconds,
    oreRetargetPeriodSec: seconds,
    oreRewardPeriodSec: seconds,
    oreRewardPerLevel: bigUint,
    rigBaseCost: bigUint,
    oreLiquiditySeed: bigUint,
    oreLiquidityWei: bigUint,
  })
  .partial()
  .strict();

/** The overrides in `text` (undefined or empty: none); throws a message naming the bad field. */
export function parseDeployParams(text: string | undefined): Partial<DeployParams> {
  if (text === undefined || text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('DEPLOY_PARAMS must be JSON, e.g. {"auctionLengthSec":60}');
  }
  const parsed = deployParamsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`DEPLOY_PARAMS: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
