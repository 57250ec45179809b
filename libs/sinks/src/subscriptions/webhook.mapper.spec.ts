import { exampleEvent, type DomainEvent } from '@gongkai/domain';
import { recordedFrom } from '../mappers/recorded-event.fixture';
import { createWebhookMapper } from './webhook.mapper';

/**
 * A subscriber learns nothing an anonymous reader would not: its filter is applied to the public view, so a
 * party named only in a field the publisher flagged confidential does not select the event (a match would tell
 * the subscriber that the hidden party is in it).
 */
describe('webhook mapper: filters on what the public may see', () => {
  const award = exampleEvent('AwardPublished', 'engineering');
  const agency = (award.data as unknown as { agency: { creditCode: string } }).agency.creditCode;
  const hidden: DomainEvent = {
    ...award,
    metadata: { ...award.metadata, confidentialFields: ['agency'] },
  } as DomainEvent;

  it('selects an event by a party named in its public view', () => {
    const mapper = createWebhookMapper({ filter: { parties: [agency] }, source: '/gongkai' });
    const record = mapper.map(recordedFrom(award));
    expect(record?.document).toMatchObject({ id: award.id, data: { type: 'AwardPublished' } });
  });

  it('does not select it when that party is hidden from the public, and never sends the hidden part', () => {
    const mapper = createWebhookMapper({ filter: { parties: [agency] }, source: '/gongkai' });
    expect(mapper.map(recordedFrom(hidden))).toBeUndefined();
    const everything = createWebhookMapper({ filter: {}, source: '/gongkai' }).map(recordedFrom(hidden));
    expect(JSON.stringify(everything?.document)).not.toContain(agency);
    expect(JSON.stringify(everything?.document)).not.toContain('confidentialFields');
  });
});
