import { Gauge, type Registry } from 'prom-client';
import type { SinkTargetStatus } from './sink-runner';

/** Where the metrics read their numbers from (a SinkRunner). */
export interface SinkStatusSource {
  status(): Promise<SinkTargetStatus[]>;
}

const CIRCUIT_STATES = ['closed', 'open', 'half-open', 'isolated'] as const;

/**
 * Registers per-target sink gauges on a prom-client registry (`/metrics`). Values are read from
 * `status()` at scrape time, once per scrape for all gauges.
 */
export function registerSinkMetrics(
  registry: Registry,
  source: SinkStatusSource,
  prefix = 'gongkai_sink_',
): void {
  let pending: Promise<SinkTargetStatus[]> | undefined;
  const statuses = (): Promise<SinkTargetStatus[]> => {
    pending ??= source.status().finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };

  const gauge = (name: string, help: string, value: (status: SinkTargetStatus) => number): void => {
    new Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames: ['target'],
      registers: [registry],
      async collect() {
        for (const status of await statuses()) this.set({ target: status.target }, value(status));
      },
    });
  };

  gauge(
    'checkpoint_position',
    'Every event at or below this $all position is settled for the target',
    (s) => s.checkpoint,
  );
  gauge('lag_events', 'Positions between the event store head and the target checkpoint', (s) => s.lag);
  gauge('in_flight_events', 'Events read and being delivered', (s) => s.inFlight);
  gauge('delivered_events', 'Events accepted by the target (since it was configured)', (s) => s.delivered);
  gauge('skipped_events', 'Events the target does not take (since it was configured)', (s) => s.skipped);
  gauge('dead_letters_open', 'Open dead letters (each parks its stream)', (s) => s.openDeadLetters);
  gauge('parked_streams', 'Streams waiting behind an open dead letter', (s) => s.parkedStreams);
  gauge('held_events', 'Events held behind a dead letter', (s) => s.heldEvents);
  gauge('running', '1 while the target is delivering', (s) => (s.running ? 1 : 0));
  new Gauge({
    name: `${prefix}circuit_state`,
    help: 'Circuit breaker state of the target (1 for the current state)',
    labelNames: ['target', 'state'],
    registers: [registry],
    async collect() {
      for (const status of await statuses()) {
        for (const state of CIRCUIT_STATES) {
          this.set({ target: status.target, state }, status.circuitState === state ? 1 : 0);
        }
      }
    },
  });
}
