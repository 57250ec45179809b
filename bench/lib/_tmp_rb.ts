import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { FeedWorkload } from './feed-workload';
import { rebuildThroughput } from './rebuild-bench';
(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rb-'));
  const store = await SqliteEventStore.open({ path: path.join(dir, 'e.sqlite'), synchronous: 'NORMAL' });
  const t = Date.now();
  await new FeedWorkload().load(store, Number(process.argv[2]));
  console.log('load s', (Date.now() - t) / 1000);
  console.log(JSON.stringify(await rebuildThroughput(store, dir)));
  await store.close();
})();
