import type { FoundNonce, Hex, MiningJob } from '../../../shared/pow.ts';
import type { ServerMessages, ServerMessageType } from '../../../shared/protocol.ts';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import type { AppStore } from '../../store.ts';
import type { WorldLink } from '../net/world-link.ts';
import { formatAmount } from '../wallet/format.ts'; // ORE has 18 decimals, like ETH
import { messageOf, WalletRefusal } from '../wallet/wallet-errors.ts';
import type { WalletService } from '../wallet/wallet-service.ts';
import { defaultThreads, MinerPool, type PoolReport } from './miner-pool.ts';
import type { MiningState } from './mining-slice.ts';
import { SharePacer } from './share-pacer.ts';
import type { SolutionOutcome } from './solution.ts';

/** The `error` codes that answer a work share. */
const SHARE_REFUSALS = new Set([
  'stale-job',
  'above-target',
  'duplicate-share',
  'unknown-job',
  'wrong-miner',
  'over-rate',
]);

export interface MiningPorts {
  /** The link to the world while connected: jobs and work shares go to the parcel's (zone) room. */
  link(): WorldLink | null;
  /** The page's wallet once the config is known: solutions go out from its account (the page's one signer). */
  wallet(): Pick<WalletService, 'account' | 'funded'> | null;
  /** Where visibility changes come from (the page's document). */
  document: Pick<Document, 'hidden' | 'addEventListener'>;
}

/**
 * The player's side of mining: asks the parcel's room for a job, runs the worker pool on it, sends each
 * work share, submits solutions from the wallet, and pauses while the tab is hidden. Everything
 * the panel shows goes through the store's mining slice.
 */
export class MiningController {
  readonly #store: AppStore;
  readonly #ports: MiningPorts;
  #pool: MinerPool | null = null;
  #job: MiningJob | null = null;
  /** Sends work shares within the room's limit (created with the worker pool). */
  #pacer: SharePacer | null = null;
  #submitting = false;
  /** The challenge of this player's last solution: later nonces for it can only lose. */
  #solvedChallenge: Hex | null = null;

  constructor(store: AppStore, ports: MiningPorts, hardwareConcurrency?: number) {
    this.#store = store;
    this.#ports = ports;
    this.#patch({ threads: defaultThreads(hardwareConcurrency) });
    ports.document.addEventListener('visibilitychange', () => void this.#applyThrottle());
  }

  /** Starts mining `parcelId` (a parcel with a rig); the server answers with a job. */
  start(parcelId: number): void {
    const link = this.#ports.link();
    if (!link) {
      this.#patch({ message: 'Not connected to the world.' });
      return;
    }
    // in zone rooms, the parcel's zone must be in view: its room holds the parcel's mining pool
    if (!link.send('mine', { parcelId })) {
      this.#patch({ message: 'That parcel is out of view: walk nearer to mine it.' });
      return;
    }
    this.#pool ??= new MinerPool(this.#mining().threads, (report) => this.#onReport(report));
    this.#pacer ??= new SharePacer(performance.now());
    this.#patch({ parcelId, status: 'waiting', message: null });
  }

  async stop(): Promise<void> {
    // the server stops crediting at once, rather than after its hash-rate window
    if (this.#mining().status !== 'off') this.#ports.link()?.send('mineStop', {});
    this.#job = null;
    this.#pacer?.setJob(null, performance.now());
    this.#patch({ parcelId: null, status: 'off', localHashRate: 0, unsent: this.#pacer?.dropped ?? 0 });
    await this.#pool?.stop();
  }

  async setThreads(threads: number): Promise<void> {
    this.#patch({ threads });
    await this.#pool?.setThreads(threads);
  }

  async setThrottle(throttle: number): Promise<void> {
    this.#patch({ throttle });
    await this.#applyThrottle();
  }

  #mining() {
    return this.#store.getState().mining;
  }

  #patch(patch: Partial<MiningState>): void {
    this.#store.getState().patchMining(patch);
  }

  /** Hidden tab: workers idle (throttle 0) and the server stops crediting; visible again: a new job. */
  async #applyThrottle(): Promise<void> {
    const hidden = this.#ports.document.hidden;
    const { status, throttle, parcelId } = this.#mining();
    const link = this.#ports.link();
    if (status === 'mining' && hidden) {
      this.#patch({ status: 'paused' });
      link?.send('mineStop', {});
    }
    // the server dropped the paused job: a new one resumes the workers (#onJob)
    if (status === 'paused' && !hidden && parcelId !== null && link?.send('mine', { parcelId })) {
      this.#patch({ status: 'waiting' });
      return;
    }
    await this.#pool?.setThrottle(hidden ? 0 : throttle);
  }

  /** A server message of the world link: mining's answers (a job, an accepted work share, a refusal) are the controller's. */
  heard<K extends ServerMessageType>(type: K, message: ServerMessages[K]): void {
    if (type === 'job') {
      this.#onJob(message as ServerMessages['job']).catch((error: unknown) => {
        void this.stop().then(() => this.#patch({ message: `Mining failed: ${(error as Error).message}` }));
      });
    } else if (type === 'workShareAccepted') {
      this.#patch({ accepted: this.#mining().accepted + 1 });
    } else if (type === 'error') {
      const error = message as ServerMessages['error'];
      if (error.type === 'workShare' || SHARE_REFUSALS.has(error.code)) {
        this.#patch({
          rejected: this.#mining().rejected + 1,
          message: `Work share refused: ${error.message}`,
        });
      } else if (error.type === 'mine') {
        void this.stop().then(() => this.#patch({ message: error.message }));
      }
    }
  }

  async #onJob(job: MiningJob): Promise<void> {
    const { parcelId, status } = this.#mining();
    if (!this.#pool || !this.#pacer || status === 'off') return;
    if (parcelId !== job.parcelId) {
      // The room mines one parcel per address: another session of this address (a second tab)
      // started mining elsewhere, and this tab's work counts only there now. While waiting for
      // this tab's own job, an older job of the parcel it left is ignored.
      if (status === 'waiting') return;
      this.#patch({
        parcelId: job.parcelId,
        message: `Mining moved to ${formatCoords(parcelCoords(job.parcelId))}, asked by another session of this address.`,
      });
    }
    this.#job = job;
    this.#pacer.setJob(job, performance.now());
    this.#patch({ status: this.#ports.document.hidden ? 'paused' : 'mining', unsent: this.#pacer.dropped });
    await this.#pool.start(job);
    await this.#applyThrottle();
  }

  #onReport(report: PoolReport): void {
    const link = this.#ports.link();
    this.#patch({ localHashRate: report.hashRate, creditedHashRate: link?.self()?.hashRate ?? 0 });
    // after this player's solution the job's challenge is gone on chain: its shares would be stale
    if (!link || !this.#job || !this.#pacer || this.#job.challenge === this.#solvedChallenge) return;
    for (const found of report.found) if (found.solution) void this.#submit(found, this.#job);
    // every report (each worker, about every MINER_BATCH_MS) also sends the shares held back
    for (const found of this.#pacer.offer(report.found, performance.now())) {
      link.send('workShare', { jobId: found.jobId, nonce: found.nonce });
    }
    if (this.#pacer.dropped !== this.#mining().unsent) this.#patch({ unsent: this.#pacer.dropped });
  }

  /** One solution at a time: while one is on its way, others of the same challenge would be beaten. */
  async #submit(found: FoundNonce, job: MiningJob): Promise<void> {
    if (this.#submitting || job.challenge === this.#solvedChallenge) return;
    this.#submitting = true;
    this.#patch({ submitting: true });
    try {
      const outcome = await this.#solve(job.parcelId, found.nonce);
      const { solutions, oreEarned } = this.#mining();
      if (outcome.kind === 'mined') {
        this.#solvedChallenge = job.challenge;
        this.#patch({
          solutions: solutions + 1,
          oreEarned: oreEarned + outcome.reward,
          message: `Solution mined on chain: +${formatAmount(outcome.reward)} ORE.`,
        });
      } else if (outcome.kind === 'beaten') {
        this.#patch({ message: 'Another miner solved this challenge first: fetching a new job.' });
      } else {
        this.#patch({ message: outcome.message });
      }
      // the challenge moved either way: ask for a job on the new one
      if (outcome.kind !== 'failed' && this.#mining().parcelId === job.parcelId) {
        this.#ports.link()?.send('mine', { parcelId: job.parcelId });
      }
    } catch (error) {
      // a refusal (no wallet open) is already in words
      const message =
        error instanceof WalletRefusal
          ? error.message
          : `The solution could not be sent: ${messageOf(error)}`;
      this.#patch({ message });
    } finally {
      this.#submitting = false;
      this.#patch({ submitting: false });
    }
  }

  /** Puts `nonce` on chain from the wallet's account, once the burner's faucet drip has paid for it. */
  async #solve(parcelId: number, nonce: Hex): Promise<SolutionOutcome> {
    const wallet = this.#ports.wallet();
    const config = this.#store.getState().config;
    if (!wallet || !config) throw new Error('the game server is not reachable');
    const account = await wallet.account();
    await wallet.funded();
    // ethers and the ABIs load with the first solution, not with the page
    const { submitSolution } = await import('./solution.ts');
    return submitSolution(account.signer, config.deployment.addresses.OreMiner, parcelId, nonce);
  }
}
