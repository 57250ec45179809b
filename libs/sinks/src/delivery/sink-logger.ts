/** The logging the sinks need; a pino logger fits as is. */
export interface SinkLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

export const silentSinkLogger: SinkLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
