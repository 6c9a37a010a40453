/**
 * `npm start`: the local chain (unless RPC_URL names another network), the contracts (deployed
 * once), the game server and the built client, on one URL. Prints that URL and nothing else
 * unless something goes wrong. Ctrl-C stops everything and saves the chain state.
 * `--no-build` skips the contract compile and the client build (both must have run before).
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  DEFAULT_CHAIN_PORT,
  DEFAULT_DATA_DIR,
  DEFAULT_PORT,
  LOCAL_DEPLOYER_KEY,
} from '../shared/defaults.ts';
import { buildClientIfStale, compileContracts } from './build.ts';
import { type LocalChain, portTaken, reapLeftoverChain, rpcChainId, startLocalChain } from './chain.ts';
import { ensureDeployed } from './deploy.ts';
import { parseDeployParams } from './deploy-params.ts';
import { readEnv } from './env.ts';

/** In DATA_DIR while `npm start` runs its own local chain: that chain's process id. */
const CHAIN_PID_FILE = 'chain.pid';

const stoppers: Array<() => Promise<void>> = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Last started, first stopped: the server lets go of the chain before the chain exits.
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait any longer
    void stop(0);
  });
}

/** Waits for a chain that is down, saying so once, instead of failing with a stack trace. */
async function waitForChain(rpcUrl: string): Promise<void> {
  let told = false;
  while ((await rpcChainId(rpcUrl)) === null) {
    if (!told) console.error(`The chain at ${rpcUrl} does not answer; retrying every 2 s (Ctrl-C to stop).`);
    told = true;
    await new Promise((done) => setTimeout(done, 2_000));
  }
}

async function main(): Promise<void> {
  const env = readEnv(process.env, {
    port: DEFAULT_PORT,
    chainPort: DEFAULT_CHAIN_PORT,
    dataDir: DEFAULT_DATA_DIR,
  });
  // checked before anything starts: a typo fails fast with the field's name
  const params = parseDeployParams(process.env.DEPLOY_PARAMS);
  const dataDir = resolve(env.dataDir);
  await mkdir(dataDir, { recursive: true });
  // --no-build: serve the client and deploy the contracts as built before (the e2e tests build once
  // for the many games they start)
  if (!process.argv.includes('--no-build')) {
    await Promise.all([compileContracts(), buildClientIfStale()]);
  } else if (!existsSync(resolve('dist', 'index.html'))) {
    throw new Error('--no-build: dist/ holds no built client; run npm start once without --no-build');
  }
  let rpcUrl = env.rpcUrl;
  if (rpcUrl === undefined) {
    const stateFile = resolve(dataDir, 'chain-state.json');
    // chain.pid: operators (and the end-to-end tests) can find the chain this game runs on, and
    // the next start finds the chain of a run that was killed (kill -9 leaves anvil running)
    const pidFile = resolve(dataDir, CHAIN_PID_FILE);
    if (await reapLeftoverChain(pidFile, stateFile)) {
      console.error('Stopped the local chain a killed run of this game left behind; its state is kept.');
    }
    // never adopt a chain we did not start: its state and accounts are not this game's
    if (await portTaken(env.chainPort)) {
      throw new Error(
        `CHAIN_PORT=${env.chainPort} is taken by another program (not a chain this game started in ${dataDir}); stop it or set another CHAIN_PORT`,
      );
    }
    let chain: LocalChain;
    try {
      chain = await startLocalChain({ port: env.chainPort, stateFile });
    } catch (error) {
      throw new Error(`${(error as Error).message} (is CHAIN_PORT=${env.chainPort} already in use?)`);
    }
    await writeFile(pidFile, `${chain.process.pid}\n`);
    stoppers.push(async () => {
      await chain.stop();
      await rm(pidFile, { force: true });
    });
    rpcUrl = chain.rpcUrl;
  } else {
    await waitForChain(rpcUrl);
  }
  const local = env.rpcUrl === undefined;
  const deployerKey = env.deployerKey ?? LOCAL_DEPLOYER_KEY;
  const deployment = await ensureDeployed({ rpcUrl, deployerKey, dataDir, params });
  const { startServer } = await import('../server/main.ts');
  const server = await startServer({
    port: env.port,
    rpcUrl,
    dataDir,
    deployment,
    faucetKey: local ? deployerKey : undefined,
    redisUrl: env.redisUrl,
    publicAddress: env.publicAddress,
    zones: env.zones,
    databaseUrl: env.databaseUrl,
    confirmations: env.confirmations,
    publicOrigins: env.publicOrigins,
    clientDir: resolve('dist'),
  });
  stoppers.push(() => server.close());
  console.log(`Fracterra is running at ${server.url}`);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
