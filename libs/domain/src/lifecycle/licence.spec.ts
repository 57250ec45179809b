import { type DomainEvent, exampleEvent } from '../events';
import { decideCredit, replayCredit } from './credit-decider';

/** 双公示 licences (国办发〔2015〕51号: 行政许可…自作出行政决定之日起7个工作日内上网公开), issue 15. */
const licence = exampleEvent('LicenceGranted');
const withChange = (
  event: DomainEvent,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
) =>
  ({
    ...event,
    data: { ...(event.data as Record<string, unknown>), ...data },
    metadata: { ...event.metadata, ...metadata },
  }) as DomainEvent;
const decide = (event: DomainEvent, history: DomainEvent[] = []) =>
  decideCredit({ type: 'PublishDisclosure', event }, replayCredit(history));

describe('LicenceGranted', () => {
  it('is a credit event accepted in the subject’s stream, on time within 7 working days of the decision', () => {
    const decision = decide(licence);
    expect(decision.ok ? decision.findings : decision.rejection.code).toEqual([]);
    if (decision.ok) {
      expect(decision.timing.met).toContainEqual(
        expect.objectContaining({ ruleId: 'national.LicenceGranted.publish-within-7wd', from: '2026-04-08' }),
      );
    }
  });

  it('published late is accepted with LATE_DISCLOSURE citing 国办发〔2015〕51号, counted from xk_jdrq (decidedOn)', () => {
    const late = withChange(
      licence,
      { decidedOn: '2026-04-01', validFrom: '2026-04-01' },
      { occurredAt: '2026-04-20T10:00:00+08:00', publishedAt: '2026-04-24T10:00:00+08:00' },
    );
    const decision = decide(late);
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.findings).toEqual([
        expect.objectContaining({ code: 'LATE_DISCLOSURE', from: '2026-04-01' }),
      ]);
      expect(decision.findings[0]?.sourceText).toContain('国办发〔2015〕51号');
    }
  });

  it('Tianjin’s catalogue restates the 7 working days for licences (天津 实施方案 强化公开时效)', () => {
    const tianjin = withChange(licence, {}, { regionCode: '120101' });
    const decision = decide(tianjin);
    expect(decision.ok).toBe(true);
    if (decision.ok) {
      expect(decision.timing.catalogueId).toBe('tianjin');
      expect(decision.timing.met.map((m) => m.ruleId)).toContain('tianjin.LicenceGranted.publish-within-7wd');
    }
  });

  it('the same decision twice is DUPLICATE_DECISION; validity ending before it starts is DATE_CONTRADICTION', () => {
    const code = (d: ReturnType<typeof decide>) => (d.ok ? undefined : d.rejection.code);
    expect(code(decide(licence, [licence]))).toBe('DUPLICATE_DECISION');
    expect(code(decide(withChange(licence, { validUntil: '2026-01-01' })))).toBe('DATE_CONTRADICTION');
  });
});
