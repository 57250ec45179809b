import type { z } from 'zod';
import { validationProblem, type FieldError } from './problem';

/** Zod issues as the `errors` list of a validation problem, each naming the failing field. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix: string): FieldError[] {
  return issues.map((issue) => ({
    field: `/${[prefix, ...issue.path.map(String)].join('/')}`,
    message: issue.message,
  }));
}

/**
 * Parses one part of a request (`body`, `query`, ...) with a zod schema; a failure is a 400 problem that
 * lists every failing field, so nothing further runs and nothing is stored.
 */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, part: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw validationProblem(
      `The ${part} does not match the schema`,
      fieldErrors(parsed.error.issues, `${part}`),
    );
  }
  return parsed.data;
}
