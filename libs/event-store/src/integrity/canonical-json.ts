import canonicalizeJcs from 'canonicalize';

/**
 * RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units, no whitespace, numbers in
 * ECMAScript shortest form, strings escaped as JSON.stringify does. `undefined` members are dropped, as
 * JSON does. Non-finite numbers and lone surrogates cannot be canonicalised and are rejected.
 */
export function canonicalJson(value: unknown): string {
  assertCanonicalisable(value, '$');
  const text = canonicalizeJcs(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertCanonicalisable(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`${path}: non-finite number cannot be canonicalised`);
  }
  if (typeof value === 'bigint') throw new TypeError(`${path}: bigint is not JSON; use a decimal string`);
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    throw new TypeError(`${path}: string contains a lone surrogate (not valid Unicode)`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertCanonicalisable(item, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) throw new TypeError(`${path}: key contains a lone surrogate`);
      assertCanonicalisable(item, `${path}.${key}`);
    }
  }
}
