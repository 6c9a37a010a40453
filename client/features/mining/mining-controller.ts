import type { FoundNonce, Hex, MiningJob } from '../../../shared/pow.ts';
import type { ServerMessages } from '../../../shared/protocol.ts';
import { formatCoords, parcelCoords } from '../../../shared/world.ts';
import type { AppStore } from '../../store.ts';
import { send, type WorldRoom } from '../net/world-room.ts';
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
  /** The world room while connected. */
  room(): WorldRoom | null;
  /** The page's wallet once the config is known: solutions go out from its account (the page's one signer). */
  wallet(): Pick<WalletService, 'account' | 'funded'> | null;
  /** Where visibility changes come from (the page's document). */
  document: Pick<Document, 'hidden' | 'addEventListener'>;
}

/**
 * The player's side of mining: asks the room for a job, runs the worker pool on it, sends each
 * work share, submits solutions from the wallet, and pauses while the tab is hidden. Everything
 * the panel shows goes through the store's mining slice.
 */
export class MiningController {
  readonly #store: AppStore;
  readonly #ports: MiningPorts;
  readonly #rooms = new WeakSet<WorldRoom>();
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
    const room = this.#ports.room();
    if (!room) {
      this.#patch({ message: 'Not connected to the world.' });
      return;
    }
    this.#follow(room);
    this.#pool ??= new MinerPool(this.#mining().threads, (report) => this.#onReport(report));
    this.#pacer ??= new SharePacer(performance.now());
    this.#patch({ parcelId, status: 'waiting', message: null });
    send(room, 'mine', { parcelId });
  }

  async stop(): Promise<void> {
    const room = this.#ports.room();
    // the server stops crediting at once, rather than after its hash-rate window
    if (room && this.#mining().status !== 'off') send(room, 'mineStop', {});
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
    const room = this.#ports.room();
    if (status === 'mining' && hidden) {
      this.#patch({ status: 'paused' });
      if (room) send(room, 'mineStop', {});
    }
    if (status === 'paused' && !hidden && parcelId !== null && room) {
      // the server dropped the paused job: a new one resumes the workers (#onJob)
      this.#patch({ status: 'waiting' });
      send(room, 'mine', { parcelId });
      return;
    }
    await this.#pool?.setThrottle(hidden ? 0 : throttle);
  }

  /** Listens to the room's mining answers (once per room: a reconnect brings a new one). */
  #follow(room: WorldRoom): void {
    if (this.#rooms.has(room)) return;
    this.#rooms.add(room);
    room.onMessage('job', (job: ServerMessages['job']) =>
      this.#onJob(job).catch((error: unknown) => {
        void this.stop().then(() => this.#patch({ message: `Mining failed: ${(error as Error).message}` }));
      }),
    );
    room.onMessage('workShareAccepted', () => this.#patch({ accepted: this.#mining().accepted + 1 }));
    room.onMessage('error', (error: ServerMessages['error']) => {
      if (error.type === 'workShare' || SHARE_REFUSALS.has(error.code)) {
        this.#patch({
          rejected: this.#mining().rejected + 1,
          message: `Work share refused: ${error.message}`,
        });
      } else if (error.type === 'mine') {
        void this.stop().then(() => this.#patch({ message: error.message }));
      }
    });
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
    const room = this.#ports.room();
    const me = room?.state.players?.get(room.sessionId);
    this.#patch({ localHashRate: report.hashRate, creditedHashRate: me?.hashRate ?? 0 });
    // after this player's solution the job's challenge is gone on chain: its shares would be stale
    if (!room || !this.#job || !this.#pacer || this.#job.challenge === this.#solvedChallenge) return;
    for (const found of report.found) if (found.solution) void this.#submit(found, this.#job);
    // every report (each worker, about every MINER_BATCH_MS) also sends the shares held back
    for (const found of this.#pacer.offer(report.found, performance.now())) {
      send(room, 'workShare', { jobId: found.jobId, nonce: found.nonce });
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
      const room = this.#ports.room();
      if (outcome.kind !== 'failed' && room && this.#mining().parcelId === job.parcelId) {
        send(room, 'mine', { parcelId: job.parcelId });
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
