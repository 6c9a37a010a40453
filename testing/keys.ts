/**
 * anvil's well-known development keys (mnemonic "test test … junk") after the deployer's, which
 * is LOCAL_DEPLOYER_KEY in shared/defaults.ts (the product deploys with it on the local chain):
 * accounts 1, 2 and 3, each funded with test ETH by anvil. Tests, e2e and bench only.
 */
export const PLAYER_KEYS = [
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
] as const;
