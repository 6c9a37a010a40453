/** Defaults of the environment variables in DESIGN.md §7; scripts and server read these. */
export const DEFAULT_PORT = 2567;
export const DEFAULT_CHAIN_PORT = 8545;
export const DEFAULT_DATA_DIR = './data';
/** Chain id of the local anvil chain. */
export const LOCAL_CHAIN_ID = 31337;
/**
 * anvil's first well-known development key (mnemonic "test test … junk"); deploys and funds the
 * faucet on the local chain only. Never holds value anywhere else.
 */
export const LOCAL_DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
/** The room every player joins. */
export const WORLD_ROOM = 'world';
