import { Command } from 'commander';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_KEY_FILE,
  FileCheckpointStore,
  readHistory,
  SqliteTileStorage,
  TiledTree,
  StreamNotFound,
  toPublicKey,
  verifyAll,
  verifyStream,
  type Checkpoint,
  type EventStore,
  type VerifyResult,
} from '@gongkai/event-store';
import { cliConfig, requireEventStoreFile, type GlobalOptions } from '../cli-config';
import { CHECK_FAILED_EXIT_CODE, CliError } from '../cli-error';
import { printJson } from '../output';
import { progressBar } from '../progress';
import { openEventStore, type ServiceConfig } from '../service';

interface VerifyOptions extends GlobalOptions {
  stream?: string;
  checkpoint?: boolean;
  publicKey?: string;
  json?: boolean;
}

/**
 * The key checkpoints must verify with: a given public key (PEM or raw base64, what an auditor holds) or the
 * public half of the service's signing key. Never generates a key.
 */
function checkpointKey(config: ServiceConfig, publicKeyFile: string | undefined): KeyObject | string {
  const file = publicKeyFile ?? config.checkpoint.keyFile ?? path.join(config.dataDir, DEFAULT_KEY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`Cannot read the checkpoint key ${file} (give an auditor's copy with --public-key).`);
  }
  // A note verifier key (`<name>+<id>+<base64>`, what GET /v1/log/key and `gongkai log key` print).
  if (/^[^+\s]+\+[0-9a-f]{8}\+\S+$/.test(text.trim())) return text.trim();
  try {
    return text.includes('PRIVATE KEY') ? toPublicKey(createPrivateKey(text)) : toPublicKey(text.trim());
  } catch (error) {
    throw new CliError(
      `${file} is not an Ed25519 key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function latestCheckpoint(dataDir: string): Promise<Checkpoint> {
  const checkpoint = await FileCheckpointStore.inDataDir(dataDir).latest();
  if (!checkpoint)
    throw new CliError(`No signed checkpoint in ${dataDir} yet (the service signs them as it runs).`);
  return checkpoint;
}

async function verifyWholeStore(
  store: EventStore,
  options: VerifyOptions,
  config: ServiceConfig,
): Promise<VerifyResult> {
  const checkpoint = options.checkpoint ? await latestCheckpoint(config.dataDir) : undefined;
  const publicKey = checkpoint ? checkpointKey(config, options.publicKey) : undefined;
  // Every checkpoint signed so far must match too (the latest alone would hide a rewrite re-signed later),
  // and with the service's tile store, every event must be the leaf the log recorded.
  const signed = checkpoint ? readHistory(await FileCheckpointStore.inDataDir(config.dataDir).history()) : [];
  const tilesFile = path.join(config.dataDir, 'merkle-tiles.db');
  const tree = existsSync(tilesFile) ? new TiledTree(SqliteTileStorage.open(tilesFile)) : undefined;
  const bar = progressBar('Verifying', await store.headPosition());
  try {
    return await verifyAll(store, {
      onProgress: ({ checked }) => bar.update(checked),
      ...(checkpoint && publicKey ? { checkpoint, publicKey } : {}),
      signed,
      ...(tree && { tree }),
    });
  } finally {
    bar.stop();
    tree?.close();
  }
}

function describeFailure(result: Exclude<VerifyResult, { ok: true }>): string {
  if ('streamId' in result) {
    return `Integrity check FAILED (${result.reason}) at stream ${result.streamId}, revision ${result.revision}, position ${result.position}: ${result.detail}`;
  }
  return `Checkpoint check FAILED (${result.reason}) at tree size ${result.treeSize}: ${result.detail}`;
}

function describeSuccess(result: Extract<VerifyResult, { ok: true }>, streamId: string | undefined): string {
  if (streamId) return `OK: stream ${streamId} intact, ${result.checked} events checked.`;
  const lines = [
    `OK: ${result.checked} events intact; Merkle root ${result.rootHash} (tree size ${result.treeSize}).`,
  ];
  if (result.checkpointVerified) lines.push('The latest signed checkpoint matches the stored events.');
  return lines.join('\n');
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      'Recompute every event hash and chain link (and the Merkle log) of the store, with a progress bar. ' +
        'Exits 0 when intact, 1 with the first damaged event (stream, revision, position, reason) otherwise.',
    )
    .option('--stream <id>', 'check only this stream (e.g. txn-3206022026A000127001)')
    .option(
      '--checkpoint',
      'also check the latest signed checkpoint (signature and Merkle root) against the store',
    )
    .option(
      '--public-key <file>',
      'with --checkpoint: the key to verify with, a file holding the note verifier key (gongkai log key), a PEM or raw base64 Ed25519 key',
    )
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  $ gongkai verify\n  $ gongkai verify --stream txn-3206022026A000127001\n  $ gongkai verify --checkpoint\n',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<VerifyOptions>();
      if (options.stream && options.checkpoint)
        throw new CliError('--checkpoint covers the whole store; drop --stream.');
      const config = cliConfig(options);
      requireEventStoreFile(config);
      const store = await openEventStore(config);
      let result: VerifyResult;
      try {
        result = options.stream
          ? await verifyStream(store, options.stream).catch((error: unknown) => {
              if (error instanceof StreamNotFound)
                throw new CliError(`No stream ${options.stream} in the store.`);
              throw error;
            })
          : await verifyWholeStore(store, options, config);
      } finally {
        await store.close();
      }
      if (options.json) printJson(result);
      if (!result.ok) throw new CliError(describeFailure(result), CHECK_FAILED_EXIT_CODE);
      if (!options.json) process.stdout.write(`${describeSuccess(result, options.stream)}\n`);
    });
}
