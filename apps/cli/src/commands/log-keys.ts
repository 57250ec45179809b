import { existsSync, readFileSync } from 'node:fs';
import { parseVerifierKey } from '@gongkai/event-store';
import { CliError } from '../cli-error';

/** `--key` is the key itself or a file holding it. */
export function readVerifierKey(value: string): string {
  const text = existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
  try {
    parseVerifierKey(text);
  } catch (error) {
    throw new CliError(`Not a note verifier key (<name>+<id>+<base64>): ${(error as Error).message}`);
  }
  return text;
}
