import { randomUUID } from 'node:crypto';
import {
  DISCLOSURE_KINDS,
  EXAMPLE_DEPARTMENTS,
  exampleDisclosure,
  exampleEvent,
  toPublicView,
  type DomainEvent,
} from '@gongkai/domain';
import { defaultFeedAttributes, toFeedMessage } from '../feeds/feed-message';
import { domainPublicFeedPayload } from '../feeds/public-feed-payload';
import { matchesFilter, subscriptionFilterSchema } from '../subscriptions/subscription-filter';
import { createCreditChinaMapper } from './credit-china.mapper';
import { createProvincialPlatformMapper } from './provincial-platform.mapper';
import { recordedFrom } from './recorded-event.fixture';

/**
 * Disclosures outside a transaction have no data set in the national data specification (docs/sinks.md): no
 * sink target receives them, and none dead-letters them; the feeds carry them like any event.
 */
const disclosures: DomainEvent[] = [
  ...DISCLOSURE_KINDS.map((kind) => exampleDisclosure(kind)),
  { ...exampleEvent('DisclosureAmended'), id: randomUUID() } as DomainEvent,
];

describe('disclosures outside a transaction in the sinks and feeds', () => {
  const provincial = createProvincialPlatformMapper({
    platformCode: 'P32000000001',
    pubServicePlatCode: 'G3200000001',
  });
  const creditChina = createCreditChinaMapper({});

  it.each(
    disclosures.map((event) => [`${event.type}/${(event.data as { kind: string }).kind}`, event] as const),
  )('%s is sent to no provincial platform or Credit China target', (_name, event) => {
    const recorded = recordedFrom(event);
    expect(provincial.map(recorded)).toBeUndefined();
    expect(creditChina.map(recorded)).toBeUndefined();
  });

  it('is a feed message with its domain, region and type as headers, natural persons masked', () => {
    const recorded = recordedFrom(exampleDisclosure('rural_renovation'));
    const attributes = defaultFeedAttributes(recorded);
    expect(attributes).toEqual({ domain: 'housing', region: '320602', stage: 'DisclosurePublished' });
    const message = toFeedMessage(recorded, domainPublicFeedPayload(recorded), {
      source: 'urn:test',
      typePrefix: 'cn.gongkai.',
      view: 'public',
      attributes,
      durableThrough: 1,
    });
    expect(message.key).toBe('disclosure-NT-RR-2026-ELIG-01');
    expect(String(message.value)).toContain('350582********4563');
    expect(String(message.value)).not.toContain('350582199001014563');
  });

  it('reaches subscribers by stage, domain, publisher and the parties it names', () => {
    const view = toPublicView(exampleDisclosure('project_approval'));
    const filter = (input: unknown) => subscriptionFilterSchema.parse(input);
    expect(matchesFilter(filter({ stages: ['DisclosurePublished'], domains: ['engineering'] }), view)).toBe(
      true,
    );
    expect(matchesFilter(filter({ publishers: [EXAMPLE_DEPARTMENTS.approvals.creditCode] }), view)).toBe(
      true,
    );
    // The project owner (项目单位) is a party the approval names.
    expect(matchesFilter(filter({ parties: [EXAMPLE_DEPARTMENTS.transferor.creditCode] }), view)).toBe(true);
    expect(matchesFilter(filter({ stages: ['AwardPublished'] }), view)).toBe(false);
  });
});
