import { type DomainEvent, EXAMPLE_PARTIES, exampleEvent } from '../events';
import { decide } from './transaction-decider';
import { evolve, initialTransactionState } from './transaction-state';

const opened = evolve(initialTransactionState(), exampleEvent('AnnouncementPublished', 'engineering'));
const owner = EXAMPLE_PARTIES.tenderer;
const other = EXAMPLE_PARTIES.runnerUp;

function by(
  type: Parameters<typeof exampleEvent>[0],
  metadata: Partial<DomainEvent['metadata']>,
): DomainEvent {
  const event = exampleEvent(type, 'engineering');
  return { ...event, metadata: { ...event.metadata, ...metadata } } as DomainEvent;
}

const verdict = (event: DomainEvent) => {
  const decision = decide({ type: 'PublishDisclosure', event }, opened);
  return decision.ok ? 'accepted' : decision.rejection.code;
};

describe('ownership: who may append to a transaction', () => {
  it('fixes the owner and region with the first event', () => {
    expect(opened.owner).toEqual({ party: owner, regionCode: '320602' });
  });

  it('refuses a stage event from another organisation, naming the owner', () => {
    const decision = decide(
      {
        type: 'PublishDisclosure',
        event: by('AnnouncementCorrected', { publisher: other, regionCode: '320500' }),
      },
      opened,
    );
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.rejection.code).toBe('NOT_OWNER');
    expect(decision.rejection.message).toContain(owner.creditCode);
    expect(decision.rejection.details).toMatchObject({ owner });
  });

  it('lets a department append its complaint decision only from a region covering the transaction', () => {
    const decision = { publisher: other, publisherRole: 'producer' as const };
    expect(verdict(by('ComplaintDecided', { ...decision, regionCode: '320600' }))).toBe('accepted');
    expect(verdict(by('ComplaintDecided', { ...decision, regionCode: '320000' }))).toBe('accepted');
    expect(verdict(by('ComplaintDecided', { ...decision, regionCode: '320500' }))).toBe('NOT_OWNER');
    expect(
      verdict(by('ComplaintDecided', { ...decision, publisherRole: 'implementer', regionCode: '320602' })),
    ).toBe('NOT_OWNER');
  });

  it('keeps the owner in the transaction region', () => {
    expect(verdict(by('AnnouncementCorrected', { regionCode: '320600' }))).toBe('REGION_MISMATCH');
  });

  it('counts a trading centre acting for the owner as the owner, and onBehalfOf only for trading centres', () => {
    const centre = EXAMPLE_PARTIES.tradingCentre;
    expect(
      verdict(
        by('AnnouncementCorrected', {
          publisher: centre,
          publisherRole: 'trading_centre',
          onBehalfOf: owner,
        }),
      ),
    ).toBe('accepted');
    expect(verdict(by('AnnouncementCorrected', { publisher: centre, publisherRole: 'trading_centre' }))).toBe(
      'NOT_OWNER',
    );
    expect(verdict(by('AnnouncementCorrected', { publisher: centre, onBehalfOf: owner }))).toBe(
      'PUBLISHER_ROLE_NOT_ALLOWED',
    );
  });

  it('makes the implementer the owner when a trading centre opens the transaction for it', () => {
    const announcement = by('AnnouncementPublished', {
      publisher: EXAMPLE_PARTIES.tradingCentre,
      publisherRole: 'trading_centre',
      onBehalfOf: owner,
    });
    expect(evolve(initialTransactionState(), announcement).owner?.party).toEqual(owner);
  });
});
