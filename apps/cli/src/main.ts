import { CommanderError } from 'commander';
import { buildProgram, forEachCommand } from './program';
import { CliError, USAGE_EXIT_CODE } from './cli-error';

/**
 * Entry point of `gongkai`. Commander writes usage errors itself; a CliError is printed as one line on
 * stderr; anything else is a bug and keeps its stack trace.
 */
async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  // Commander's parse errors come back as exceptions, so every exit goes through one place (and code).
  forEachCommand(program, (command) => command.exitOverride());
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a usage error has already been printed by commander.
      return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    }
    if (error instanceof CliError) {
      process.stderr.write(`gongkai: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `gongkai: unexpected failure\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
