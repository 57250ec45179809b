import type { JsonSchema } from '../schema/release-schema';

/**
 * The OCDS merge rules a release schema declares (https://standard.open-contracting.org/1.1/en/schema/merging/),
 * keyed by JSON path without array indexes (`tender.items.unit`):
 * - `omit`: `omitWhenMerged` fields, left out of compiled and versioned releases (`id`, `date`, `tag`);
 * - `whole`: arrays merged as a whole value: `wholeListMerge`, arrays of non-objects, arrays of objects without
 *   an `id` property.
 * Every other array of objects is merged by its items' `id` (identifier merge). Read from the schema itself, so
 * an extension's `wholeListMerge` or `omitWhenMerged` counts too.
 */
export type MergeRule = 'omit' | 'whole';
export type MergeRules = ReadonlyMap<string, MergeRule>;

export function mergeRulesOf(schema: JsonSchema): MergeRules {
  const rules = new Map<string, MergeRule>();
  const resolve = (node: JsonSchema): JsonSchema => {
    let current = node;
    // Only local references (`#/definitions/X`) occur in the release schema.
    while (current.$ref !== undefined) {
      const name = current.$ref.replace(/^#\/definitions\//, '');
      const target = schema.definitions?.[name];
      if (!target || name === current.$ref) throw new Error(`unresolvable $ref ${current.$ref}`);
      current = { ...target, ...withoutRef(current) };
    }
    return current;
  };
  const walk = (properties: Record<string, JsonSchema>, path: string[]): void => {
    for (const [key, raw] of Object.entries(properties)) {
      const value = resolve(raw);
      const here = [...path, key];
      const dotted = here.join('.');
      const types = typesOf(value);
      if (value.omitWhenMerged) {
        rules.set(dotted, 'omit');
      } else if (types.includes('array') && value.wholeListMerge) {
        rules.set(dotted, 'whole');
      } else if (types.includes('object') && value.properties) {
        walk(value.properties, here);
      } else if (types.includes('array') && value.items) {
        const items = resolve(value.items);
        const itemTypes = typesOf(items);
        if (itemTypes.some((t) => t !== 'object')) rules.set(dotted, 'whole');
        else if (items.properties) {
          if (!('id' in items.properties)) rules.set(dotted, 'whole');
          else walk(items.properties, here);
        }
      }
    }
  };
  walk(resolve(schema).properties ?? {}, []);
  return rules;
}

function withoutRef(node: JsonSchema): JsonSchema {
  const { $ref: _ref, ...rest } = node;
  return rest;
}

function typesOf(node: JsonSchema): string[] {
  if (node.type === undefined) return [];
  return typeof node.type === 'string' ? [node.type] : node.type;
}
