import { Command, Option } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DeadLetterError,
  InvalidSinkConfiguration,
  parseSinkTargets,
  SinkRunner,
  SqliteSinkStateStore,
  type DeadLetter,
  type DeadLetterStatus,
  type SinkTargetConfig,
} from '@gongkai/sinks';
import { positiveInteger } from '../arguments';
import { cliConfig, requireEventStoreFile, type GlobalOptions } from '../cli-config';
import { CHECK_FAILED_EXIT_CODE, CliError } from '../cli-error';
import { formatTable, printJson } from '../output';
import { openEventStore } from '../service';

/** Default file of the sink delivery state, beside the event store. */
export const SINK_STATE_FILE = 'sinks.sqlite';

interface DeadLetterOptions extends GlobalOptions {
  state?: string;
  targets?: string;
  target?: string;
  status?: DeadLetterStatus | 'all';
  note?: string;
  all?: boolean;
  json?: boolean;
}

function stateFile(options: DeadLetterOptions): string {
  const file = options.state ?? path.join(cliConfig(options).dataDir, SINK_STATE_FILE);
  if (!existsSync(file)) throw new CliError(`No sink state at ${file} (give it with --state <file>).`);
  return file;
}

/** Sink targets, as the service is configured with them: a JSON array (see docs/sinks.md). */
function loadTargets(file: string | undefined): SinkTargetConfig[] {
  // commander fills `file` from --targets or GONGKAI_SINK_TARGETS_FILE.
  const source = file;
  if (!source) {
    throw new CliError(
      'Retrying or discarding needs the sink targets: give --targets <file.json> or set GONGKAI_SINK_TARGETS_FILE.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new CliError(
      `Cannot read sink targets from ${source}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseSinkTargets(json);
  } catch (error) {
    if (error instanceof InvalidSinkConfiguration) throw new CliError(`${source}: ${error.message}`);
    throw error;
  }
}

/** Runs dead-letter operations on a runner that is built but not started (safe beside a running service). */
async function withRunner<T>(
  options: DeadLetterOptions,
  work: (runner: SinkRunner) => Promise<T>,
): Promise<T> {
  const targets = loadTargets(options.targets);
  const config = cliConfig(options);
  requireEventStoreFile(config);
  const state = SqliteSinkStateStore.open({ path: stateFile(options) });
  const eventStore = await openEventStore(config);
  try {
    return await work(new SinkRunner({ eventStore, state, targets }));
  } catch (error) {
    if (error instanceof DeadLetterError) throw new CliError(error.message);
    throw error;
  } finally {
    await state.close();
    await eventStore.close();
  }
}

function table(deadLetters: DeadLetter[]): string {
  if (deadLetters.length === 0) return 'No dead letters.\n';
  return formatTable(
    ['ID', 'TARGET', 'STATUS', 'STREAM', 'POSITION', 'TYPE', 'REASON', 'ATTEMPTS', 'LAST ERROR'],
    deadLetters.map((d) => [
      String(d.id),
      d.target,
      d.status,
      d.streamId,
      String(d.position),
      d.eventType,
      d.reason,
      String(d.attempts),
      d.lastError.slice(0, 60),
    ]),
  );
}

const stateOption = () =>
  new Option('--state <file>', `sink state file (default <data-dir>/${SINK_STATE_FILE})`);
const targetsOption = () =>
  new Option('--targets <file>', 'sink targets JSON, as configured for the service').env(
    'GONGKAI_SINK_TARGETS_FILE',
  );

export function deadLettersCommand(): Command {
  const deadLetters = new Command('dead-letters').description(
    'Inspect and resolve events a sink target refused for good (the stream waits behind its dead letter).',
  );

  deadLetters
    .command('list')
    .description('List dead letters, oldest first (open ones unless --status says otherwise).')
    .addOption(stateOption())
    .option('--target <name>', 'only this target')
    .addOption(
      new Option('--status <status>', 'which ones')
        .choices(['open', 'delivered', 'discarded', 'all'])
        .default('open'),
    )
    .option('--json', 'print as JSON')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DeadLetterOptions>();
      const state = SqliteSinkStateStore.open({ path: stateFile(options) });
      try {
        const found: DeadLetter[] = [];
        for (let afterId = 0; ;) {
          const page = await state.listDeadLetters({
            target: options.target,
            status: options.status,
            afterId,
            limit: 1000,
          });
          found.push(...page);
          if (page.length < 1000) break;
          afterId = page[page.length - 1]!.id;
        }
        if (options.json) printJson(found);
        else process.stdout.write(table(found));
      } finally {
        await state.close();
      }
    });

  deadLetters
    .command('retry')
    .description(
      'Try to deliver a dead letter once more now (or every open one with --all); success releases its stream.',
    )
    .argument('[id]', 'dead letter id (see `dead-letters list`)', positiveInteger(Number.MAX_SAFE_INTEGER))
    .option('--all', 'retry every open dead letter, oldest first')
    .addOption(stateOption())
    .addOption(targetsOption())
    .option('--target <name>', 'with --all: only this target')
    .option('--note <text>', 'why (kept with the dead letter)')
    .option('--json', 'print the results as JSON')
    .action(async (id: number | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DeadLetterOptions>();
      if ((id === undefined) === !options.all)
        throw new CliError('Give a dead letter id or --all (not both).');
      const results = await withRunner(options, async (runner) =>
        id !== undefined
          ? [await runner.deadLetters.retry(id, options.note)]
          : runner.deadLetters.retryAll({ target: options.target, note: options.note }),
      );
      if (options.json) printJson(results);
      else {
        for (const r of results) {
          process.stdout.write(
            `dead letter ${r.deadLetter.id} (${r.deadLetter.streamId}@${r.deadLetter.position}): ${r.outcome}${r.error ? ` (${r.error})` : ''}\n`,
          );
        }
        if (results.length === 0) process.stdout.write('No open dead letters.\n');
      }
      const failed = results.filter((r) => r.outcome === 'failed').length;
      if (failed > 0) throw new CliError(`${failed} dead letter(s) still fail.`, CHECK_FAILED_EXIT_CODE);
    });

  deadLetters
    .command('discard')
    .description(
      'Give up on a dead letter for its target (kept as "discarded" for the record) and release its stream.',
    )
    .argument('<id>', 'dead letter id', positiveInteger(Number.MAX_SAFE_INTEGER))
    .requiredOption('--note <text>', 'why it is discarded (required: the record must say)')
    .addOption(stateOption())
    .addOption(targetsOption())
    .option('--json', 'print the dead letter as JSON')
    .action(async (id: number, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DeadLetterOptions>();
      const discarded = await withRunner(options, (runner) => runner.deadLetters.discard(id, options.note));
      if (options.json) printJson(discarded);
      else
        process.stdout.write(
          `Discarded dead letter ${discarded.id} (${discarded.streamId}@${discarded.position}, ${discarded.target}).\n`,
        );
    });

  return deadLetters;
}
