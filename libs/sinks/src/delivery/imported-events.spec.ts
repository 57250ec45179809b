import { exampleEvent, type DomainEvent } from '@gongkai/domain';
import { recordedFrom } from '../mappers/recorded-event.fixture';
import type { SinkMapper } from '../mappers/sink-record';
import { withImportedPolicy } from './imported-events';
import type { SinkTargetConfig } from './sink-target.config';

const everything: SinkMapper = {
  kind: 'provincial-platform',
  map: (event) => ({ dataSet: '553', dataSetName: '中标(成交)结果公告', fields: { ID: event.id } }),
};
const target = (pushImported: boolean) => ({ name: 'province', pushImported }) as unknown as SinkTargetConfig;

const award = exampleEvent('AwardPublished', 'procurement');
const imported: DomainEvent = {
  ...award,
  metadata: { ...award.metadata, imported: { source: 'national-data-spec', records: ['553:NTCG2026-0031'] } },
};

describe('imported events and sink targets', () => {
  it('a target does not push imported history as new records', () => {
    const mapper = withImportedPolicy(() => everything)(target(false));
    expect(mapper.map(recordedFrom(imported))).toBeUndefined();
    expect(mapper.map(recordedFrom(award))).toMatchObject({ dataSet: '553' });
  });

  it('a target with pushImported: true takes them', () => {
    const mapper = withImportedPolicy(() => everything)(target(true));
    expect(mapper.map(recordedFrom(imported))).toMatchObject({ dataSet: '553' });
  });
});
