/**
 * Start-up of the Merkle log on a large store, and its memory: the persisted tree (tiles in
 * merkle-tiles.db) against its peer, the in-memory tree rebuilt from every event at each start (what the
 * service did before). Also the whole-store verification against the tree that runs in the background after
 * start, and the first build of the tiles (an upgrade, or a lost tile store).
 *
 *   npx tsx bench/integrity.ts                 # 100,000 events
 *   npx tsx bench/integrity.ts --events 1000000
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  IntegrityLog,
  MerkleLog,
  SqliteEventStore,
  SqliteTileStorage,
  verifyAll,
  type RecordedEvent,
} from '@gongkai/event-store';
import { ChineseEventGenerator } from './lib/chinese-events';

const args = process.argv.slice(2);
const at = args.indexOf('--events');
const total = at >= 0 ? Number(args[at + 1]) : 100_000;
const json = args.includes('--json');

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1e6 + process.memoryUsage().arrayBuffers / 1e6;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T; memMb: number }> {
  const before = heapMb();
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  return { ms, value, memMb: heapMb() - before };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-integrity-'));
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.db'), synchronous: 'NORMAL' });
  try {
    const generator = new ChineseEventGenerator(2026, 600);
    const started = performance.now();
    for (let written = 0; written < total;) {
      const batch = Math.min(500, total - written);
      const events = Array.from({ length: batch }, (_, i) => generator.next(written + i));
      await store.append(`txn-bench-${written % 5000}`, events);
      written += batch;
    }
    const seedS = (performance.now() - started) / 1000;
    const tiles = () => SqliteTileStorage.open(path.join(dir, 'merkle-tiles.db'));

    // Peer: rebuild the whole tree in memory from every event (the service's start before the tiles).
    const peer = await timed(async () => {
      const log = new MerkleLog();
      let after: number | undefined;
      for (;;) {
        const page: RecordedEvent[] = await store.readAll({
          from: after === undefined ? 'start' : { after },
          maxCount: 1000,
        });
        for (const event of page) log.append(Buffer.from(event.hash, 'hex'));
        if (page.length < 1000) return log;
        after = page[page.length - 1]!.position;
      }
    });
    const peerRoot = peer.value.root().toString('hex');

    const firstBuild = await timed(async () => {
      const log = await IntegrityLog.open({ store, tiles: tiles() });
      const root = log.root();
      await log.close();
      return root;
    });
    const restart = await timed(async () => {
      const log = await IntegrityLog.open({ store, tiles: tiles() });
      return log;
    });
    const log = restart.value;
    const verify = await timed(() => verifyAll(store, { tree: log.tree }));
    await log.close();
    if (firstBuild.value !== peerRoot || !verify.value.ok) throw new Error('roots differ or verify failed');

    const result = {
      events: total,
      seedSeconds: Math.round(seedS),
      peerInMemoryRebuild: { seconds: +(peer.ms / 1000).toFixed(2), heldMb: Math.round(peer.memMb) },
      tilesFirstBuild: { seconds: +(firstBuild.ms / 1000).toFixed(2) },
      restartFromTiles: { ms: +restart.ms.toFixed(1), heldMb: +restart.memMb.toFixed(1) },
      verifyWholeStoreAgainstTree: {
        seconds: +(verify.ms / 1000).toFixed(2),
        eventsPerSecond: Math.round(total / (verify.ms / 1000)),
      },
    };
    if (json) console.log(JSON.stringify(result));
    else {
      console.log(
        `Merkle log start-up, ${total.toLocaleString('en')} events (seeded in ${result.seedSeconds} s)`,
      );
      console.log(
        `  peer: rebuild in memory from every event   ${result.peerInMemoryRebuild.seconds} s, holds ${result.peerInMemoryRebuild.heldMb} MB`,
      );
      console.log(`  tiles: first build (upgrade / lost tiles)  ${result.tilesFirstBuild.seconds} s`);
      console.log(
        `  tiles: restart (open + tail check)         ${result.restartFromTiles.ms} ms, holds ${result.restartFromTiles.heldMb} MB`,
      );
      console.log(
        `  background verify of the store vs tree     ${result.verifyWholeStoreAgainstTree.seconds} s (${result.verifyWholeStoreAgainstTree.eventsPerSecond} events/s)`,
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
