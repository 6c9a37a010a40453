import { expose } from 'comlink';
import { createNonceSearch } from './keccak-search.ts';
import { createMiner } from './miner.ts';

/**
 * One mining Web Worker: the miner behind comlink. The client creates it with
 * `new Worker(new URL('…/workers/miner.worker.ts', import.meta.url), { type: 'module' })` and
 * `wrap<MinerWorkerApi>(worker)`. The API is exposed at once (messages are not lost while the
 * WebAssembly compiles); calls wait for the compiled search.
 */
expose(createMiner(createNonceSearch()));
