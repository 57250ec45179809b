import { exampleEvent, type DomainEvent } from '../events';
import { decide } from './transaction-decider';
import { initialTransactionState } from './transaction-state';
import { decideCredit, replayCredit } from './credit-decider';

describe('dates before 1900', () => {
  it('refuses a transaction event with a date in data or metadata before 1900, naming each field', () => {
    const event = exampleEvent('AnnouncementPublished', 'engineering');
    const data = event.data as unknown as Record<string, unknown>;
    const dateField = Object.keys(data).find(
      (key) => typeof data[key] === 'string' && /^\d{4}-\d\d-\d\dT/.test(data[key] as string),
    )!;
    const early = {
      ...event,
      data: { ...data, [dateField]: (data[dateField] as string).replace(/^\d{4}/, '0026') },
    } as unknown as DomainEvent;
    const decision = decide({ type: 'PublishDisclosure', event: early }, initialTransactionState());
    expect(decision).toMatchObject({ ok: false, rejection: { code: 'YEAR_OUT_OF_RANGE' } });
    expect(JSON.stringify(decision)).toContain(`data.${dateField}`);
    expect(decide({ type: 'PublishDisclosure', event }, initialTransactionState()).ok).toBe(true);
  });

  it('refuses a credit event with a decision date before 1900', () => {
    const event = exampleEvent('PenaltyImposed', 'engineering');
    const early = {
      ...event,
      metadata: { ...event.metadata, occurredAt: '0099-01-01T00:00:00+08:00' },
    } as DomainEvent;
    expect(decideCredit({ type: 'PublishDisclosure', event: early }, replayCredit([]))).toMatchObject({
      ok: false,
      rejection: { code: 'YEAR_OUT_OF_RANGE' },
    });
  });
});
