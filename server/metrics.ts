import { Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of one server process, on its own registry (several servers may share a process in tests). */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    clients: new Gauge({ name: 'fracterra_clients', help: 'Connected clients', registers: [registry] }),
    rooms: new Gauge({
      name: 'fracterra_rooms',
      help: 'Rooms hosted by this process',
      registers: [registry],
    }),
    messages: new Counter({
      name: 'fracterra_messages_total',
      help: 'Client messages received, by type (rate() gives messages/s)',
      labelNames: ['type'],
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'fracterra_rejected_messages_total',
      help: 'Client messages refused, by reason code',
      labelNames: ['code'],
      registers: [registry],
    }),
    patchTicks: new Counter({
      name: 'fracterra_patch_ticks_total',
      help: 'Patch ticks of the rooms (20 per second and room)',
      registers: [registry],
    }),
    patchCpu: new Counter({
      name: 'fracterra_patch_cpu_seconds_total',
      help: 'Process CPU seconds spent in patch ticks: interest updates, encoding and sending patches',
      registers: [registry],
    }),
    workShares: new Counter({
      name: 'fracterra_work_shares_total',
      help: 'Work shares accepted into the ledger (rate() gives shares/s)',
      registers: [registry],
    }),
    indexedBlock: new Gauge({
      name: 'fracterra_indexer_block',
      help: 'Last chain block the indexer applied',
      registers: [registry],
    }),
    indexerLag: new Gauge({
      name: 'fracterra_indexer_lag_blocks',
      help: 'Chain head minus the last indexed block',
      registers: [registry],
    }),
    logRequests: new Counter({
      name: 'fracterra_indexer_log_requests_total',
      help: 'eth_getLogs requests of the indexer (only the lease holder of a cluster reads the chain)',
      registers: [registry],
    }),
    chainUp: new Gauge({
      name: 'fracterra_chain_up',
      help: '1 when the last chain request succeeded',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
