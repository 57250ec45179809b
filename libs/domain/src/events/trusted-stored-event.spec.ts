import { EVENT_EXAMPLES } from './examples';
import { parseDomainEvent } from './parse';
import { parseStoredEvent, type StoredEvent, toStoredMetadata } from './stored-event';
import { decodeTrustedStoredEvent } from './trusted-stored-event';

/**
 * An example as the write path stores it and the store gives it back: validated (`parseDomainEvent`, whose
 * output is what is stored), stored metadata, through JSON, with the store's recordedAt.
 */
function stored(index: number, findings: unknown[] = []): StoredEvent {
  const written = parseDomainEvent(EVENT_EXAMPLES[index]!);
  if (!written.success) throw new Error(JSON.stringify(written.issues));
  const event = written.event;
  const { recordedAt: _recordedAt, ...metadata } = event.metadata as Record<string, unknown>;
  return JSON.parse(
    JSON.stringify({
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: toStoredMetadata({ ...event, metadata } as typeof event, findings, index % 3 === 0 ? [2027] : []),
      recordedAt: '2026-05-01T02:03:04.000Z',
    }),
  ) as StoredEvent;
}

describe('decodeTrustedStoredEvent (read models only)', () => {
  it('gives exactly what parseStoredEvent gives for every example, key order included, with and without findings', () => {
    expect(EVENT_EXAMPLES.length).toBeGreaterThan(20);
    for (let i = 0; i < EVENT_EXAMPLES.length; i++) {
      const input = stored(i, [{ code: 'LATE', ruleId: 'r.1', extra: 1 }]);
      for (const withFindings of [false, true]) {
        const trusted = decodeTrustedStoredEvent(input, { withFindings });
        const parsed = parseStoredEvent(input, { withFindings });
        expect(parsed.success).toBe(true);
        expect(trusted).toEqual(parsed);
        expect(JSON.stringify(trusted)).toBe(JSON.stringify(parsed));
      }
    }
  });

  it('parses whole what it cannot trust: an unknown type, a schema version this code does not have, no data', () => {
    const unknownType = { ...stored(0), type: 'NoSuchEvent' };
    expect(decodeTrustedStoredEvent(unknownType)).toEqual(parseStoredEvent(unknownType));
    expect(decodeTrustedStoredEvent(unknownType).success).toBe(false);
    const future = stored(0);
    future.metadata = { ...future.metadata, schemaVersion: 99 };
    expect(decodeTrustedStoredEvent(future)).toEqual(parseStoredEvent(future));
    expect(decodeTrustedStoredEvent(future).success).toBe(false);
    const noData = { ...stored(0), data: null };
    expect(decodeTrustedStoredEvent(noData).success).toBe(false);
  });

  it('trusts the shape of a current event: a field the schema would refuse is handed on (the hash chain guards it)', () => {
    const tampered = stored(0);
    (tampered.data as Record<string, unknown>).unexpected = 'x';
    expect(parseStoredEvent(tampered).success).toBe(true); // stripped by zod (stored events are not strict)
    const trusted = decodeTrustedStoredEvent(tampered);
    expect(trusted.success && (trusted.event.data as Record<string, unknown>).unexpected).toBe('x');
  });
});
