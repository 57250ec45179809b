import fc from 'fast-check';
import { exampleEvent } from './examples';
import { EVENT_MAX_BYTES, jsonBytesBound, parseDomainEvent, utf8Length } from './parse';

/** Any string, lone surrogates and control characters included (each is escaped differently in JSON). */
const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u001f', '"', '\\', '\n', '\ud800', '\udc00', '中', 'é', 'a'),
  }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value')),
    fc.dictionary(text, tie('value')),
  ),
})).value;

describe('the size check of an event', () => {
  it('never bounds a value below the UTF-8 length of its JSON', () => {
    fc.assert(
      fc.property(json, (value) => {
        const exact = utf8Length(JSON.stringify(value) ?? '');
        expect(jsonBytesBound(value, Number.MAX_SAFE_INTEGER)).toBeGreaterThanOrEqual(exact);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an event over EVENT_MAX_BYTES naming its exact size, and passes one just under', () => {
    // Each field within its cap, the event as a whole beyond EVENT_MAX_BYTES (or just within it).
    const event = exampleEvent('AnnouncementCorrected');
    const withCorrections = (count: number, length: number) => {
      const corrections = Array.from({ length: count }, (_, i) => ({
        field: `f${i}`,
        after: '公'.repeat(length),
      }));
      return { ...event, schemaVersion: 1, data: { ...event.data, corrections } };
    };
    const exactSize = (input: { data: unknown }) =>
      utf8Length(JSON.stringify({ data: input.data, metadata: event.metadata }));
    const over = withCorrections(200, 3_000);
    const parsed = parseDomainEvent(over);
    expect(parsed.success ? [] : parsed.issues).toEqual([
      { path: '', message: `the event takes ${exactSize(over)} bytes as JSON; at most ${EVENT_MAX_BYTES}` },
    ]);
    // Just under the cap: the bound is above it, so the exact size decides (and lets it through).
    const under = withCorrections(57, 3_000);
    expect(exactSize(under)).toBeLessThan(EVENT_MAX_BYTES);
    expect(exactSize(under)).toBeGreaterThan(EVENT_MAX_BYTES - 12_000);
    expect(parseDomainEvent(under).success).toBe(true);
  });
});
