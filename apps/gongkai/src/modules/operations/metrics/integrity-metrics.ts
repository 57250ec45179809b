import { Gauge, type Registry } from 'prom-client';
import type { IntegrityLog } from '@gongkai/event-store';

/** The Merkle log's state as metrics: an alarm an operator can alert on, the tree size, the last verify. */
export function registerIntegrityMetrics(registry: Registry, log: IntegrityLog): void {
  new Gauge({
    name: 'gongkai_integrity_alarm',
    help: '1 while the integrity alarm is raised (signing stopped; see /health), else 0',
    registers: [registry],
    collect() {
      this.set(log.alarm ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gongkai_integrity_tree_size',
    help: 'Leaves in the persisted Merkle tree',
    registers: [registry],
    collect() {
      this.set(log.size);
    },
  });
  new Gauge({
    name: 'gongkai_integrity_last_verify_timestamp_seconds',
    help: 'When the last whole-store verification finished (0: none yet)',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const last = log.lastVerify;
      this.reset();
      if (!last?.finishedAt) return;
      const outcome = last.error ? 'error' : last.result?.ok ? 'ok' : 'failed';
      this.set({ outcome }, Date.parse(last.finishedAt) / 1000);
    },
  });
}
