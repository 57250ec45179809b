import { Controller, Get, Header, Inject } from '@nestjs/common';
import { METRICS } from '../../../platform/di-symbols';
import type { ServiceMetrics } from '../../../platform/metrics/service-metrics';

@Controller()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: ServiceMetrics) {}

  /** Prometheus text exposition. */
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
