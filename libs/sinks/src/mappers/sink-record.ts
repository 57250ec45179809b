import type { RecordedEvent } from '@gongkai/event-store';

/** The kinds of outbound target gongkai knows how to map to. */
export type SinkKind = 'provincial-platform' | 'credit-china' | 'webhook';

/** A field value; lists of sub-records carry repeated groups (candidates, rejected applicants...). */
export type SinkFieldValue = string | number | boolean | null | readonly SinkFieldRecord[];

export type SinkFieldRecord = Readonly<{ [field: string]: SinkFieldValue }>;

/** One record in a target's own vocabulary, ready to be encoded by a PayloadFormat. */
export interface SinkRecord {
  /** Data set code: national specification number ('503', '513', ...) or a Credit China record type. */
  dataSet: string;
  /** Human-readable data set name (Chinese name from the specification). */
  dataSetName: string;
  /** Field name -> value, in the target's field names (`TENDER_PROJECT_CODE`, `cf_wsh`, ...). */
  fields: SinkFieldRecord;
  /**
   * Records of other data sets the same event sends first, in order, in the same delivery (the project
   * 500/501/502 before the announcement 503; one 510 row per candidate before the 511 publicity): all or none
   * are delivered, under the event's one idempotency key.
   */
  preceding?: readonly Omit<SinkRecord, 'preceding'>[];
  /**
   * A whole document to send instead of the data set envelope (a subscription's CloudEvent, whose data is the
   * nested public view): encoded by formats that send documents (`cloudEventsJsonFormat`).
   */
  document?: unknown;
}

/**
 * Maps a recorded event to the record a target takes, or `undefined` when the target does not take
 * this event (it is then skipped and counted as such). Pure: no I/O, no clock; throws on an event it
 * should take but cannot map (the event is then dead-lettered as unmappable).
 */
export interface SinkMapper {
  readonly kind: SinkKind;
  map(event: RecordedEvent): SinkRecord | undefined;
}

/** An event whose content cannot be turned into the target's record. */
export class UnmappableEvent extends Error {
  readonly code = 'UNMAPPABLE_EVENT';
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    reason: string,
  ) {
    super(`Event ${eventId} (${eventType}) cannot be mapped: ${reason}`);
    this.name = 'UnmappableEvent';
  }
}
