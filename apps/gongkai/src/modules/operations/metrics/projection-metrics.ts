import { Gauge, type Registry } from 'prom-client';
import type { ProjectionReport } from '../../../background/read-models';

/** Per-projection gauges for `/metrics`, read from the projections' status once per scrape. */
export function registerProjectionMetrics(
  registry: Registry,
  status: () => Promise<ProjectionReport[]>,
): void {
  let pending: Promise<ProjectionReport[]> | undefined;
  const statuses = (): Promise<ProjectionReport[]> => {
    pending ??= status().finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  const gauge = (name: string, help: string, value: (report: ProjectionReport) => number): void => {
    new Gauge({
      name: `gongkai_projection_${name}`,
      help,
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        for (const report of await statuses()) this.set({ projection: report.name }, value(report));
      },
    });
  };
  gauge('position', 'Last $all position applied to the live read model', (r) => r.position);
  gauge('lag_events', 'Events in the store not yet applied to the live read model', (r) => r.lagEvents);
  gauge('lag_seconds', 'Seconds between the newest event and the last one applied', (r) => r.lagSeconds);
  gauge('failing', '1 while the projection retries a failing event', (r) => (r.phase === 'failing' ? 1 : 0));
}
