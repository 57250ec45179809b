import { EVENT_EXAMPLES, toPublicView } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { recordedFrom, stringsIn } from '../mappers/recorded-event.fixture';
import { EventBatcher } from './event-batcher';
import {
  defaultFeedAttributes,
  FEED_HEADERS,
  headerNumber,
  headerString,
  toFeedMessage,
} from './feed-message';
import { InvalidKafkaFeedConfiguration, parseKafkaFeedConfig } from './kafka-feed.config';
import { domainPublicFeedPayload } from './public-feed-payload';

function recorded(position: number, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type: 'AwardPublished',
    streamId: 'txn-E3206000001',
    revision: position - 1,
    position,
    data: { domain: 'procurement', winner: '某公司' },
    metadata: { regionCode: '320600' },
    recordedAt: '2026-03-02T08:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...overrides,
  };
}

describe('toFeedMessage', () => {
  it('keys by stream id and carries the CloudEvents binary-mode and gongkai headers', () => {
    const event = recorded(7);
    const message = toFeedMessage(
      event,
      { winner: '某公司' },
      {
        source: '/gongkai',
        typePrefix: 'cn.gongkai.',
        view: 'public',
        attributes: defaultFeedAttributes(event),
        durableThrough: 5,
      },
    );
    expect(message.key).toBe('txn-E3206000001');
    expect(JSON.parse(String(message.value))).toEqual({ winner: '某公司' });
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'cn.gongkai.AwardPublished',
      ce_source: '/gongkai',
      ce_subject: 'txn-E3206000001',
      ce_time: '2026-03-02T08:00:00.000Z',
      'content-type': 'application/json',
      gongkai_position: '7',
      gongkai_revision: '6',
      gongkai_view: 'public',
      gongkai_durable_through: '5',
      gongkai_domain: 'procurement',
      gongkai_region: '320600',
      gongkai_stage: 'AwardPublished',
    });
  });

  it('leaves out filter headers it cannot derive', () => {
    const event = recorded(1, { data: 'opaque', metadata: {} });
    const message = toFeedMessage(event, null, {
      source: '/gongkai',
      typePrefix: '',
      view: 'full',
      attributes: defaultFeedAttributes(event),
      durableThrough: 0,
    });
    expect(message.headers).not.toHaveProperty(FEED_HEADERS.domain);
    expect(message.headers).not.toHaveProperty(FEED_HEADERS.region);
    expect(headerString(message.headers, FEED_HEADERS.type)).toBe('AwardPublished');
  });

  it('withholds an event without a payload: headers only, null value', () => {
    const message = toFeedMessage(recorded(3), undefined, {
      source: '/gongkai',
      typePrefix: '',
      view: 'public',
      attributes: {},
      durableThrough: 2,
    });
    expect(message.value).toBeNull();
    expect(headerString(message.headers, FEED_HEADERS.view)).toBe('withheld');
    expect(headerString(message.headers, FEED_HEADERS.id)).toBe(recorded(3).id);
    expect(message.headers).not.toHaveProperty(FEED_HEADERS.contentType);
  });
});

describe('domainPublicFeedPayload', () => {
  it("is the domain's public view, and never leaks what it masks", () => {
    const idNumber = '320602198503151238';
    const event = EVENT_EXAMPLES.find((example) => JSON.stringify(example.data).includes(idNumber))!;
    const record = recordedFrom(event);
    const payload = domainPublicFeedPayload(record);
    expect(payload).toEqual(
      toPublicView({ ...event, metadata: { ...event.metadata, recordedAt: record.recordedAt } }),
    );
    expect(stringsIn(payload)).not.toContain(idNumber);
  });

  it('withholds events the domain cannot read', () => {
    expect(domainPublicFeedPayload(recorded(1, { type: 'SomethingInternal' }))).toBeUndefined();
    expect(
      domainPublicFeedPayload(recorded(1, { type: 'AwardPublished', data: { domain: 'nonsense' } })),
    ).toBeUndefined();
  });
});

describe('header readers', () => {
  it('read Buffers as consumers receive them and reject malformed numbers', () => {
    const headers = {
      gongkai_position: Buffer.from('42'),
      bad: Buffer.from('4x'),
      ce_id: Buffer.from('abc'),
    };
    expect(headerNumber(headers, 'gongkai_position')).toBe(42);
    expect(headerNumber(headers, 'bad')).toBeUndefined();
    expect(headerNumber(headers, 'missing')).toBeUndefined();
    expect(headerString(headers, 'ce_id')).toBe('abc');
  });
});

describe('parseKafkaFeedConfig', () => {
  it('applies defaults', () => {
    const config = parseKafkaFeedConfig({ brokers: ['127.0.0.1:9092'] });
    expect(config.topics).toEqual({ public: 'gongkai.events.public.v1' });
    expect(config.partitions).toBe(6);
    expect(config.createTopics).toBe(true);
  });

  it('names the offending field', () => {
    expect(() => parseKafkaFeedConfig({ brokers: [], topics: { public: 'bad topic' } })).toThrow(
      InvalidKafkaFeedConfiguration,
    );
    expect(() =>
      parseKafkaFeedConfig({ brokers: ['b:1'], topics: { public: 'a', restricted: 'a' } }),
    ).toThrow(/restricted/);
  });
});

describe('EventBatcher', () => {
  async function* source(events: RecordedEvent[], pauseAfter: number): AsyncGenerator<RecordedEvent> {
    for (const [index, event] of events.entries()) {
      if (index === pauseAfter) await new Promise((resolve) => setTimeout(resolve, 50));
      yield event;
    }
  }

  it('takes what is ready up to the size limit, keeps a late read for the next batch, and ends empty', async () => {
    const events = [1, 2, 3, 4, 5].map((position) => recorded(position));
    const batcher = new EventBatcher(source(events, 3));
    expect((await batcher.next(2, 5)).map((event) => event.position)).toEqual([1, 2]);
    expect((await batcher.next(10, 5)).map((event) => event.position)).toEqual([3]);
    expect((await batcher.next(10, 5)).map((event) => event.position)).toEqual([4, 5]);
    expect(await batcher.next(10, 5)).toEqual([]);
  });
});
