import { readFileSync } from 'node:fs';
import { InvalidSinkConfiguration, parseSinkTargets, type SinkTargetConfig } from '@gongkai/sinks';

/** The sink targets file cannot be read or does not hold valid targets. */
export class SinkTargetsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SinkTargetsFileError';
  }
}

/** Reads and validates the sink targets file (a JSON array, see docs/sinks.md), as the CLI does. */
export function loadSinkTargets(file: string): SinkTargetConfig[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SinkTargetsFileError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseSinkTargets(json);
  } catch (error) {
    if (error instanceof InvalidSinkConfiguration)
      throw new SinkTargetsFileError(`${file}: ${error.message}`);
    throw error;
  }
}
