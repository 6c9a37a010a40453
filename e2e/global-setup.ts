import { buildClientIfStale, compileContracts } from '../scripts/build.ts';

/**
 * Builds once for every world of the run (each starts `npm start --no-build`): the contracts the
 * worlds deploy and the client they serve, with the window.__fracterra test handle the specs read.
 */
export default async function globalSetup(): Promise<void> {
  process.env.FRACTERRA_TEST_HANDLE = '1';
  await Promise.all([compileContracts(), buildClientIfStale()]);
}
