import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CATALOGUE_PUBLISHER_ROLES, type CataloguePublisherRole } from '@gongkai/domain';
import { systemClock } from '@gongkai/event-store';
import { nonNegativeInteger, positiveInteger } from '../arguments';
import { cliConfig, type GlobalOptions } from '../cli-config';
import { CHECK_FAILED_EXIT_CODE, CliError } from '../cli-error';
import { printJson } from '../output';
import { engineAppender } from '../import/engine-appender';
import { importProgress } from '../import/import-progress';
import { runImport } from '../import/import-run';
import { RejectionReport } from '../import/rejection-report';
import {
  CalendarRegistry,
  openEventStore,
  openServiceDatabase,
  publishRefusal,
  SERVICE_DATABASE_FILE,
  TokenStore,
  WriteEngine,
  type Principal,
} from '../service';

interface ImportOptions extends GlobalOptions {
  token?: string;
  publisherName?: string;
  role: CataloguePublisherRole;
  region?: string;
  sourceSystem: string;
  dryRun?: boolean;
  report: string;
  batch: number;
  workers: number;
}

/** Build workers by default: one per core beyond the main thread's, at most 4 (the appends stay on one thread). */
const DEFAULT_WORKERS = Math.min(4, Math.max(0, availableParallelism() - 1));

/** The centre the token names: the import publishes as it, within its scope, as the API would let it. */
function centreOf(dataDir: string, secret: string | undefined): Extract<Principal, { role: 'centre' }> {
  if (!secret) {
    throw new CliError(
      'a centre token is required: --token <secret> or GONGKAI_TOKEN (create one with `gongkai tokens create --role centre ...`)',
    );
  }
  if (!existsSync(join(dataDir, SERVICE_DATABASE_FILE))) {
    throw new CliError(
      `No service database at ${join(dataDir, SERVICE_DATABASE_FILE)}: point --data-dir at the service's data directory`,
    );
  }
  const db = openServiceDatabase(dataDir);
  try {
    const principal = new TokenStore(db).authenticate(secret);
    if (!principal) throw new CliError('the token is unknown, revoked or expired');
    if (principal.role !== 'centre')
      throw new CliError(`a ${principal.role} token may not publish events; import needs a centre token`);
    return principal;
  } finally {
    db.close();
  }
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      "Import a centre's existing records in the national data specification's data sets (JSON, CSV or XLSX, " +
        'national field names) as events, through the same rules as the API. Re-running stores nothing new; an ' +
        'interrupted import resumes. Exits 1 when any row was rejected (see --report).',
    )
    .argument(
      '<files...>',
      '.json, .csv or .xlsx files (a CSV is one data set, named by its file name: 513.csv)',
    )
    .option('--token <secret>', 'centre token the events are published with (default: GONGKAI_TOKEN)')
    .option('--publisher-name <name>', "the centre's name on the events (default: the token's subject)")
    .addOption(
      new Option('--role <role>', 'publisher role')
        .choices([...CATALOGUE_PUBLISHER_ROLES])
        .default('trading_centre'),
    )
    .option(
      '--region <code>',
      "region of a transaction whose records name none (default: the token's first region)",
    )
    .option('--source-system <name>', 'metadata.sourceSystem of the events', 'gongkai import')
    .option('--dry-run', 'read, map and validate everything; store nothing')
    .option(
      '--report <file>',
      'CSV of every rejected row (file, row, dataSet, reason)',
      'gongkai-import-rejected.csv',
    )
    .addOption(
      new Option('--batch <n>', 'transactions decided then committed together, in one store transaction')
        .argParser(positiveInteger(10_000))
        .default(500),
    )
    .addOption(
      new Option(
        '--workers <n>',
        'worker threads mapping and validating records while the main thread appends (0: none)',
      )
        .argParser(nonNegativeInteger(16))
        .default(DEFAULT_WORKERS),
    )
    .addHelpText(
      'after',
      '\nExample:\n  $ gongkai import --token $GONGKAI_TOKEN 503.csv 513.csv records.xlsx --report rejected.csv\n',
    )
    .action(async (files: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ImportOptions>();
      const config = cliConfig(options);
      for (const file of files) if (!existsSync(file)) throw new CliError(`no such file: ${file}`);
      const centre = centreOf(config.dataDir, options.token ?? process.env.GONGKAI_TOKEN);
      const store = await openEventStore(config);
      const calendar = await CalendarRegistry.open(store, { follow: false });
      const report = new RejectionReport(options.report);
      try {
        // The API's write engine: the same read-decide-append, rules and idempotency by event id.
        const engine = new WriteEngine({
          store,
          clock: systemClock,
          publicationTolerances: config.publicationTolerances,
          calendar,
        });
        const summary = await runImport({
          files,
          dryRun: options.dryRun === true,
          publisher: {
            publisher: { name: options.publisherName ?? centre.subject, creditCode: centre.scope.creditCode },
            publisherRole: options.role,
            regionCode: options.region ?? centre.scope.regions[0]!,
            sourceSystem: options.sourceSystem,
          },
          publishRefusal: (event) => publishRefusal(centre, event),
          appender: engineAppender(engine),
          progress: importProgress(),
          report,
          batchSize: options.batch,
          workers: options.workers,
        });
        await report.close();
        printJson({
          ...summary,
          report: report.size > 0 ? options.report : undefined,
          rejectedSample: report.sample,
        });
        if (report.size > 0) {
          throw new CliError(`${report.size} row(s) rejected: see ${options.report}`, CHECK_FAILED_EXIT_CODE);
        }
      } finally {
        await report.close().catch(() => undefined);
        await store.close();
      }
    });
}
