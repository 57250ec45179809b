import { Command } from 'commander';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_KEY_FILE,
  FileCheckpointStore,
  NoteError,
  SqliteTileStorage,
  TiledTree,
  formatTlogProof,
  inclusionPath,
  parseTlogProof,
  toPublicKey,
  verifierKey,
  verifyTlogProof,
} from '@gongkai/event-store';
import { cliConfig, type GlobalOptions } from '../cli-config';
import { CHECK_FAILED_EXIT_CODE, CliError } from '../cli-error';
import { printJson } from '../output';
import { witnessCommand } from './log-witness.command';
import { monitorCommand } from './log-monitor.command';
import { readVerifierKey } from './log-keys';

export const TILES_FILE = 'merkle-tiles.db';

/** The service's verifier key, from its signing key in the data dir (never generates one). */
function serviceVerifierKey(options: GlobalOptions): string {
  const config = cliConfig(options);
  const file = config.checkpoint.keyFile ?? path.join(config.dataDir, DEFAULT_KEY_FILE);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`No checkpoint key at ${file} (the service creates it on its first start).`);
  }
  return verifierKey(config.checkpoint.origin, toPublicKey(createPrivateKey(pem)));
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new CliError(`Cannot reach ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new CliError(`${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

/** A tlog-proof built from the data dir alone: the tiles and the latest signed checkpoint. */
async function proofFromDataDir(options: GlobalOptions, eventId: string): Promise<string> {
  const config = cliConfig(options);
  const file = path.join(config.dataDir, TILES_FILE);
  if (!existsSync(file))
    throw new CliError(`No Merkle tree at ${file}: start the service once, or use --log <url>.`);
  const checkpoint = await FileCheckpointStore.inDataDir(config.dataDir).latest();
  if (!checkpoint?.note) throw new CliError(`No signed checkpoint in ${config.dataDir} yet.`);
  const tree = new TiledTree(SqliteTileStorage.open(file));
  try {
    const leaf = tree.leafOfEvent(eventId);
    if (!leaf) throw new CliError(`No event ${eventId} in the Merkle log.`);
    if (leaf.index >= checkpoint.treeSize) {
      throw new CliError(
        `Event ${eventId} is leaf ${leaf.index}, not yet in the latest checkpoint (size ${checkpoint.treeSize}).`,
      );
    }
    const hash = tree.entry(leaf.index).toString('hex');
    return formatTlogProof({
      extra: Buffer.from(JSON.stringify({ eventId, hash }), 'utf8'),
      index: leaf.index,
      path: inclusionPath(tree, leaf.index, checkpoint.treeSize),
      checkpoint: checkpoint.note,
    });
  } finally {
    tree.close();
  }
}

/** The hash the proof is about: given, or taken from the proof's (unauthenticated) extra line. */
function entryOf(proofText: string, hash: string | undefined): { entry: Buffer; eventId?: string } {
  if (hash !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(hash))
      throw new CliError('--hash is the event hash, 64 lowercase hex digits.');
    return { entry: Buffer.from(hash, 'hex') };
  }
  const { extra } = parseTlogProof(proofText);
  try {
    const parsed = JSON.parse(extra?.toString('utf8') ?? '') as { eventId?: string; hash?: string };
    if (!parsed.hash || !/^[0-9a-f]{64}$/.test(parsed.hash)) throw new Error('no hash');
    return { entry: Buffer.from(parsed.hash, 'hex'), ...(parsed.eventId && { eventId: parsed.eventId }) };
  } catch {
    throw new CliError('The proof names no event hash (extra line); give the hash with --hash <hex>.');
  }
}

export function logCommand(): Command {
  const log = new Command('log').description(
    'The Merkle log in C2SP formats (c2sp.org/tlog-checkpoint, tlog-tiles, tlog-proof): keys, proofs, a witness, a monitor.',
  );
  log
    .command('key')
    .description("Print the log's note verifier key (<origin>+<key id>+<base64>), to publish out of band.")
    .option('--log <url>', 'ask a running service (…/v1/log) instead of reading the key in the data dir')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { log?: string }>();
      const key = options.log
        ? (await fetchText(`${options.log.replace(/\/$/, '')}/key`)).trim()
        : serviceVerifierKey(options);
      process.stdout.write(`${key}\n`);
    });
  log
    .command('proof <event-id>')
    .description('Write a c2sp.org/tlog-proof that the event is in the latest signed checkpoint.')
    .option('--log <url>', 'fetch it from a running service (…/v1/log) instead of the data dir')
    .option('--out <file>', 'write to this file (default: stdout); the usual extension is .tlog-proof')
    .action(async (eventId: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { log?: string; out?: string }>();
      const text = options.log
        ? await fetchText(`${options.log.replace(/\/$/, '')}/proof/${encodeURIComponent(eventId)}`)
        : await proofFromDataDir(options, eventId);
      if (options.out) writeFileSync(options.out, text);
      else process.stdout.write(text);
    });
  log
    .command('verify-proof <file>')
    .description(
      'Check a c2sp.org/tlog-proof offline: the checkpoint signature with --key, then the inclusion of the event hash.',
    )
    .requiredOption('--key <key>', "the log's note verifier key, or a file holding it (obtained out of band)")
    .option('--hash <hex>', 'the event hash to prove (default: the one named in the proof)')
    .option('--json', 'print the result as JSON')
    .action((file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        GlobalOptions & { key: string; hash?: string; json?: boolean }
      >();
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new CliError(`Cannot read ${file}.`);
      }
      const key = readVerifierKey(options.key);
      let result;
      let eventId: string | undefined;
      try {
        const entry = entryOf(text, options.hash);
        eventId = entry.eventId;
        result = verifyTlogProof(text, key, entry.entry);
      } catch (error) {
        if (error instanceof NoteError)
          throw new CliError(`Proof check FAILED: ${error.message}`, CHECK_FAILED_EXIT_CODE);
        throw error;
      }
      if (options.json) printJson({ ok: true, ...(eventId && { eventId }), ...result });
      else
        process.stdout.write(
          `OK: ${eventId ? `event ${eventId}, ` : ''}hash ${result.entry} is leaf ${result.index} of ${result.origin} at tree size ${result.treeSize} (root ${result.rootHash}).\n`,
        );
    });
  log.addCommand(witnessCommand());
  log.addCommand(monitorCommand());
  return log;
}
