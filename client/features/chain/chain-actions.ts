import type { Signer } from 'ethers';
import type { Deployment } from '../../../shared/deployment.ts';
import { buyoutActions } from './buyout-actions.ts';
import { createChainCore } from './chain-core.ts';
import { holdingsReads } from './holdings-reads.ts';
import { landActions } from './land-actions.ts';
import { rigActions } from './rig-actions.ts';
import { stakingActions } from './staking-actions.ts';
import { styleActions } from './style-actions.ts';
import { tradeActions } from './trade-actions.ts';

export type { OnPhase, TxPhase, TxResult } from './chain-core.ts';
export type { Holdings, VaultPosition } from './holdings-reads.ts';
export { defaultTerms, type FractionalizeTerms } from './land-actions.ts';
export type { RewardStream } from './staking-actions.ts';
export type { StyleVoteView } from './style-actions.ts';
export type { SwapSide } from './trade-actions.ts';

/**
 * Every player action over one signer, by feature: each simulates the call first (a revert costs
 * nothing and reports the contract's reason in words), sends it, reports 'sending' → 'pending',
 * and resolves once mined; token approvals are sent first when needed. The reads the panels need
 * (a position, a portfolio, whether new blocks changed them) come with them.
 */
export function createChainActions(signer: Signer, deployment: Deployment) {
  const core = createChainCore(signer, deployment);
  return {
    ...landActions(core),
    ...tradeActions(core),
    ...stakingActions(core),
    ...buyoutActions(core),
    ...rigActions(core),
    ...styleActions(core),
    ...holdingsReads(core),
  };
}

export type ChainActions = ReturnType<typeof createChainActions>;
