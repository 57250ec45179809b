import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { Command } from 'commander';
import { officialYearInputSchema } from '@gongkai/domain';
import { cliConfig, requireEventStoreFile, type GlobalOptions } from '../cli-config';
import { CliError } from '../cli-error';
import { printJson } from '../output';
import { CalendarRegistry, loadCalendarYear, openEventStore } from '../service';

function readArrangement(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

function loadCommand(): Command {
  return new Command('load')
    .description(
      "Load a year's official holiday arrangement (the State Council notice) into the calendar stream. " +
        'A running service applies it at once; findings computed on the provisional year are re-evaluated.',
    )
    .argument('<year>', 'the year, e.g. 2027')
    .argument(
      '<file>',
      'JSON: { "source": "<notice number>", "holidays": [YYYY-MM-DD...], "workdays": [...] }',
    )
    .option('--json', 'print the whole outcome as JSON (the same as PUT /v1/calendar/years/{year})')
    .addHelpText(
      'after',
      '\nholidays: rest days beyond the weekends; workdays: Saturdays/Sundays declared working days (调休上班);\n' +
        'explanations (optional): { "YYYY-MM-DD": "why this statutory day is not a rest day" }.\n\n' +
        'Example:\n  $ gongkai calendar load 2027 ./2027-arrangement.json\n',
    )
    .action(async (yearArgument: string, file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      if (!/^\d{4}$/.test(yearArgument))
        throw new CliError(`The year must be four digits, got ${yearArgument}`);
      const parsed = officialYearInputSchema.safeParse(readArrangement(file));
      if (!parsed.success) {
        const lines = parsed.error.issues.map(
          (issue) => `  ${issue.path.join('/') || '(file)'}: ${issue.message}`,
        );
        throw new CliError(`${file} is not an arrangement:\n${lines.join('\n')}`);
      }
      const config = cliConfig(options);
      requireEventStoreFile(config);
      const store = await openEventStore(config);
      try {
        const outcome = await loadCalendarYear(store, {
          year: Number(yearArgument),
          input: parsed.data,
          loadedBy: { subject: `cli:${os.userInfo().username}`, via: 'cli' },
        });
        if (!outcome.ok) {
          const lines = outcome.problems.map((p) => `  ${p.field}: ${p.message}`);
          throw new CliError(
            `The arrangement does not fit ${yearArgument}; nothing was loaded:\n${lines.join('\n')}`,
          );
        }
        if (options.json) {
          printJson(outcome);
          return;
        }
        const { load, reevaluation } = outcome;
        const lines = [
          `Loaded ${load.year} from ${load.source} (replaces the ${load.replaced} year), event ${load.eventId}`,
        ];
        if (reevaluation) {
          const c = reevaluation.changes;
          lines.push(
            `Re-evaluated ${reevaluation.reevaluated} disclosure(s) computed on provisional ${load.year}: ` +
              `${c.confirmed} confirmed, ${c.changed} changed, ${c.withdrawn} withdrawn, ${c.raised} raised`,
          );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}

function yearsCommand(): Command {
  return new Command('years')
    .description(
      'List each year the calendar answers for: official (bundled or loaded) or provisional, with its source.',
    )
    .action(async (_options: unknown, command: Command) => {
      const config = cliConfig(command.optsWithGlobals<GlobalOptions>());
      requireEventStoreFile(config);
      const store = await openEventStore(config);
      try {
        const registry = await CalendarRegistry.open(store, { follow: false });
        printJson({ items: registry.years() });
      } finally {
        await store.close();
      }
    });
}

export function calendarCommand(): Command {
  return new Command('calendar')
    .description("The statutory working-day calendar: load a year's official arrangement, list the years")
    .addCommand(loadCommand())
    .addCommand(yearsCommand());
}
