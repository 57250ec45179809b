/**
 * RFC 7396 JSON Merge Patch: how an OCDS extension's `release-schema.json` is applied to the release schema
 * (OCDS extension rules). A `null` in the patch removes the member; objects merge recursively; anything else
 * (arrays included) replaces.
 */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = jsonMergePatch(result[key], value);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
