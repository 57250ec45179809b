import type { RecordedEvent } from '@gongkai/event-store';
import type { SinkMapper } from '../mappers/sink-record';
import { isRouted, routedMapper } from './target-route';

function event(regionCode: unknown, domain: unknown): RecordedEvent {
  return {
    id: 'e1',
    type: 'AwardPublished',
    streamId: 'txn-1',
    revision: 0,
    position: 1,
    data: domain === undefined ? {} : { domain },
    metadata: regionCode === undefined ? {} : { regionCode },
    recordedAt: '2026-03-02T01:00:00.000Z',
  } as unknown as RecordedEvent;
}

describe('target routes', () => {
  it('takes an event whose region starts with a prefix and whose domain is listed', () => {
    const route = { regions: ['3205', '320602'], domains: ['engineering', 'land'] };
    expect(isRouted(route, event('320583', 'engineering'))).toBe(true);
    expect(isRouted(route, event('320602', 'land'))).toBe(true);
    expect(isRouted(route, event('320601', 'land'))).toBe(false);
    expect(isRouted(route, event('350102', 'engineering'))).toBe(false);
    expect(isRouted(route, event('320583', 'procurement'))).toBe(false);
  });

  it('keeps out what it cannot place: an event without a region or a domain under a filter on it', () => {
    expect(isRouted({ regions: ['32'] }, event(undefined, 'engineering'))).toBe(false);
    expect(isRouted({ regions: ['32'] }, event(320602, 'engineering'))).toBe(false);
    expect(isRouted({ domains: ['engineering'] }, event('320602', undefined))).toBe(false);
    expect(isRouted({}, event(undefined, undefined))).toBe(true);
  });

  it('a routed mapper maps only what is routed; without a route it is the mapper itself', () => {
    const mapper: SinkMapper = {
      kind: 'provincial-platform',
      map: () => ({ dataSet: '513', dataSetName: '中标结果公告', fields: {} }),
    };
    const routed = routedMapper(mapper, { regions: ['32'] });
    expect(routed.map(event('320602', 'engineering'))?.dataSet).toBe('513');
    expect(routed.map(event('120101', 'engineering'))).toBeUndefined();
    expect(routedMapper(mapper, {})).toBe(mapper);
  });
});
