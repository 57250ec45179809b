import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics, in a registry of its own (tests run several services in one process). */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'gongkai_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'gongkai_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'gongkai_events_appended_total',
    help: 'Events appended to the store, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly appendsRejected = new Counter({
    name: 'gongkai_appends_rejected_total',
    help: 'Appends refused, by reason (rule code, revision-mismatch, ...)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly findings = new Counter({
    name: 'gongkai_compliance_findings_total',
    help: 'Compliance findings recorded with appended events, by finding code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gongkai_' });
  }
}
