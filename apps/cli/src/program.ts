import { Command } from 'commander';
import { calendarCommand } from './commands/calendar.command';
import { deadLettersCommand } from './commands/dead-letters.command';
import { deadlineCommand } from './commands/deadline.command';
import { demoCommand } from './commands/demo.command';
import { importCommand } from './commands/import.command';
import { replayCommand } from './commands/replay.command';
import { tokensCommand } from './commands/tokens.command';
import { verifyCommand } from './commands/verify.command';
import { logCommand } from './commands/log.command';
import { ocdsCommand } from './commands/ocds.command';

/** The `gongkai` command line: every command, with `--help` on each. */
export function buildProgram(): Command {
  const program = new Command('gongkai')
    .description(
      'gongkai (公开): the tamper-evident disclosure trail of public resource transactions. Commands work on the ' +
        'files of the service under the data directory; configuration comes from the same environment variables.',
    )
    .option('--data-dir <dir>', 'the service data directory (default: GONGKAI_DATA_DIR, else ./data)')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true });
  for (const command of [
    tokensCommand(),
    replayCommand(),
    verifyCommand(),
    logCommand(),
    deadlineCommand(),
    calendarCommand(),
    deadLettersCommand(),
    demoCommand(),
    importCommand(),
    ocdsCommand(),
  ]) {
    program.addCommand(command);
  }
  // addCommand does not pass settings down (only .command() does): every level shows --data-dir in its help.
  forEachCommand(program, (command) => command.configureHelp({ showGlobalOptions: true }));
  return program;
}

export function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const sub of command.commands) forEachCommand(sub, visit);
}
