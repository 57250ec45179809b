import { Command } from 'commander';
import { isoInstant } from '../arguments';
import { cliConfig, requireEventStoreFile, type GlobalOptions } from '../cli-config';
import { printJson } from '../output';
import { replayTransactionFromStore, transactionIdFromArgument } from '../replay/replay-transaction';
import { openEventStore } from '../service';

interface ReplayCommandOptions extends GlobalOptions {
  asOf?: string;
  full?: boolean;
}

export function replayCommand(): Command {
  return new Command('replay')
    .description(
      "Print the state of a transaction as JSON, rebuilt from its event stream with the domain's evolve. " +
        'Public (redacted) view unless --full; --as-of gives the state as it stood at an instant.',
    )
    .argument('<txn>', 'transaction id (e.g. 3206022026A000127001) or its stream id (txn-...)')
    .option(
      '--as-of <instant>',
      'only events recorded by this ISO-8601 instant, e.g. 2026-11-23T12:00:00+08:00',
      isoInstant,
    )
    .option('--full', 'unredacted state, as a supervisor of the region sees it')
    .addHelpText(
      'after',
      '\nExample:\n  $ gongkai replay 3206022026A000127001 --as-of 2026-11-23T12:00:00Z\n',
    )
    .action(async (txn: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ReplayCommandOptions>();
      const config = cliConfig(options);
      requireEventStoreFile(config);
      const store = await openEventStore(config);
      try {
        printJson(
          await replayTransactionFromStore(store, transactionIdFromArgument(txn), {
            asOf: options.asOf,
            full: options.full,
          }),
        );
      } finally {
        await store.close();
      }
    });
}
