import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import type { BackgroundWork } from './background/background-work';
import type { ServiceConfig } from './config/config.schema';
import { CalendarYearsController } from './calendar/calendar-years.controller';
import { ComputeDeadlineHandler } from './deadline/compute-deadline.handler';
import { DeadlineController } from './deadline/deadline.controller';
import { FeedController } from './feed/feed.controller';
import { OpenFeeds } from './feed/open-feeds';
import { GetCreditProfileController } from './get-credit-profile/get-credit-profile.controller';
import { HealthController } from './health/health.controller';
import type { ServiceInfrastructure } from './infrastructure/service-infrastructure';
import { IntegrityController } from './integrity/integrity.controller';
import { LogController } from './integrity/log.controller';
import { ListFindingsController } from './list-findings/list-findings.controller';
import { MetricsController } from './metrics/metrics.controller';
import type { ServiceMetrics } from './metrics/service-metrics';
import { OpenApiController } from './openapi/openapi.controller';
import { ProjectionsController } from './projections/projections.controller';
import { ConsoleController } from './console/console.controller';
import { RedFlagsController } from './red-flags/red-flags.controller';
import { SessionController } from './session/session.controller';
import { ReportsController } from './reports/reports.controller';
import { TransactionVersionsController } from './transaction-versions/transaction-versions.controller';
import { SinksController } from './sinks/sinks.controller';
import {
  ACCESS_LOG,
  CALENDAR,
  CONFIG,
  CLOCK,
  EVENT_STORE,
  INTEGRITY,
  LOGGER,
  METRICS,
  READ_MODELS,
  SINKS,
  KAFKA_FEED,
  TOKEN_STORE,
} from './tokens';
import { TokensController } from './tokens/tokens.controller';
import { AccessLogController } from './access-log/access-log.controller';
import { USE_CASES } from './use-cases';

export interface AppDependencies {
  config: ServiceConfig;
  logger: Logger;
  metrics: ServiceMetrics;
  infrastructure: ServiceInfrastructure;
  background: BackgroundWork;
}

/** The service module: binds the ports to the opened infrastructure and registers every use case. */
@Module({})
export class AppModule {
  static register(deps: AppDependencies): DynamicModule {
    const { infrastructure } = deps;
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        ...USE_CASES.controllers,
        DeadlineController,
        CalendarYearsController,
        IntegrityController,
        LogController,
        TokensController,
        AccessLogController,
        ListFindingsController,
        ReportsController,
        RedFlagsController,
        SessionController,
        ConsoleController,
        TransactionVersionsController,
        GetCreditProfileController,
        ProjectionsController,
        SinksController,
        FeedController,
        HealthController,
        MetricsController,
        OpenApiController,
      ],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: METRICS, useValue: deps.metrics },
        { provide: EVENT_STORE, useValue: infrastructure.store },
        { provide: CLOCK, useValue: infrastructure.clock },
        { provide: INTEGRITY, useValue: infrastructure.integrity },
        { provide: TOKEN_STORE, useValue: infrastructure.tokens },
        { provide: ACCESS_LOG, useValue: infrastructure.accessLog },
        { provide: CALENDAR, useValue: infrastructure.calendar },
        { provide: READ_MODELS, useValue: deps.background.readModels },
        { provide: SINKS, useValue: deps.background.sinks },
        { provide: KAFKA_FEED, useValue: deps.background.kafkaFeed },
        OpenFeeds,
        { provide: APP_GUARD, useClass: AuthGuard },
        ComputeDeadlineHandler,
        ...USE_CASES.providers,
      ],
    };
  }
}
