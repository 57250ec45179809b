import { Body, Controller, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { officialYearInputSchema, PROVISIONAL_YEARS } from '@gongkai/domain';
import type { EventStore } from '@gongkai/event-store';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem, validationProblem } from '../../../platform/http/problem';
import { CALENDAR, EVENT_STORE } from '../../../platform/di-symbols';
import { loadCalendarYear, type CalendarRegistry, type YearListing } from '@gongkai/write-engine';

/** The years the calendar answers for, and loading a year's official arrangement (admin). */
@Controller('v1/calendar')
export class CalendarYearsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CALENDAR) private readonly registry: CalendarRegistry,
  ) {}

  @Get('years')
  years(): { items: YearListing[]; provisionalYears: { from: number; to: number } } {
    return { items: this.registry.years(), provisionalYears: { ...PROVISIONAL_YEARS } };
  }

  @Put('years/:year')
  @Allow('admin')
  @HttpCode(200)
  async load(
    @Param('year') yearParam: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!/^\d{4}$/.test(yearParam)) {
      throw validationProblem('The year must be four digits', [
        { field: '/path/year', message: 'expected YYYY' },
      ]);
    }
    const input = parseRequest(officialYearInputSchema, body, 'body');
    if (principal.role === 'anonymous') throw new Problem('unauthenticated', 'An admin token is needed');
    const outcome = await loadCalendarYear(
      this.store,
      {
        year: Number(yearParam),
        input,
        loadedBy: { subject: principal.subject, tokenId: principal.tokenId, via: 'api' },
      },
      this.registry,
    );
    if (!outcome.ok) {
      throw validationProblem(
        `The arrangement does not fit ${yearParam}`,
        outcome.problems.map((p) => ({
          field: p.field === 'year' ? '/path/year' : `/body/${p.field}`,
          message: p.message,
        })),
      );
    }
    const { load, coverage, reevaluation } = outcome;
    return {
      year: load.year,
      coverage,
      replaced: load.replaced,
      load: {
        eventId: load.eventId,
        position: load.position,
        loadedAt: load.loadedAt,
        loadedBy: load.loadedBy,
      },
      ...(reevaluation ? { reevaluation } : {}),
    };
  }
}
