import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import {
  EVENT_EXAMPLES,
  EXAMPLE_PARTIES,
  toPublicView,
  type CatalogueDomain,
  type DomainEvent,
} from '@gongkai/domain';
import { recordedFrom } from '../mappers/recorded-event.fixture';
import { isRouted } from '../delivery/target-route';
import { matchesFilter, type SubscriptionFilter } from '../subscriptions/subscription-filter';
import { defaultFeedAttributes, toFeedMessage } from './feed-message';
import { domainPublicFeedPayload } from './public-feed-payload';

/**
 * docs/feeds.md's consumer-side recipe for filtering the Kafka feed like a subscription, run as printed on the
 * messages the publisher really builds (headers as kafkajs hands them to a consumer: Buffers), and compared
 * with the subscription's own filter on the same events. A header renamed in the code, or a recipe that drifts
 * from the subscription's rules, fails here.
 */

type Wanted = SubscriptionFilter & { regions?: string[] };
type Keep = (headers: Record<string, unknown> | undefined, value: Buffer | null) => boolean;

function recipe(): (wanted: Wanted) => Keep {
  const doc = readFileSync(path.join(__dirname, '../../../../docs/feeds.md'), 'utf8');
  const helper = /const header = \(headers[^\n]*\n[^\n]*\n/.exec(doc)?.[0];
  const block = /By the same criteria as a subscription[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!helper || !block)
    throw new Error('docs/feeds.md no longer holds the header helper and the filtering recipe');
  const source = `${helper}${block.replace(/\} = \{[^\n]*\};/, '} = __wanted;')}\nreturn keep;`;
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return (wanted) => new Function('__wanted', js)(wanted) as Keep;
}

function consumed(event: DomainEvent, position: number) {
  const recorded = recordedFrom(event, { position, revision: position });
  const message = toFeedMessage(recorded, domainPublicFeedPayload(recorded), {
    source: '/gongkai',
    typePrefix: 'cn.gongkai.',
    view: 'public',
    attributes: defaultFeedAttributes(recorded),
    durableThrough: position - 1,
  });
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.from(String(value))]),
  );
  const value = message.value === null ? null : Buffer.from(message.value as string);
  return { recorded, headers, value };
}

describe('docs/feeds.md: filtering the Kafka feed by the criteria of a subscription', () => {
  const keepFor = recipe();
  // Every third one (awards aside) moved to Fuzhou (福州市), so a region filter has something to leave out.
  const events = EVENT_EXAMPLES.map((event, index) =>
    consumed(
      index % 3 === 0 && event.type !== 'AwardPublished'
        ? ({ ...event, metadata: { ...event.metadata, regionCode: '350102' } } as DomainEvent)
        : event,
      index + 1,
    ),
  );
  // A winner of an award left in Jiangsu, and that award's domain.
  const jiangsuAward = events.find(
    ({ recorded }) =>
      recorded.type === 'AwardPublished' &&
      String(recorded.metadata.regionCode).startsWith('32') &&
      (recorded.data as { winBidder?: unknown }).winBidder !== undefined,
  )!.recorded;
  const anyWinner = (jiangsuAward.data as { winBidder: { creditCode: string } }).winBidder.creditCode;
  const itsDomain = (jiangsuAward.data as { domain: CatalogueDomain }).domain;

  it.each<[string, Wanted]>([
    ['no filter', {}],
    ['a domain', { domains: ['engineering'] }],
    ['a region prefix', { regions: ['3206'] }],
    ['stages', { stages: ['AwardPublished', 'ContractSigned'] }],
    ['a publisher', { publishers: [EXAMPLE_PARTIES.authority.creditCode] }],
    ['a party', { parties: [anyWinner] }],
    [
      'everything at once',
      { domains: [itsDomain, 'mining'], regions: ['32'], stages: ['AwardPublished'], parties: [anyWinner] },
    ],
  ])('keeps exactly what a subscription with %s receives', (_, wanted) => {
    const keep = keepFor(wanted);
    const { regions, ...filter } = wanted;
    const kept = events
      .filter(({ headers, value }) => keep(headers, value))
      .map(({ recorded }) => recorded.id);
    const subscribed = events
      .filter(({ recorded }) => isRouted({ regions }, recorded))
      .filter(({ recorded }) => {
        const view = domainPublicFeedPayload(recorded);
        return view !== undefined && matchesFilter(filter, view as ReturnType<typeof toPublicView>);
      })
      .map(({ recorded }) => recorded.id);
    expect(kept).toEqual(subscribed);
    if (Object.keys(wanted).length > 0) expect(kept.length).toBeLessThan(events.length);
    expect(kept.length).toBeGreaterThan(0);
  });
});
