import type { Logger } from 'pino';
import { statutoryCalendar, type StatutoryCalendar, type YearCoverage } from '@gongkai/domain';
import type { EventStore, RecordedEvent, Subscription } from '@gongkai/event-store';
import { readStreamOrEmpty } from '../stream-reader';
import { CALENDAR_STREAM, calendarLoadOf, calendarOf, type CalendarLoad } from './calendar-stream';

/** A year as `GET /v1/calendar/years` lists it: its coverage and, for a loaded year, the load. */
export type YearListing = YearCoverage & {
  loadedAt?: string;
  loadedBy?: CalendarLoad['loadedBy'];
  eventId?: string;
};

/**
 * The calendar this process answers with: the bundled data plus every arrangement loaded into the calendar
 * stream. It reads the stream when opened and then follows it, so a year loaded by another process (an API
 * replica, the CLI) applies here within the store's poll interval, without a restart.
 */
export class CalendarRegistry {
  private loads: CalendarLoad[] = [];
  private calendar: StatutoryCalendar = statutoryCalendar;
  private revision = -1;
  private subscription?: Subscription;
  private following?: Promise<void>;

  private constructor(
    private readonly store: EventStore,
    private readonly logger?: Logger,
  ) {}

  /** Reads the loads recorded so far; `follow` (default true) keeps applying new ones as they are recorded. */
  static async open(
    store: EventStore,
    options: { logger?: Logger; follow?: boolean } = {},
  ): Promise<CalendarRegistry> {
    const registry = new CalendarRegistry(store, options.logger);
    for (const recorded of await readStreamOrEmpty(store, CALENDAR_STREAM)) registry.apply(recorded);
    if (options.follow ?? true) registry.follow();
    return registry;
  }

  get current(): StatutoryCalendar {
    return this.calendar;
  }

  /** Every load so far, in the order recorded (a correction is a later load of the same year). */
  history(): readonly CalendarLoad[] {
    return this.loads;
  }

  years(): YearListing[] {
    const latest = new Map(this.loads.map((load) => [load.year, load]));
    return this.calendar.years().map((coverage) => {
      const load = coverage.origin === 'loaded' ? latest.get(coverage.year) : undefined;
      return load
        ? { ...coverage, loadedAt: load.loadedAt, loadedBy: load.loadedBy, eventId: load.eventId }
        : coverage;
    });
  }

  /** Applies one event of the calendar stream (idempotent: an event at or before the last revision is skipped). */
  apply(recorded: RecordedEvent): void {
    if (recorded.revision <= this.revision) return;
    this.revision = recorded.revision;
    const load = calendarLoadOf(recorded);
    if (!load) return;
    this.loads = [...this.loads, load];
    this.calendar = calendarOf(this.loads);
    this.logger?.info({ year: load.year, source: load.source }, 'calendar year loaded');
  }

  private follow(): void {
    const subscription = this.store.subscribeToStream(CALENDAR_STREAM, {
      from: this.revision >= 0 ? { after: this.revision } : 'start',
    });
    this.subscription = subscription;
    this.following = (async () => {
      try {
        for await (const recorded of subscription) this.apply(recorded);
      } catch (error) {
        this.logger?.error({ err: error }, 'calendar stream subscription failed');
      }
    })();
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    await this.following;
  }
}
