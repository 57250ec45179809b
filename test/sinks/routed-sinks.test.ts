import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleEvent, type CatalogueDomain, type EventType } from '@gongkai/domain';
import { SqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import {
  InvalidSinkConfiguration,
  parseSinkTargets,
  SinkRunner,
  SqliteSinkStateStore,
  type SinkTargetConfigInput,
} from '@gongkai/sinks';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { appendAsStored, fastDelivery, waitUntilAllSettled } from './sink-fixtures';

/**
 * Routed sinks: each target receives only the regions (GB/T 2260 prefixes) and domains it is configured
 * for, and each provincial record names its own province's platform code. One event store holds
 * transactions of Jiangsu (32), Fujian (35) and Tianjin (12); a Jiangsu and a Fujian platform, each a real
 * HTTP receiver, and a Credit China target configured without a filter, all run by one SinkRunner.
 */

interface WireRecord {
  dataSet: string;
  record: Record<string, unknown>;
  preceding?: WireRecord[];
}

/** Region codes the examples use (Nantong) and their equivalents in another province. */
const NANTONG = { county: '320602', city: '320600' };

/**
 * An example event moved to another jurisdiction, with a fresh id: its region codes (metadata, trading venue)
 * and the codes that begin with the county code (tender project, section, transaction) become the other
 * county's. Unified social credit codes are left as they are (their check character covers the region).
 */
function exampleIn(type: EventType, domain: CatalogueDomain, county: string) {
  const city = `${county.slice(0, 4)}00`;
  const move = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((item) => move(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, move(inner, name)]));
    }
    if (typeof value !== 'string') return value;
    if (key === 'regionCode') return value === NANTONG.city ? city : county;
    return value.startsWith(NANTONG.county) ? county + value.slice(NANTONG.county.length) : value;
  };
  const event = exampleEvent(type, domain);
  return { ...(move(event) as typeof event), id: randomUUID() };
}

async function append(
  store: SqliteEventStore,
  type: EventType,
  domain: CatalogueDomain,
  county: string,
): Promise<RecordedEvent> {
  return appendAsStored(store, exampleIn(type, domain, county));
}

function everyRecord(receiver: RecordingReceiver): WireRecord[] {
  return receiver.accepted.flatMap((delivery) => {
    const body = delivery.json as WireRecord;
    return [...(body.preceding ?? []), body];
  });
}

const JIANGSU: SinkTargetConfigInput = {
  name: 'jiangsu',
  kind: 'provincial-platform',
  url: 'http://127.0.0.1:9/placeholder',
  platformCode: 'JS-PLATFORM-32',
  pubServicePlatCode: 'JS-PUB-32',
  regions: ['32'],
};

const FUJIAN: SinkTargetConfigInput = {
  name: 'fujian',
  kind: 'provincial-platform',
  url: 'http://127.0.0.1:9/placeholder',
  platformCode: 'FJ-PLATFORM-35',
  pubServicePlatCode: 'FJ-PUB-35',
  regions: ['35'],
  // Fujian's platform here takes engineering and procurement only.
  domains: ['engineering', 'procurement'],
};

describe('routed sinks: regions and domains per target', () => {
  let dir: string;
  let store: SqliteEventStore;
  let state: SqliteSinkStateStore;
  let jiangsu: RecordingReceiver;
  let fujian: RecordingReceiver;
  let creditChina: RecordingReceiver;
  let runner: SinkRunner | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-routed-sinks-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    state = SqliteSinkStateStore.open({ path: join(dir, 'sink-state.sqlite') });
    [jiangsu, fujian, creditChina] = await Promise.all([
      RecordingReceiver.start(),
      RecordingReceiver.start(),
      RecordingReceiver.start(),
    ]);
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await Promise.all([jiangsu.close(), fujian.close(), creditChina.close()]);
    await state.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each province its own transactions, with its own platform code, and the unfiltered target everything', async () => {
    const js = [
      await append(store, 'AnnouncementPublished', 'engineering', '320602'),
      await append(store, 'AwardPublished', 'land', '320583'),
    ];
    const fj = [
      await append(store, 'AnnouncementPublished', 'engineering', '350102'),
      await append(store, 'AwardPublished', 'procurement', '350203'),
    ];
    // Fujian land: a region the Fujian target takes, a domain it does not.
    const fujianLand = await append(store, 'AwardPublished', 'land', '350102');
    const tianjin = await append(store, 'AwardPublished', 'engineering', '120101');
    const penalties = [
      await append(store, 'PenaltyImposed', 'engineering', '320602'),
      await append(store, 'PenaltyImposed', 'engineering', '350102'),
    ];
    const last = penalties.at(-1)!;

    const targets = parseSinkTargets([
      { ...JIANGSU, url: jiangsu.url, ...fastDelivery },
      { ...FUJIAN, url: fujian.url, ...fastDelivery },
      {
        name: 'credit-china',
        kind: 'credit-china',
        url: creditChina.url,
        dataSourceName: '某市公共资源交易中心',
        dataSourceCode: '12320600MB1234567X',
        ...fastDelivery,
      },
    ]);
    runner = new SinkRunner({ eventStore: store, state, targets, parkedSyncIntervalMs: 0 });
    await runner.start();
    await waitUntilAllSettled(runner, last.position);

    const ids = (events: RecordedEvent[]) => events.map((event) => event.id);
    expect(jiangsu.acceptedKeysInOrder()).toEqual(ids([...js, penalties[0]!]));
    expect(fujian.acceptedKeysInOrder()).toEqual(ids([...fj, penalties[1]!]));
    expect(creditChina.acceptedKeysInOrder()).toEqual(ids(penalties));
    for (const receiver of [jiangsu, fujian]) {
      expect(receiver.acceptedKeysInOrder()).not.toContain(tianjin.id);
      expect(receiver.acceptedKeysInOrder()).not.toContain(fujianLand.id);
    }

    // Every record names its own province's platform, and comes from its own province.
    for (const [receiver, target, province] of [
      [jiangsu, JIANGSU, '32'],
      [fujian, FUJIAN, '35'],
    ] as const) {
      const records = everyRecord(receiver);
      expect(records.length).toBeGreaterThan(2);
      for (const { dataSet, record } of records) {
        expect([dataSet, record['PLATFORM_CODE'], record['PUB_SERVICE_PLAT_CODE']]).toEqual([
          dataSet,
          (target as { platformCode: string }).platformCode,
          (target as { pubServicePlatCode: string }).pubServicePlatCode,
        ]);
        for (const field of ['REGION_CODE', 'TRA_PLACE_CODE'] as const) {
          const region = record[field];
          if (typeof region === 'string') expect([field, region.slice(0, 2)]).toEqual([field, province]);
        }
      }
    }

    // What a target does not take is skipped and counted, not dead-lettered.
    const status = new Map((await runner.status()).map((target) => [target.target, target]));
    expect(status.get('jiangsu')).toMatchObject({ delivered: 3, skipped: 5, openDeadLetters: 0 });
    expect(status.get('fujian')).toMatchObject({ delivered: 3, skipped: 5, openDeadLetters: 0 });
    expect(status.get('credit-china')).toMatchObject({ delivered: 2, openDeadLetters: 0 });
  });

  it('routes by city or county prefix too', async () => {
    const suzhou = await append(store, 'AwardPublished', 'engineering', '320583');
    const nantong = await append(store, 'AwardPublished', 'engineering', '320602');
    const targets = parseSinkTargets([
      { ...JIANGSU, url: jiangsu.url, regions: ['3205'], ...fastDelivery },
      { ...JIANGSU, name: 'chongchuan', url: fujian.url, regions: ['320602'], ...fastDelivery },
    ]);
    runner = new SinkRunner({ eventStore: store, state, targets, parkedSyncIntervalMs: 0 });
    await runner.start();
    await waitUntilAllSettled(runner, nantong.position);
    expect(jiangsu.acceptedKeysInOrder()).toEqual([suzhou.id]);
    expect(fujian.acceptedKeysInOrder()).toEqual([nantong.id]);
  });

  it('refuses a configuration that routes nothing, or one platform code to several provinces', () => {
    const attempt = (target: Partial<SinkTargetConfigInput>) => () =>
      parseSinkTargets([{ ...JIANGSU, ...target }]);
    const { regions: _regions, ...unrouted } = JIANGSU as SinkTargetConfigInput & { regions: string[] };
    expect(() => parseSinkTargets([unrouted])).toThrow(InvalidSinkConfiguration);
    expect(() => parseSinkTargets([unrouted])).toThrow(/regions/);
    expect(attempt({ regions: [] })).toThrow(/regions/);
    expect(attempt({ regions: ['32', '35'] })).toThrow(/one province/);
    expect(attempt({ regions: ['3'] })).toThrow(/GB\/T 2260/);
    expect(attempt({ regions: ['320'] })).toThrow(/GB\/T 2260/);
    expect(attempt({ regions: ['99'] })).toThrow(/GB\/T 2260/);
    expect(attempt({ domains: ['fishing'] } as never)).toThrow(/domains/);
    expect(attempt({ domains: [] })).toThrow(/domains/);
    expect(parseSinkTargets([{ ...JIANGSU, regions: ['32', '3206', '320602'] }])[0]).toMatchObject({
      regions: ['32', '3206', '320602'],
    });
  });
});
