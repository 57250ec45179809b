import { existsSync } from 'node:fs';
import { Command } from 'commander';
import {
  CalendarNotCovered,
  computeDeadline,
  type DeadlineAnswer,
  type StatutoryCalendar,
} from '@gongkai/domain';
import { calendarDate, positiveInteger } from '../arguments';
import { cliConfig, type GlobalOptions } from '../cli-config';
import { CliError } from '../cli-error';
import { printJson } from '../output';
import { CalendarRegistry, eventStorePath, openEventStore } from '../service';

/** The calendar with the years loaded into the service's store, when there is one (else the bundled data). */
async function calendarInForce(options: GlobalOptions): Promise<StatutoryCalendar | undefined> {
  const config = cliConfig(options);
  if (config.store.kind !== 'sqlite' || !existsSync(eventStorePath(config.dataDir))) return undefined;
  const store = await openEventStore(config);
  try {
    return (await CalendarRegistry.open(store, { follow: false })).current;
  } finally {
    await store.close();
  }
}

interface DeadlineOptions {
  from: string;
  workingDays?: number;
  days?: number;
  json?: boolean;
}

function describe(answer: DeadlineAnswer): string {
  const plural = answer.n === 1 ? '' : 's';
  const unit = answer.unit === 'workingDays' ? `working day${plural} (工作日)` : `calendar day${plural} (日)`;
  const lines = [`Due: ${answer.due}`, `  ${answer.n} ${unit} from ${answer.from}`];
  if (answer.extended)
    lines.push(
      `  the nominal last day ${answer.nominalDue} is a rest day, so the period runs to the next working day`,
    );
  lines.push(`  rule: ${answer.rule.zh}`, `        ${answer.rule.en}`, `  source: ${answer.source}`);
  if (answer.provisional && answer.provisionalBasis) {
    lines.push(
      `  PROVISIONAL: ${answer.provisionalYears?.join(', ')} has no official holiday arrangement yet`,
      `        ${answer.provisionalBasis.zh}`,
      `        ${answer.provisionalBasis.en}`,
      `        (${answer.provisionalBasis.source})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function deadlineCommand(): Command {
  return new Command('deadline')
    .description(
      'Print the statutory due date counted from a day, on the State Council working-day calendar ' +
        '(the starting day is not counted; make-up working days count, holidays do not).',
    )
    .requiredOption('--from <date>', 'the day the period runs from, YYYY-MM-DD', calendarDate)
    .option('--working-days <n>', 'a period of n working days (工作日)', positiveInteger(366))
    .option(
      '--days <n>',
      'a period of n calendar days (日); a last day on a rest day moves to the next working day',
      positiveInteger(366),
    )
    .option('--json', 'print the whole answer as JSON (the same as GET /v1/calendar/deadline)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ gongkai deadline --from 2026-02-12 --working-days 5\n  $ gongkai deadline --from 2026-09-28 --days 3\n',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DeadlineOptions & GlobalOptions>();
      if ((options.workingDays === undefined) === (options.days === undefined)) {
        throw new CliError('Give exactly one of --working-days <n> or --days <n>.');
      }
      const period =
        options.workingDays !== undefined
          ? { unit: 'workingDays' as const, n: options.workingDays }
          : { unit: 'calendarDays' as const, n: options.days! };
      let answer: DeadlineAnswer;
      try {
        answer = computeDeadline(options.from, period, await calendarInForce(options));
      } catch (error) {
        if (error instanceof CalendarNotCovered) throw new CliError(error.message);
        throw error;
      }
      if (options.json) printJson(answer);
      else process.stdout.write(describe(answer));
    });
}
