/**
 * Runs every benchmark under bench/ (each top-level `*.ts` except this file), one after another, each in
 * its own process so one bench's memory and handles do not skew the next.
 *
 *   npm run bench                      # all benches with their defaults
 *   npm run bench -- --only event-store,http
 *   npm run bench -- --json            # passed on to every bench
 *
 * Any other arguments are passed on to every bench. Exits non-zero when a bench fails, after running the rest.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

const benchDir = __dirname;
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',').filter(Boolean)) : undefined;
const passOn = onlyAt >= 0 ? [...args.slice(0, onlyAt), ...args.slice(onlyAt + 2)] : args;

const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -'.ts'.length))
  .filter((name) => !only || only.has(name))
  .sort();

if (benches.length === 0) {
  console.error(only ? `no bench named ${[...only].join(', ')} under bench/` : 'no benches under bench/');
  process.exit(1);
}

const tsx = path.join(benchDir, '..', 'node_modules', '.bin', 'tsx');
const failed: string[] = [];
for (const name of benches) {
  process.stderr.write(`\n### bench/${name}.ts ${passOn.join(' ')}\n`);
  const run = spawnSync(tsx, [path.join(benchDir, `${name}.ts`), ...passOn], { stdio: 'inherit' });
  if (run.status !== 0)
    failed.push(`${name} (${run.error?.message ?? `exit ${String(run.status ?? run.signal)}`})`);
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
