import { EVENT_EXAMPLES } from '@gongkai/domain';
import { createProvincialPlatformMapper } from '@gongkai/sinks';
const mapper = createProvincialPlatformMapper({ platformCode: '12320600466789123X', pubServicePlatCode: 'G3200000001' });
let pos = 1;
for (const e of EVENT_EXAMPLES) {
  const r = { id: e.id, type: e.type, streamId: 's', revision: 0, position: pos++, data: e.data, metadata: { ...e.metadata, schemaVersion: e.schemaVersion }, recordedAt: '2026-03-02T01:00:05.000Z' } as any;
  let rec;
  try { rec = mapper.map(r); } catch (err) { console.log('ERR', e.type, (e.data as any).domain, String(err).slice(0, 200)); continue; }
  if (!rec) continue;
  for (const x of [...(rec.preceding ?? []), rec]) {
    const timeFields = Object.keys(x.fields).filter((k) => /TIME|DATE/.test(k));
    const dom = (e.data as any).domain;
    if (process.argv[2] === 'housing' ? dom === 'housing' : true)
      console.log(e.type, dom, x.dataSet, process.argv[2] === 'housing' ? JSON.stringify(x.fields) : timeFields.join(','));
  }
}
