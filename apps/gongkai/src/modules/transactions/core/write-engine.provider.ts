import type { Provider } from '@nestjs/common';
import type { Clock, EventStore } from '@gongkai/event-store';
import { findingsOf, WriteEngine, type WriteObserver, type CalendarRegistry } from '@gongkai/write-engine';
import type { ServiceConfig } from '@gongkai/runtime';
import { CALENDAR, CLOCK, CONFIG, EVENT_STORE, METRICS } from '../../../platform/di-symbols';
import type { ServiceMetrics } from '../../../platform/metrics/service-metrics';

/** The engine's counters as the service's Prometheus metrics. */
export function metricsObserver(metrics: ServiceMetrics): WriteObserver {
  return {
    rejected: (reason) => metrics.appendsRejected.inc({ reason }),
    appended: (recorded) => {
      metrics.eventsAppended.inc({ type: recorded.type });
      for (const finding of findingsOf(recorded)) {
        metrics.findings.inc({ code: String((finding as { code?: unknown }).code ?? 'unknown') });
      }
    },
  };
}

/** One write engine per service process: its state cache is shared by every write use case. */
export const writeEngineProvider: Provider = {
  provide: WriteEngine,
  inject: [EVENT_STORE, METRICS, CLOCK, CONFIG, { token: CALENDAR, optional: true }],
  useFactory: (
    store: EventStore,
    metrics: ServiceMetrics,
    clock: Clock,
    config: Pick<ServiceConfig, 'publicationTolerances'>,
    calendar?: CalendarRegistry,
  ) =>
    new WriteEngine({
      store,
      clock,
      publicationTolerances: config.publicationTolerances,
      ...(calendar ? { calendar } : {}),
      observer: metricsObserver(metrics),
    }),
};
