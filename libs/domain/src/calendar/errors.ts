/**
 * Thrown for a date in a year the calendar cannot answer for at all: before the first official arrangement, or
 * beyond the years the statutory rule is computed for (a year after the last official one is answered
 * provisionally, not refused).
 */
export class CalendarNotCovered extends Error {
  readonly code = 'CALENDAR_NOT_COVERED' as const;

  constructor(
    readonly year: number,
    readonly coveredFrom: number,
    readonly coveredTo: number,
  ) {
    super(
      `The statutory calendar does not cover ${year}: it answers for ${coveredFrom}-${coveredTo} only ` +
        `(official State Council arrangements (国务院办公厅节假日安排), then provisional years under ` +
        `全国年节及纪念日放假办法).`,
    );
    this.name = 'CalendarNotCovered';
  }
}

/** Thrown for a string that is not a real `YYYY-MM-DD` date or an ISO 8601 instant with an offset. */
export class InvalidCalendarDate extends Error {
  readonly code = 'INVALID_DATE' as const;

  constructor(
    readonly input: unknown,
    reason: string,
  ) {
    super(`Invalid date ${JSON.stringify(input)}: ${reason}`);
    this.name = 'InvalidCalendarDate';
  }
}
