import type { JsonSchema } from './json-schema';

/** Building blocks shared by the path objects of the OpenAPI document. */

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const json = (description: string, schema: JsonSchema = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearer: [] }];
export const optionalBearer = [{}, { bearer: [] }];

/** The properties of a query schema (from zod) as OpenAPI query parameters. */
export function queryParameters(schema: JsonSchema): JsonSchema[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

export function pathParameter(name: string, schema: JsonSchema, description?: string): JsonSchema {
  return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
}
