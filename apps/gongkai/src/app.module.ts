import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { AuthGuard } from './platform/auth/auth.guard';
import type { BackgroundWork } from './background/background-work';
import type { ServiceConfig } from '@gongkai/runtime';
import { CalendarYearsController } from './modules/supervision/calendar/calendar-years.controller';
import { ComputeDeadlineHandler } from './modules/supervision/deadline/compute-deadline.handler';
import { DeadlineController } from './modules/supervision/deadline/deadline.controller';
import { FeedController } from './modules/feeds/sse/feed.controller';
import { OpenFeeds } from './modules/feeds/sse/open-feeds';
import { GetCreditProfileController } from './modules/credit/get-credit-profile/get-credit-profile.controller';
import { ListCreditSubjectsController } from './modules/credit/list-credit-subjects/list-credit-subjects.controller';
import { HealthController } from './modules/operations/health/health.controller';
import type { ServiceInfrastructure } from './service-infrastructure';
import { IntegrityController } from './modules/integrity/transparency-log/integrity.controller';
import { LogController } from './modules/integrity/transparency-log/log.controller';
import { ListFindingsController } from './modules/supervision/list-findings/list-findings.controller';
import { MetricsController } from './modules/operations/metrics/metrics.controller';
import type { ServiceMetrics } from './platform/metrics/service-metrics';
import { OpenApiController } from './platform/openapi/openapi.controller';
import { ProjectionsController } from './modules/operations/projections/projections.controller';
import { ConsoleController } from './modules/console/console/console.controller';
import { RedFlagsController } from './modules/supervision/red-flags/red-flags.controller';
import { SessionController } from './modules/console/session/session.controller';
import { ReportsController } from './modules/supervision/reports/reports.controller';
import { TransactionVersionsController } from './modules/transactions/transaction-versions/transaction-versions.controller';
import { SinksController } from './modules/operations/sinks/sinks.controller';
import { SubscriptionsController } from './modules/feeds/subscriptions/subscriptions.controller';
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
  SUBSCRIPTIONS,
  TOKEN_STORE,
} from './platform/di-symbols';
import { TokensController } from './modules/operations/tokens/tokens.controller';
import { AccessLogController } from './modules/integrity/access-log/access-log.controller';
import { USE_CASES } from './modules/transactions/use-cases';
import { OPEN_DATA_USE_CASES } from './modules/open-data/use-cases';
import { DISCLOSURE_USE_CASES } from './modules/disclosures/use-cases';

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
        ...OPEN_DATA_USE_CASES.controllers,
        ...DISCLOSURE_USE_CASES.controllers,
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
        ListCreditSubjectsController,
        ProjectionsController,
        SinksController,
        SubscriptionsController,
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
        { provide: SUBSCRIPTIONS, useValue: deps.background.subscriptions.service },
        OpenFeeds,
        { provide: APP_GUARD, useClass: AuthGuard },
        ComputeDeadlineHandler,
        ...USE_CASES.providers,
        ...OPEN_DATA_USE_CASES.providers,
        ...DISCLOSURE_USE_CASES.providers,
      ],
    };
  }
}
