import type { SinkRecord } from './sink-record';

/** How a SinkRecord becomes an HTTP request body. JSON by default; XML or a signed envelope plug in here. */
export interface PayloadFormat {
  /** Value of the Content-Type header. */
  readonly contentType: string;
  encode(record: SinkRecord): string | Uint8Array;
}

/**
 * `{ "dataSet": "503", "dataSetName": "...", "record": { FIELD: value, ... } }` in UTF-8 JSON, with
 * `"preceding": [{ "dataSet", "dataSetName", "record" }, ...]` when the event sends several records (to be
 * stored in that order, before the record). Field order follows the mapper (envelope fields first), which
 * keeps payloads diffable.
 */
export const jsonPayloadFormat: PayloadFormat = {
  contentType: 'application/json; charset=utf-8',
  encode(record: SinkRecord): string {
    return JSON.stringify({
      dataSet: record.dataSet,
      dataSetName: record.dataSetName,
      record: record.fields,
      ...(record.preceding?.length
        ? {
            preceding: record.preceding.map((earlier) => ({
              dataSet: earlier.dataSet,
              dataSetName: earlier.dataSetName,
              record: earlier.fields,
            })),
          }
        : {}),
    });
  },
};

/** A subscription's CloudEvent, structured mode (`application/cloudevents+json`), as its mapper built it. */
export const cloudEventsJsonFormat: PayloadFormat = {
  contentType: 'application/cloudevents+json; charset=utf-8',
  encode(record: SinkRecord): string {
    if (record.document === undefined) throw new TypeError(`record ${record.dataSet} carries no document`);
    return JSON.stringify(record.document);
  },
};
