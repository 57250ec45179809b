/** Thrown when a date falls in a year whose State Council holiday arrangement the calendar does not hold. */
export class CalendarNotCovered extends Error {
  readonly code = 'CALENDAR_NOT_COVERED' as const;

  constructor(
    readonly year: number,
    readonly coveredFrom: number,
    readonly coveredTo: number,
  ) {
    super(
      `The statutory calendar does not cover ${year}: only ${coveredFrom}-${coveredTo} have a State Council ` +
        `holiday arrangement (国务院办公厅节假日安排). Upgrade chinese-days once the ${year} notice is published.`,
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
