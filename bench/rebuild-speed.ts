/**
 * Rebuild speed of every read model from empty, stored events decoded trusted (the default) against
 * re-validated with zod (`validateStoredEventsFully`), with `readAll` over the same events as the peer, runs
 * alternated in one process. Over the first `--events` of a kept store (bench/scale.ts --load-only), through a
 * view of the store that ends there. Also checks, over those events, that both decodes give the same object
 * (JSON, key order included).
 *
 *   flock /tmp/gongkai-bench.lock nice -n -5 npx tsx bench/rebuild-speed.ts \
 *     --store /var/tmp/gongkai-stores-rm/events-1000000 --events 100000 --rounds 2
 *
 * Prints one JSON object: per variant the events per CPU-second and per wall second of each run, and readAll's.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { decodeTrustedStoredEvent, parseStoredEvent } from '@gongkai/domain';
import { SqliteEventStore, type EventStore, type ReadAllFrom } from '@gongkai/event-store';
import { validateStoredEventsFully } from '@gongkai/projections';
import { readAllFigures, rebuildFigures, type BuildFigures } from './lib/build-throughput';

const options = new Command()
  .requiredOption('--store <dir>', 'a kept store dir (events.sqlite)')
  .option('--events <n>', 'events to build over (the first n of the store)', (v) => Number(v), 100_000)
  .option('--rounds <n>', 'alternated rounds (validated, trusted)', (v) => Number(v), 2)
  .option('--only <variant>', 'trusted or validated only (profiling)')
  .parse()
  .opts<{ store: string; events: number; rounds: number; only?: string }>();

/** The store as if it ended at position `last`. */
function endingAt(store: EventStore, last: number): EventStore {
  return Object.assign(Object.create(store) as EventStore, {
    headPosition: async () => Math.min(last, await store.headPosition()),
    readAll: async (request: Parameters<EventStore['readAll']>[0]) => {
      const page = await store.readAll(request);
      return page.filter((event) => event.position <= last);
    },
  });
}

async function equivalence(store: EventStore, last: number): Promise<{ checked: number; different: number }> {
  let checked = 0;
  let different = 0;
  for (let from: ReadAllFrom = 'start'; ;) {
    const page = await store.readAll({ from, maxCount: 1000 });
    for (const event of page) {
      if (event.position > last) return { checked, different };
      const a = JSON.stringify(parseStoredEvent(event, { withFindings: false }));
      const b = JSON.stringify(decodeTrustedStoredEvent(event, { withFindings: false }));
      checked++;
      if (a !== b) {
        if (different === 0) process.stderr.write(`first difference at ${event.position}:\n${a}\n${b}\n`);
        different++;
      }
    }
    if (page.length < 1000) return { checked, different };
    from = { after: page.at(-1)!.position };
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-rebuild-speed-'));
  try {
    copyFileSync(path.join(options.store, 'events.sqlite'), path.join(dir, 'events.sqlite'));
    const full = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    const store = endingAt(full, options.events);
    const round = (figures: BuildFigures) => ({
      perCpuSecond: Math.round(figures.perCpuSecond),
      perSecond: Math.round(figures.perSecond),
      cpuSeconds: +figures.cpuSeconds.toFixed(1),
    });
    const results: Record<string, unknown[]> = { readAll: [], validated: [], trusted: [] };
    for (let i = 0; i < options.rounds; i++) {
      results.readAll!.push(round(await readAllFigures(store)));
      for (const variant of ['validated', 'trusted'] as const) {
        if (options.only && options.only !== variant) continue;
        validateStoredEventsFully(variant === 'validated');
        results[variant]!.push(round(await rebuildFigures(store, dir)));
        process.stderr.write(`round ${i + 1} ${variant}: ${JSON.stringify(results[variant]!.at(-1))}\n`);
      }
    }
    validateStoredEventsFully(false);
    const same = options.only ? undefined : await equivalence(store, options.events);
    await full.close();
    process.stdout.write(
      `${JSON.stringify({ events: options.events, loadAverage: os.loadavg()[0]!.toFixed(2), ...results, equivalence: same })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
