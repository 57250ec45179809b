import { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  MerkleFrontier,
  NoteError,
  TILE_WIDTH,
  decodeEntryBundle,
  encodeTileIndex,
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyCosignature,
  verifyInclusion,
} from '@gongkai/event-store';
import { CHECK_FAILED_EXIT_CODE, CliError } from '../cli-error';
import { readVerifierKey } from './log-keys';

interface MonitorOptions {
  log: string;
  key: string;
  state: string;
  api?: string;
  witnessKey?: string[];
}

interface MonitorState {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
  frontier: { size: number; hashes: string[] };
  checkedAt: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

class MonitorFailure extends CliError {
  constructor(message: string) {
    super(`Monitor check FAILED: ${message}`, CHECK_FAILED_EXIT_CODE);
  }
}

async function get(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new CliError(`Cannot reach ${url}: ${(error as Error).message}`);
  }
  if (!response.ok)
    throw new CliError(`${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  return response;
}

/** The entries [from, to) from the log's entry bundles (c2sp.org/tlog-tiles). */
async function fetchEntries(log: string, from: number, to: number): Promise<Buffer[]> {
  const entries: Buffer[] = [];
  for (let tile = Math.floor(from / TILE_WIDTH); tile * TILE_WIDTH < to; tile++) {
    const width = Math.min(TILE_WIDTH, to - tile * TILE_WIDTH);
    const suffix = width < TILE_WIDTH ? `.p/${width}` : '';
    const bytes = Buffer.from(
      await (await get(`${log}/tile/entries/${encodeTileIndex(tile)}${suffix}`)).arrayBuffer(),
    );
    const bundle = decodeEntryBundle(bytes);
    if (bundle.length !== width)
      throw new MonitorFailure(`entry bundle ${tile} holds ${bundle.length} entries, not ${width}`);
    const start = tile * TILE_WIDTH;
    entries.push(...bundle.slice(Math.max(0, from - start)));
  }
  return entries;
}

/**
 * `gongkai log monitor`: for cron. Fetches the checkpoint, checks its signature (and the witnesses'), checks
 * it is consistent with the one stored by the last run, recomputes the Merkle root from the new entries
 * appended to the stored right edge of the tree, and stores the new state. Exits 1 naming the first bad leaf.
 */
export function monitorCommand(): Command {
  return new Command('monitor')
    .description(
      'Check a gongkai log as an outside auditor: signature, consistency with the last run, the new entries. Exit 1 on the first problem.',
    )
    .requiredOption('--log <url>', 'the log prefix, e.g. https://ggzy.example.gov.cn/v1/log')
    .requiredOption('--key <key>', "the log's note verifier key, or a file holding it (obtained out of band)")
    .requiredOption('--state <dir>', 'where the monitor keeps the last checkpoint it checked')
    .option('--api <url>', 'the JSON proof API (default: the log URL with /v1/log replaced by /v1/integrity)')
    .option('--witness-key <key>', 'a witness whose cosignature is required; repeatable', collect)
    .action(async (options: MonitorOptions) => {
      const log = options.log.replace(/\/$/, '');
      const api = (options.api ?? log.replace(/\/v1\/log$/, '/v1/integrity')).replace(/\/$/, '');
      const key = readVerifierKey(options.key);
      const note = await (await get(`${log}/checkpoint`)).text();
      let checkpoint: { origin: string; treeSize: number; rootHash: string };
      try {
        checkpoint = openCheckpoint(note, key);
        for (const witness of options.witnessKey ?? [])
          verifyCosignature(note, parseVerifierKey(readVerifierKey(witness)));
      } catch (error) {
        if (error instanceof NoteError) throw new MonitorFailure(error.message);
        throw error;
      }
      mkdirSync(options.state, { recursive: true });
      const file = path.join(options.state, 'monitor-state.json');
      const state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MonitorState) : undefined;
      if (state && state.origin !== checkpoint.origin) {
        throw new CliError(`The state in ${options.state} is for ${state.origin}, not ${checkpoint.origin}.`);
      }
      const oldSize = state?.treeSize ?? 0;
      if (checkpoint.treeSize < oldSize) {
        throw new MonitorFailure(`the log shrank from ${oldSize} to ${checkpoint.treeSize} leaves`);
      }
      if (state && checkpoint.treeSize === oldSize && checkpoint.rootHash !== state.rootHash) {
        throw new MonitorFailure(`two roots for tree size ${oldSize}: the log forked`);
      }
      if (state && oldSize > 0 && checkpoint.treeSize > oldSize) {
        const proof = (await (
          await get(`${api}/consistency?from=${oldSize}&to=${checkpoint.treeSize}`)
        ).json()) as {
          path: string[];
        };
        const ok = verifyConsistency(
          oldSize,
          checkpoint.treeSize,
          Buffer.from(state.rootHash, 'hex'),
          Buffer.from(checkpoint.rootHash, 'hex'),
          proof.path.map((h) => Buffer.from(h, 'hex')),
        );
        if (!ok)
          throw new MonitorFailure(
            `size ${checkpoint.treeSize} is not consistent with size ${oldSize} (checked ${state.checkedAt})`,
          );
      }
      const frontier = state ? MerkleFrontier.restore(state.frontier) : new MerkleFrontier();
      const entries = await fetchEntries(log, oldSize, checkpoint.treeSize);
      for (const entry of entries) frontier.appendLeafHash(leafHash(entry));
      if (!frontier.root().equals(Buffer.from(checkpoint.rootHash, 'hex'))) {
        // Name the first entry whose inclusion proof does not lead to the signed root.
        const root = Buffer.from(checkpoint.rootHash, 'hex');
        for (const [i, entry] of entries.entries()) {
          const index = oldSize + i;
          const proof = (await (
            await get(`${api}/proof?leaf=${index}&size=${checkpoint.treeSize}`)
          ).json()) as { path: string[] };
          const path = proof.path.map((h) => Buffer.from(h, 'hex'));
          if (!verifyInclusion(index, checkpoint.treeSize, leafHash(entry), path, root)) {
            throw new MonitorFailure(`entry ${index} served by the log is not the leaf the checkpoint signs`);
          }
        }
        throw new MonitorFailure(`the entries do not reproduce the root of size ${checkpoint.treeSize}`);
      }
      const next: MonitorState = {
        origin: checkpoint.origin,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        note,
        frontier: frontier.snapshot(),
        checkedAt: new Date().toISOString(),
      };
      writeFileSync(`${file}.tmp`, JSON.stringify(next, null, 2));
      renameSync(`${file}.tmp`, file);
      process.stdout.write(
        `OK: ${checkpoint.origin} at size ${checkpoint.treeSize} (root ${checkpoint.rootHash}); ${entries.length} new entries checked since size ${oldSize}.\n`,
      );
    });
}
