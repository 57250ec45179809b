/**
 * A failure the user can act on: printed as one message on stderr (no stack trace), with its exit code.
 * Exit codes: 1 for a check that failed (verify found damage, a dead letter still fails), 2 for bad input.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code of a usage error (bad argument or option), also used for commander's own parse errors. */
export const USAGE_EXIT_CODE = 2;
/** Exit code when the command ran but what it checked is not right. */
export const CHECK_FAILED_EXIT_CODE = 1;
