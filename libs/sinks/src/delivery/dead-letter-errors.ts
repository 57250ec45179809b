/** Base of the errors the dead-letter operations raise on purpose; `code` is stable for CLI/HTTP mapping. */
export abstract class DeadLetterError extends Error {
  abstract readonly code: string;
}

export class DeadLetterNotFound extends DeadLetterError {
  readonly code = 'DEAD_LETTER_NOT_FOUND';
  constructor(readonly id: number) {
    super(`Dead letter ${id} does not exist`);
    this.name = 'DeadLetterNotFound';
  }
}

/** The dead letter was already delivered or discarded. */
export class DeadLetterNotOpen extends DeadLetterError {
  readonly code = 'DEAD_LETTER_NOT_OPEN';
  constructor(
    readonly id: number,
    readonly status: string,
  ) {
    super(`Dead letter ${id} is ${status}, not open`);
    this.name = 'DeadLetterNotOpen';
  }
}

/** The dead letter names a target that is not configured (renamed or removed). */
export class UnknownSinkTarget extends DeadLetterError {
  readonly code = 'UNKNOWN_SINK_TARGET';
  constructor(readonly target: string) {
    super(`Sink target "${target}" is not configured`);
    this.name = 'UnknownSinkTarget';
  }
}
