/**
 * The checkpoint history's cost as it grows (issue 17): a signing reads the latest checkpoint and appends the
 * next; `GET /v1/log/checkpoint` falls back to the latest; `GET /v1/log/checkpoints?from=` reads one page.
 *
 *   npx tsx bench/checkpoints.ts [--lines 1k,100k,1m] [--json]
 *
 * Per size, a `checkpoints.jsonl` of that many lines (real signed checkpoints, growing tree sizes) is written
 * to a temporary directory, then timed, old and new alternately in the same run:
 * - latest: `latest()`;
 * - sign: `latest()`, `sign`, `append()` (the checkpoint I/O of one signing, fsync included);
 * - page: `page(<size at the middle>, 100)` (new only; the old store had `list()` only).
 * Old is the store as on main d1a514d (bench/lib/legacy-checkpoint-store.ts), which reads and zod-parses the
 * whole file at each; it is sampled fewer times at large sizes. Medians in ms; the file in the OS cache.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointSigner, FileCheckpointStore, type Checkpoint } from '@gongkai/event-store';
import { LegacyFileCheckpointStore } from './lib/legacy-checkpoint-store';
import { nowMs, percentile, table } from './lib/stats';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1]! : fallback;
const sizes = arg('--lines', '1k,100k,1m')
  .split(',')
  .map((s) => Number(s.replace(/k$/i, '000').replace(/m$/i, '000000')));
const json = args.includes('--json');
const ROOT = 'ab'.repeat(32);

interface Figures {
  lines: number;
  fileMiB: number;
  latestOld: number;
  latestNew: number;
  signOld: number;
  signNew: number;
  pageNew: number;
  oldSamples: number;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = nowMs();
  await work();
  return nowMs() - start;
}

async function measure(lines: number): Promise<Figures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-bench-checkpoints-'));
  try {
    const signer = await CheckpointSigner.open({ origin: 'bench.gongkai/log', dataDir: dir });
    const file = path.join(dir, 'checkpoints.jsonl');
    // Tree sizes 10 apart; every line a real signed checkpoint's length.
    const handle = await fs.open(file, 'w');
    for (let from = 0; from < lines; from += 10_000) {
      const part: string[] = [];
      for (let i = from; i < Math.min(lines, from + 10_000); i++) {
        part.push(`${JSON.stringify(signer.sign(10 * i, ROOT))}\n`);
      }
      await handle.write(part.join(''));
    }
    await handle.close();
    const fileMiB = (await fs.stat(file)).size / 2 ** 20;
    const current = new FileCheckpointStore(file);
    const legacy = new LegacyFileCheckpointStore(file);
    let size = 10 * lines;
    const sign = async (store: {
      latest(): Promise<Checkpoint | undefined>;
      append(c: Checkpoint): Promise<void>;
    }) => {
      await store.latest();
      size += 10;
      await store.append(signer.sign(size, ROOT));
    };
    const oldSamples = lines >= 1_000_000 ? 3 : lines >= 100_000 ? 10 : 50;
    const samples = {
      latestOld: [] as number[],
      latestNew: [] as number[],
      signOld: [] as number[],
      signNew: [] as number[],
      pageNew: [] as number[],
    };
    for (let round = 0; round < 50; round++) {
      if (round < oldSamples) {
        samples.latestOld.push(await time(() => legacy.latest()));
        samples.signOld.push(await time(() => sign(legacy)));
      }
      samples.latestNew.push(await time(() => current.latest()));
      samples.signNew.push(await time(() => sign(current)));
      samples.pageNew.push(await time(() => current.page(5 * lines, 100)));
    }
    return {
      lines,
      fileMiB,
      latestOld: percentile(samples.latestOld, 50),
      latestNew: percentile(samples.latestNew, 50),
      signOld: percentile(samples.signOld, 50),
      signNew: percentile(samples.signNew, 50),
      pageNew: percentile(samples.pageNew, 50),
      oldSamples,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  for (const lines of sizes) {
    process.stderr.write(`${lines.toLocaleString('en')} lines...\n`);
    results.push(await measure(lines));
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ loadavg: os.loadavg(), results }, null, 2)}\n`);
    return;
  }
  const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
  process.stdout.write(
    `${table(
      ['lines', 'file MiB', 'latest old', 'latest new', 'sign old', 'sign new', 'page of 100 new'],
      results.map((r) => [
        r.lines.toLocaleString('en'),
        r.fileMiB.toFixed(1),
        ms(r.latestOld),
        ms(r.latestNew),
        ms(r.signOld),
        ms(r.signNew),
        ms(r.pageNew),
      ]),
    )}\n(median ms; old sampled ${results.map((r) => r.oldSamples).join('/')} times, new 50; load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
  );
}

void main();
